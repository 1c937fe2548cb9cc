"""softmax / log_softmax accuracy, rows and axes, forward and VJP, at every
SIMD level.

Forward tolerances (the spec): float32 <= 2 ULP per element (reference in
float64, error < 1e-12 relative); float64 <= 4 + 2*cond ULP with the
componentwise condition number (reference.softmax_cond / log_softmax_cond),
against a long-double reference.  VJP tolerances: see softmax_rows.py."""

import numpy as np
import pytest

import fastact
from fastact import reference as R
from softmax_rows import log_softmax_vjp_tol, make_rows, softmax_vjp_tol
from ulp_check import check_ulp

FUNCS = ["softmax", "log_softmax"]


def _ref(name, x, axis=-1, hp=False):
    return getattr(R, name + ("_hp" if hp else ""))(x, axis=axis)


def _cond(name, x, axis=-1):
    c = getattr(R, name + "_cond")(x, axis=axis)
    return np.minimum(np.nan_to_num(c, nan=0.0, posinf=1e300), 1e300)


@pytest.mark.parametrize("name", FUNCS)
def test_rows_f32(name, simd_level):
    for i, x in enumerate(make_rows(np.float32, seed=1)):
        check_ulp(getattr(fastact, name)(x), _ref(name, x), np.float32, 2.0,
                  what=f"{name} float32 row {i} (n={x.size})", inputs=[("x", x)])


