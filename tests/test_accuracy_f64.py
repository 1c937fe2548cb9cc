"""float64 accuracy, forward and gradient, against the high-precision
reference (long double, or mpmath for gelu), at every SIMD level.

Tolerance (the spec): 4 + 2*cond(x) ULP with cond = |x f'(x)/f(x)| for the
forward and |x f''(x)/f'(x)| for the gradient: a float64 input carries a
relative uncertainty of half an ULP, which the function amplifies by cond, so
no implementation working in float64 can promise less.  Checked only where
the exact result is a normal float64 number (or exactly 0)."""

import functools
import zlib

import numpy as np
import pytest

from cases import ALL_OPS, DEFAULT_OPS
from fastact import reference as R
from ulp_check import check_ulp

N_LD = 1 << 18          # long-double references: ~0.1 s per 2**18 values
N_MP = 12_000           # mpmath reference (gelu): ~25 us per value


def _sample(n, seed):
    rng = np.random.default_rng(seed)
    k = n // 8
    sign = rng.choice([-1.0, 1.0], size=3 * k)
    parts = [
        rng.standard_normal(k),
        rng.standard_normal(k) * 6,
        rng.standard_normal(k) * 40,
        sign[:k] * 10.0 ** rng.uniform(-30, 3, k),            # log-uniform
        sign[k:2 * k] * 10.0 ** rng.uniform(-300, 300, k),     # whole range
        sign[2 * k:] * rng.uniform(0, 800, k),                 # far tails
        rng.uniform(-2, 0, k),                                 # roots of f'
        rng.uniform(15, 25, n - 7 * k),                        # softplus threshold
    ]
    x = np.concatenate(parts)
    zs = [R.grad_zero("gelu"), R.grad_zero("gelu", "tanh"), R.grad_zero("silu")]
    near = np.concatenate([z + np.arange(-50, 51) * 2.0**-52 for z in zs])
    return np.concatenate([x, near, [0.0, -0.0, 1e-300, -1e-300, 5e-324, -5e-324]])


@functools.lru_cache(maxsize=None)
def _cases(label):
    op = next(o for o in ALL_OPS if o.label == label)
    x = _sample(N_MP if op.uses_mpmath_hp else N_LD, seed=zlib.crc32(label.encode()))
    g = np.random.default_rng(99).uniform(-1, 1, x.size)
    with np.errstate(all="ignore"):
        ref_f = op.hp(x)
        ref_g = op.hp_grad(g, x)
        tol_f = 4 + 2 * op.cond(x)
        tol_g = 4 + 2 * op.grad_cond(x)
    tiny = np.finfo(np.float64).tiny
    ok_f = (np.abs(ref_f) >= tiny) | (ref_f == 0)
    ok_g = (np.abs(ref_g) >= tiny) | (ref_g == 0)
    return op, x, g, ref_f, ref_g, ok_f, ok_g, tol_f, tol_g


@pytest.mark.parametrize("label", [op.label for op in ALL_OPS])
def test_forward_f64(label, simd_level):
    op, x, g, ref_f, _, ok_f, _, tol_f, _ = _cases(label)
    y = op.f(x)
    check_ulp(y[ok_f], ref_f[ok_f], np.float64, tol_f[ok_f],
              what=f"{op}(x) float64 (tol 4 + 2 cond)", inputs=[("x", x[ok_f])])


@pytest.mark.parametrize("label", [op.label for op in ALL_OPS])
def test_grad_f64(label, simd_level):
    op, x, g, _, ref_g, _, ok_g, _, tol_g = _cases(label)
    d = op.grad(g, x)
    check_ulp(d[ok_g], ref_g[ok_g], np.float64, tol_g[ok_g],
              what=f"{op}_grad(g, x) float64 (tol 4 + 2 cond)",
              inputs=[("g", g[ok_g]), ("x", x[ok_g])])


@pytest.mark.parametrize("op", DEFAULT_OPS, ids=str)
def test_f64_special_values(op, simd_level):
    """Infinities, signed zeros, subnormals and huge values in float64."""
    from cases import f64_specials
    x = f64_specials()
    g = np.ones_like(x)
    with np.errstate(all="ignore"):
        ref_f, ref_g = op.hp(x), op.hp_grad(g, x)
        tol_f = 4 + 2 * np.nan_to_num(op.cond(x), nan=0.0)
        tol_g = 4 + 2 * np.nan_to_num(op.grad_cond(x), nan=0.0)
    check_ulp(op.f(x), ref_f, np.float64, tol_f, what=f"{op}(x) specials",
              inputs=[("x", x)])
    check_ulp(op.grad(g, x), ref_g, np.float64, tol_g,
              what=f"{op}_grad(1, x) specials", inputs=[("x", x)])
