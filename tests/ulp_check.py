"""ULP assertions with informative failure messages (not a test module)."""

import contextlib

import numpy as np
import pytest

import fastact
from fastact import reference as R


@contextlib.contextmanager
def simd(level):
    """Run kernels at a SIMD level, restoring the previous one afterwards."""
    prev = fastact._core.set_simd(level)
    try:
        yield level
    finally:
        fastact._core.set_simd(prev)


def _fmt(v):
    v = np.asarray(v)
    if v.dtype == np.longdouble:
        return np.format_float_scientific(v, precision=20)
    return repr(v.item()) if v.ndim == 0 else repr(v)


def ulp_errors(actual, ref, dtype):
    """ulp_error, computed only where actual differs from ref rounded to
    dtype (elsewhere the error is <= 0.5 ULP and reported as 0.5 or 0)."""
    dtype = np.dtype(dtype)
    actual = np.asarray(actual)
    ref = np.asarray(ref)
    with np.errstate(all="ignore"):
        rounded = ref.astype(dtype)
    same = (actual == rounded) | (np.isnan(actual) & np.isnan(rounded))
    err = np.zeros(np.broadcast(actual, ref).shape, dtype=np.float64)
    diff = ~np.broadcast_to(same, err.shape)
    if diff.any():
        a = np.broadcast_to(actual, err.shape)[diff]
        r = np.broadcast_to(ref, err.shape)[diff]
        err[diff] = R.ulp_error(a, r, dtype)
    return err


def check_ulp(actual, ref, dtype, tol, *, what, inputs=(), show=8):
    """Assert ulp_error(actual, ref) <= tol everywhere (tol: scalar or array).

    inputs: (name, array) pairs printed for the worst offenders.  Returns the
    maximum error seen (in ULPs)."""
    actual = np.asarray(actual)
    err = ulp_errors(actual, ref, dtype)
    with np.errstate(over="ignore"):
        tol = np.broadcast_to(np.asarray(tol).astype(np.float64), err.shape)
    bad = ~(err <= tol)
    if bad.any():
        flat_bad = np.flatnonzero(bad.reshape(-1))
        worst = flat_bad[np.argsort(-(err.reshape(-1)[flat_bad]))][:show]
        lines = [f"{what}: {flat_bad.size} of {err.size} elements exceed the tolerance "
                 f"(max {err.reshape(-1)[flat_bad].max():.4g} ULP of {np.dtype(dtype)}); "
                 f"simd={fastact._core.get_simd()}; worst:"]
        ab = np.broadcast_to(actual, err.shape).reshape(-1)
        rb = np.broadcast_to(np.asarray(ref), err.shape).reshape(-1)
        tb = tol.reshape(-1)
        for i in worst:
            parts = []
            for name, arr in inputs:
                arr = np.broadcast_to(np.asarray(arr), err.shape).reshape(-1)
                parts.append(f"{name}={_fmt(arr[i])}")
            lines.append(f"  {' '.join(parts)}  got={_fmt(ab[i])}  expected={_fmt(rb[i])}"
                         f"  err={err.reshape(-1)[i]:.4g} ULP (tol {tb[i]:.4g})")
        pytest.fail("\n".join(lines), pytrace=False)
    return float(err.max()) if err.size else 0.0


def check_f32_at_all_levels(op, x, *, levels, g=None, forward=True, grad=True,
                            fwd_tol=2.0, grad_tol=4.0, what=""):
    """Check op's float32 forward (<= fwd_tol ULP) and gradient g*f'(x)
    (<= grad_tol ULP; g defaults to 1) on x at every level in levels; the
    float64 references are computed once."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    if forward:
        ref = op.ref(x)
        for level in levels:
            with simd(level):
                check_ulp(op.f(x), ref, np.float32, fwd_tol,
                          what=f"{op}(x) float32 {what}", inputs=[("x", x)])
    if grad:
        gg = np.ones_like(x) if g is None else np.asarray(g, dtype=np.float32)
        ref = op.ref_grad(gg, x)
        for level in levels:
            with simd(level):
                check_ulp(op.grad(gg, x), ref, np.float32, grad_tol,
                          what=f"{op}_grad(g, x) float32 {what}",
                          inputs=[("g", gg), ("x", x)])