@pytest.mark.parametrize("name", FUNCS)
def test_rows_f64(name, simd_level):
    for i, x in enumerate(make_rows(np.float64, seed=2)):
        tol = 4 + 2 * _cond(name, x)
        check_ulp(getattr(fastact, name)(x), _ref(name, x, hp=True), np.float64, tol,
                  what=f"{name} float64 row {i} (n={x.size})", inputs=[("x", x)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", FUNCS)
def test_batched_rows_padded_with_neg_inf(name, dtype, simd_level):
    """Rows of different lengths padded with -inf: one 2-D call equals the
    reference row by row (softmax 0, log_softmax -inf at the padding)."""
    rows = make_rows(dtype, seed=3, n_rows=24, max_len=700)
    width = max(r.size for r in rows)
    x = np.full((len(rows), width), -np.inf, dtype=dtype)
    for i, r in enumerate(rows):
        x[i, :r.size] = r
    y = getattr(fastact, name)(x)
    if dtype == np.float32:
        check_ulp(y, _ref(name, x), dtype, 2.0, what=f"{name} padded rows", inputs=[("x", x)])
    else:
        check_ulp(y, _ref(name, x, hp=True), dtype, 4 + 2 * _cond(name, x),
                  what=f"{name} padded rows", inputs=[("x", x)])
    pad = np.isneginf(x)
    assert np.all(y[pad] == (0.0 if name == "softmax" else -np.inf))


AXES = [0, 1, -1, 2, (0, 2), (1, 2), (2, 0), (0, 1, 2), None]


@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", FUNCS)
def test_axes(name, dtype, axis, simd_level):
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((5, 6, 7)) * 4).astype(dtype)
    x[1, 2, 3] = -np.inf
    y = getattr(fastact, name)(x, axis=axis)
    assert y.shape == x.shape and y.dtype == x.dtype
    if dtype == np.float32:
        check_ulp(y, _ref(name, x, axis), dtype, 2.0, what=f"{name} axis={axis}")
    else:
        check_ulp(y, _ref(name, x, axis, hp=True), dtype, 4 + 2 * _cond(name, x, axis),
                  what=f"{name} axis={axis}")


def test_softmax_sums_to_one(simd_level):
    """A property independent of the reference: each float64 row sums to 1
    within n * 2**-52 (n rounding errors of at most 1 ULP each)."""
    for x in make_rows(np.float64, seed=5):
        s = fastact.softmax(x).sum()
        assert abs(s - 1.0) <= x.size * 2.0**-52 + 2**-50


# ---------------------------------------------------------------------------
# vector-Jacobian products
# ---------------------------------------------------------------------------
def _vjp_case(name, x, g, dtype, from_output):
    n = x.size
    if from_output:
        y = getattr(fastact, name)(x)
        got = getattr(fastact, name + "_grad")(g, y, from_output=True)
        ref_fn = getattr(R, name + "_grad_from_output" + ("_hp" if dtype == np.float64 else ""))
        ref = ref_fn(g, y)
        p = np.exp(y.astype(np.float64)) if name == "log_softmax" else y
        cmax = 0.0
    else:
        got = getattr(fastact, name + "_grad")(g, x)
        ref_fn = getattr(R, name + "_grad" + ("_hp" if dtype == np.float64 else ""))
        ref = ref_fn(g, x)
        p = R.softmax(x)
        cmax = float(np.max(_cond("softmax", x))) if dtype == np.float64 else 0.0
    if name == "softmax":
        tol = softmax_vjp_tol(g, p, ref, dtype, n, cmax)
    else:
        tol = log_softmax_vjp_tol(g, p, ref, dtype, n, cmax)
    return got, ref, tol


@pytest.mark.parametrize("from_output", [False, True], ids=["from_x", "from_y"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", FUNCS)
def test_vjp_rows(name, dtype, from_output, simd_level):
    rng = np.random.default_rng(6)
    for i, x in enumerate(make_rows(dtype, seed=7, n_rows=30)):
        g = rng.standard_normal(x.size).astype(dtype)
        got, ref, tol = _vjp_case(name, x, g, dtype, from_output)
        check_ulp(got, ref, dtype, tol, what=f"{name}_grad {dtype.__name__} row {i} "
                  f"(n={x.size}, from_output={from_output})", inputs=[("x", x), ("g", g)])


@pytest.mark.parametrize("axis", [0, (0, 2), None], ids=str)
@pytest.mark.parametrize("name", FUNCS)
def test_vjp_axes(name, axis, simd_level):
    rng = np.random.default_rng(8)
    x = rng.standard_normal((4, 5, 6)) * 3
    g = rng.standard_normal(x.shape)
    got = getattr(fastact, name + "_grad")(g, x, axis=axis)
    ref = getattr(R, name + "_grad_hp")(g, x, axis=axis)
    # moderate values, rows of <= 120 elements: the generic bound with K=64
    y = R.softmax(x, axis=axis)
    ax = tuple(range(3)) if axis is None else np.atleast_1d(axis)
    ax = tuple(int(a) % 3 for a in ax)
    u = 2.0**-53
    if name == "softmax":
        tot = np.sum(np.abs(g * y), axis=ax, keepdims=True)
        bound = 64 * u * np.abs(y) * (np.abs(g) + tot)
    else:
        tot = np.sum(np.abs(g), axis=ax, keepdims=True)
        bound = u * np.abs(g) + 64 * u * y * tot
    check_ulp(got, ref, np.float64, 4 + bound / R.ulp(ref, np.float64).astype(np.float64),
              what=f"{name}_grad axis={axis}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,axis", [((64, 1024), -1), ((33, 7), 1), ((5, 4096), -1),
                                        ((5, 4097), -1), ((8, 16, 3), 0), ((4, 100), 0)])
def test_vjp_from_x_is_softmax_then_from_output(dtype, shape, axis, simd_level):
    """The from-x VJPs run fused (softmax row on the stack, rows up to 4096)
    or in two steps beyond: either way bitwise the from-output kernel fed
    with softmax(x), also in place on grad or on x."""
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(shape) * 20).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    x.flat[0] = -np.inf
    x.flat[-1] = x.flat[-2] - 85  # a row reaching 80 below its max: the scaled tail
    p = fastact.softmax(x, axis=axis)
    for name in ("softmax_grad", "log_softmax_grad"):
        f = getattr(fastact, name)
        # (log_softmax's from-x VJP uses the probabilities, not exp(log_softmax))
        ref = f(g, p, axis=axis, from_output=True) if name == "softmax_grad" else None
        gg, xx = g.copy(), x.copy()
        got = [f(g, x, axis=axis), f(gg, x, axis=axis, out=gg), f(g, xx, axis=axis, out=xx)]
        two_step = fastact._core.rows_bwd(
            name, fastact._softmax._SOFTMAX_BWD if name == "softmax_grad"
            else fastact._softmax._LOG_SOFTMAX_BWD_P, g, p, axis, None)
        for r in got:
            np.testing.assert_array_equal(r, two_step)
        if ref is not None:
            np.testing.assert_array_equal(two_step, ref)
