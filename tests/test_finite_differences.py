"""Each gradient is the derivative of its forward: 4th-order central finite
differences of fastact's own float64 forward against fastact's _grad.

D(x) = (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / (12 h),  h = 2**-10 * max(1, |x|).
Truncation error <= h**4/30 * max|f^(5)| <~ 2e-10 for these smooth functions
on |x| <= 8 (h <= 2**-7); rounding error ~ 18 * eps * max|f| / (12 h)
~ 2e-13 * max(1, |f|) (measured: <= 2e-10 relative, up to 2e-7 only where
|f'| < 1e-6 and the absolute floor applies).  Tolerance: 1e-7 relative plus
1e-10 absolute -- well above both, and far below any wrong formula (a wrong
constant or branch changes f' by O(1e-3) or more).  Points stay 0.05 away
from kinks (relu family at 0), the softplus threshold and the zeros of f'.
"""

import numpy as np
import pytest

import fastact
from cases import ALL_OPS
from fastact import reference as R

RTOL = 1e-7
ATOL = 1e-10


def _fd(f, x, h):
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


def _points(op):
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-8, 8, 2000), rng.uniform(-1, 1, 500)])
    h = 2.0**-10 * np.maximum(1.0, np.abs(x))
    lo, hi = op.domain
    keep = (x > lo + 0.05 + 2 * h) & (x < hi - 0.05 - 2 * h)
    for k in op.kinks + [0.0]:
        keep &= np.abs(x - k) > 0.05 + 2 * h
    if op.name == "softplus":
        beta, thr = op.params.get("beta", 1.0), op.params.get("threshold", 20.0)
        keep &= np.abs(beta * x - thr) > beta * (0.05 + 2 * h)
    for name, approx in [("gelu", "none"), ("gelu", "tanh"), ("silu", "none"),
                         ("mish", "none")]:
        keep &= np.abs(x - R.grad_zero(name, approx)) > 0.05
    if op.name == "silu":   # swish: silu' at beta x
        keep &= np.abs(op.params.get("beta", 1.0) * x - R.grad_zero("silu")) > 0.05
    return x[keep], h[keep]


@pytest.mark.parametrize("op", ALL_OPS, ids=str)
def test_elementwise_grad_matches_finite_differences(op, simd_level):
    x, h = _points(op)
    fd = _fd(op.f, x, h)
    grad = op.grad(np.ones_like(x), x)
    err = np.abs(grad - fd)
    bad = err > RTOL * np.abs(grad) + ATOL
    assert not bad.any(), (f"{op}: grad vs finite differences at x={x[bad][:5]}: "
                           f"grad={grad[bad][:5]} fd={fd[bad][:5]}")


def _directional_fd(name, x, d, g, axis, h):
    f = getattr(fastact, name)

    def phi(t):
        return np.sum(g * f(x + t * d, axis=axis))
    return (phi(-2 * h) - 8 * phi(-h) + 8 * phi(h) - phi(2 * h)) / (12 * h)


@pytest.mark.parametrize("axis", [-1, 0, (0, 2), None], ids=str)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_vjp_full_jacobian(name, axis, simd_level):
    """The full VJP: for every coordinate e_k, (g . f(x + t e_k))'(0) by finite
    differences equals softmax_grad(g, x)[k] (small arrays: all 60 of them)."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4, 5)) * 2
    g = rng.standard_normal(x.shape)
    vjp = getattr(fastact, name + "_grad")(g, x, axis=axis)
    h = 2.0**-10
    fd = np.empty_like(x)
    for k in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[k] = 1.0
        fd[k] = _directional_fd(name, x, e, g, axis, h)
    scale = np.abs(g).sum()
    np.testing.assert_allclose(vjp, fd, rtol=1e-7, atol=1e-9 * scale)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_vjp_random_directions(name, simd_level):
    """<softmax_grad(g, x), d> == d/dt <g, f(x + t d)> for random d, on rows of
    1..300 elements."""
    rng = np.random.default_rng(2)
    for n in [1, 2, 7, 64, 300]:
        x = rng.standard_normal((3, n)) * 3
        g = rng.standard_normal(x.shape)
        for _ in range(3):
            d = rng.standard_normal(x.shape)
            lhs = np.sum(getattr(fastact, name + "_grad")(g, x) * d)
            rhs = _directional_fd(name, x, d, g, -1, 2.0**-10)
            assert abs(lhs - rhs) <= 1e-7 * (abs(lhs) + 1e-3 * np.abs(g).sum())
