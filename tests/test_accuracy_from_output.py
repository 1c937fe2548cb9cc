"""Gradients with from_output=True: the second argument is the forward's
output y.  The reference is the derivative written in terms of y, evaluated
exactly (float64 for float32, long double for float64) on the very y that
fastact produced, so the only error allowed is the kernel's own: <= 4 ULP.

Formulas: relu/leaky_relu: [y > 0] or slope; elu: y > 0 ? 1 : y + alpha;
selu: y > 0 ? scale : y + scale*alpha; sigmoid: y(1 - y); tanh: (1-y)(1+y)."""

import numpy as np
import pytest

from cases import FROM_OUTPUT_OPS, SIMD_LEVELS, f32_specials, f32_subnormals
from ulp_check import check_ulp, simd

TOL = 4.0


def _f32_inputs():
    bits = (np.arange(0, (1 << 32) // 397 + 1, dtype=np.uint64) * 397) & 0xFFFFFFFF
    rng = np.random.default_rng(5)
    return np.concatenate([bits.astype(np.uint32).view(np.float32),
                           (rng.standard_normal(1_000_000) * 6).astype(np.float32),
                           f32_specials(), f32_subnormals(1 << 14)])


@pytest.mark.slow
@pytest.mark.parametrize("op", FROM_OUTPUT_OPS, ids=str)
def test_from_output_f32(op):
    """10.8M float32 x over the whole range; g = 1 and g uniform in [-1, 1]."""
    x = _f32_inputs()
    g_rand = np.random.default_rng(6).uniform(-1, 1, x.size).astype(np.float32)
    for level in SIMD_LEVELS:
        with simd(level):
            y = op.f(x)
            for g in (np.ones_like(x), g_rand):
                ref = op.ref_grad_y(g, y)
                check_ulp(op.grad(g, y, from_output=True), ref, np.float32, TOL,
                          what=f"{op}_grad(g, y, from_output=True) float32",
                          inputs=[("x", x), ("y", y), ("g", g)])


@pytest.mark.parametrize("op", FROM_OUTPUT_OPS, ids=str)
def test_from_output_f64(op, simd_level):
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.standard_normal(200_000) * 5,
                        rng.standard_normal(50_000) * 300,
                        -np.abs(rng.standard_normal(50_000)) * 1e-5,
                        [0.0, -0.0, 1e-300, -1e-300, -800.0, 800.0]])
    g = rng.uniform(-1, 1, x.size)
    y = op.f(x)
    ref = op.hp_grad_y(g, y)
    check_ulp(op.grad(g, y, from_output=True), ref, np.float64, TOL,
              what=f"{op}_grad(g, y, from_output=True) float64",
              inputs=[("x", x), ("y", y), ("g", g)])


@pytest.mark.parametrize("op", FROM_OUTPUT_OPS, ids=str)
def test_from_output_agrees_with_from_x_where_y_is_exact(op, simd_level):
    """On inputs where y = f(x) is the exact forward value (x > 0 for the
    relu family, x = 0 for all), both gradient forms give the same value
    up to the kernels' own errors."""
    x = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 10.0], dtype=np.float64)
    if op.name in ("sigmoid", "tanh"):
        x = x[:1]
    g = np.linspace(-1, 1, x.size)
    from_x = op.grad(g, x)
    from_y = op.grad(g, op.f(x), from_output=True)
    check_ulp(from_y, op.hp_grad(g, x), np.float64, TOL,
              what=f"{op} from_output vs exact", inputs=[("x", x)])
    check_ulp(from_x, op.hp_grad(g, x), np.float64, TOL,
              what=f"{op} from x vs exact", inputs=[("x", x)])
