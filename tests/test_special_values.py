"""Infinities, NaN, kinks, saturation and floating-point hygiene."""

import warnings

import numpy as np
import pytest

import fastact
from cases import (ALL_NAMES, DEFAULT_OPS, FROM_OUTPUT_OPS, call, f32_range,
                   is_grad)
from fastact import reference as R

DTYPES = [np.float32, np.float64]
# scale*alpha correctly rounded to float64 (the product of the two rounded
# constants is 1 ULP off)
SA = -float(R.selu_mp(np.array([-1e4]))[0])      # selu(-1e4) = -scale*alpha
SLOPE = 0.01

# (function, params, x, expected forward)
FORWARD_LIMITS = [
    ("relu", {}, np.inf, np.inf), ("relu", {}, -np.inf, 0.0),
    ("leaky_relu", {}, np.inf, np.inf), ("leaky_relu", {}, -np.inf, -np.inf),
    ("elu", {}, np.inf, np.inf), ("elu", {}, -np.inf, -1.0),
    ("elu", {"alpha": 0.5}, -np.inf, -0.5), ("elu", {"alpha": 2.3}, -np.inf, -2.3),
    ("selu", {}, np.inf, np.inf), ("selu", {}, -np.inf, -SA),
    ("gelu", {}, np.inf, np.inf), ("gelu", {}, -np.inf, 0.0),
    ("gelu", {"approximate": "tanh"}, np.inf, np.inf),
    ("gelu", {"approximate": "tanh"}, -np.inf, 0.0),
    ("silu", {}, np.inf, np.inf), ("silu", {}, -np.inf, 0.0),
    ("sigmoid", {}, np.inf, 1.0), ("sigmoid", {}, -np.inf, 0.0),
    ("tanh", {}, np.inf, 1.0), ("tanh", {}, -np.inf, -1.0),
    ("softplus", {}, np.inf, np.inf), ("softplus", {}, -np.inf, 0.0),
    ("softplus", {"beta": 0.3}, np.inf, np.inf), ("softplus", {"beta": 0.3}, -np.inf, 0.0),
]
# (function, params, x, expected f'(x))
GRAD_LIMITS = [
    ("relu", {}, np.inf, 1.0), ("relu", {}, -np.inf, 0.0),
    ("leaky_relu", {}, np.inf, 1.0), ("leaky_relu", {}, -np.inf, SLOPE),
    ("elu", {}, np.inf, 1.0), ("elu", {}, -np.inf, 0.0),
    ("selu", {}, np.inf, R.SELU_SCALE), ("selu", {}, -np.inf, 0.0),
    ("gelu", {}, np.inf, 1.0), ("gelu", {}, -np.inf, 0.0),
    ("gelu", {"approximate": "tanh"}, np.inf, 1.0),
    ("gelu", {"approximate": "tanh"}, -np.inf, 0.0),
    ("silu", {}, np.inf, 1.0), ("silu", {}, -np.inf, 0.0),
    ("sigmoid", {}, np.inf, 0.0), ("sigmoid", {}, -np.inf, 0.0),
    ("tanh", {}, np.inf, 0.0), ("tanh", {}, -np.inf, 0.0),
    ("softplus", {}, np.inf, 1.0), ("softplus", {}, -np.inf, 0.0),
]
# the kinks follow PyTorch: x > 0 takes the positive branch
KINKS = [
    ("relu", {}, 0.0), ("leaky_relu", {}, SLOPE), ("leaky_relu", {"negative_slope": 0.2}, 0.2),
    ("elu", {}, 1.0), ("elu", {"alpha": 0.5}, 0.5), ("elu", {"alpha": 2.3}, 2.3),
    ("selu", {}, SA),
]


def _ids(cases):
    return [f"{c[0]}{c[1] or ''}({c[2]})" for c in cases]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,params,x,expected", FORWARD_LIMITS, ids=_ids(FORWARD_LIMITS))
def test_forward_limits_at_infinity(name, params, x, expected, dtype, simd_level):
    got = getattr(fastact, name)(np.array([x, x], dtype=dtype), **params)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.array([expected] * 2, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,params,x,expected", GRAD_LIMITS, ids=_ids(GRAD_LIMITS))
def test_grad_limits_at_infinity(name, params, x, expected, dtype, simd_level):
    xs = np.array([x, x], dtype=dtype)
    g = np.array([1.0, -0.5], dtype=dtype)
    got = getattr(fastact, name + "_grad")(g, xs, **params)
    np.testing.assert_array_equal(got, (g.astype(np.float64) * expected).astype(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,params,expected", KINKS, ids=[f"{k[0]}{k[1] or ''}" for k in KINKS])
def test_grad_at_kink(name, params, expected, dtype, simd_level):
    x = np.array([0.0, -0.0], dtype=dtype)
    got = getattr(fastact, name + "_grad")(np.ones_like(x), x, **params)
    # exact up to the rounding of the constant to dtype (<= 1 ULP)
    np.testing.assert_allclose(got, [expected] * 2, rtol=2 * np.finfo(dtype).eps, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,params,expected", KINKS, ids=[f"{k[0]}{k[1] or ''}" for k in KINKS])
def test_from_output_grad_at_kink(name, params, expected, dtype, simd_level):
    """y = f(0) = 0 gives the same derivative as x = 0."""
    y = getattr(fastact, name)(np.zeros(3, dtype=dtype), **params)
    got = getattr(fastact, name + "_grad")(np.ones_like(y), y, from_output=True, **params)
    np.testing.assert_allclose(got, [expected] * 3, rtol=2 * np.finfo(dtype).eps, atol=0)


def test_leaky_relu_slope_zero_limit_at_minus_inf():
    """leaky_relu with negative_slope=0 is relu: its limit at -inf is 0
    (the spec asks for limits at +-inf; -inf * 0 would be NaN)."""
    x = np.array([-np.inf, -1.0, np.inf])
    np.testing.assert_array_equal(fastact.leaky_relu(x, 0.0), [0.0, 0.0, np.inf])


@pytest.mark.parametrize("dtype", DTYPES + [np.float16])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_nan_propagates(name, dtype, simd_level):
    """NaN x gives NaN in the forward and in the gradient (for g != 0)."""
    x = np.array([np.nan, 1.0, np.nan, -2.0, np.nan], dtype=dtype)
    if is_grad(name):
        g = np.array([1.0, 1.0, -0.5, 1.0, 3.0], dtype=dtype)
        out = call(name, g, x)
    else:
        out = call(name, x)
    assert np.isnan(out[[0, 2, 4]]).all(), out
    if name in ("relu", "relu_grad", "leaky_relu", "leaky_relu_grad"):
        assert not np.isnan(out[[1, 3]]).any()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", FROM_OUTPUT_OPS, ids=str)
def test_nan_propagates_from_output(op, dtype, simd_level):
    y = np.array([np.nan, 0.5, np.nan], dtype=dtype)
    got = op.grad(np.ones_like(y), y, from_output=True)
    assert np.isnan(got[[0, 2]]).all(), got


@pytest.mark.parametrize("dtype", DTYPES)
def test_softplus_at_100(dtype, simd_level):
    x = np.array([100.0], dtype=dtype)
    assert fastact.softplus(x)[0] == 100.0
    assert fastact.softplus_grad(np.ones_like(x), x)[0] == 1.0
    assert fastact.softplus(dtype(100.0)) == 100.0


def test_softplus_threshold_is_strict_and_exact(simd_level):
    """Exactly x where beta*x > threshold; the smooth formula at and below it."""
    x = np.array([4.0, 5.0, 5.0000001, 6.0])
    y = fastact.softplus(x, 1.0, 5.0)
    assert y[2] == x[2] and y[3] == x[3]
    np.testing.assert_allclose(y[:2], np.log1p(np.exp(x[:2])), rtol=4e-16)
    d = fastact.softplus_grad(np.ones_like(x), x, 1.0, 5.0)
    assert d[2] == 1.0 and d[3] == 1.0
    np.testing.assert_allclose(d[:2], 1 / (1 + np.exp(-x[:2])), rtol=4e-16)


@pytest.mark.parametrize("lo,hi", [(-110.0, -80.0), (8.0, 20.0)])
def test_sigmoid_saturates_only_where_exact_value_rounds(lo, hi, simd_level):
    """float32 sigmoid is exactly 0 or 1 only where the true value rounds
    there (to nearest), and never NaN.  Every float32 in the window."""
    x = f32_range(lo, hi)
    y = fastact.sigmoid(x)
    assert not np.isnan(y).any()
    with np.errstate(all="ignore"):
        r = R.sigmoid(x).astype(np.float32)
    for v in (0.0, 1.0):
        bad = (y == v) & (r != v)
        assert not bad.any(), (f"sigmoid == {v} at x={x[bad][:5]} where the exact value "
                               f"does not round to {v}")


def test_sigmoid_f64_saturation(simd_level):
    """float64: sigmoid is 1 only where 1 - sigmoid(x) = sigmoid(-x) < 2**-54
    (the exact value rounds to 1) and 0 only where sigmoid(x) <= 2**-1075.
    The long-double reference of sigmoid(-x) is accurate to ~1e-19 relative,
    so it decides the rounding unambiguously except at exact ties."""
    x = np.concatenate([np.linspace(-760, -700, 200001), np.linspace(30, 45, 200001)])
    y = fastact.sigmoid(x)
    assert not np.isnan(y).any()
    ld = np.longdouble
    bad = (y == 1) & ~(R.sigmoid_hp(-x) < np.ldexp(ld(1), -54))
    assert not bad.any(), f"sigmoid == 1 at x={x[bad][:5]}"
    bad = (y == 0) & ~(R.sigmoid_hp(x) <= np.ldexp(ld(1), -1075))
    assert not bad.any(), f"sigmoid == 0 at x={x[bad][:5]}"
    assert (y == 1).any() and (y == 0).any()


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_neg_inf_entries(dtype, simd_level):
    x = np.array([[0.0, -np.inf, 1.0, -np.inf],
                  [-np.inf, -np.inf, -np.inf, -np.inf],
                  [-np.inf, 5.0, -np.inf, -np.inf]], dtype=dtype)
    y = fastact.softmax(x)
    assert y[0, 1] == 0 and y[0, 3] == 0 and np.all(y[2] == [0, 1, 0, 0])
    assert np.isnan(y[1]).all()
    ly = fastact.log_softmax(x)
    assert ly[0, 1] == -np.inf and ly[0, 3] == -np.inf
    assert np.all(ly[2] == [-np.inf, 0, -np.inf, -np.inf])
    assert np.isnan(ly[1]).all()
    assert not np.isnan(y[[0, 2]]).any() and not np.isnan(ly[[0, 2]]).any()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_grads_with_neg_inf_entries(name, dtype, simd_level):
    """VJPs stay finite where the forward is 0 / -inf (from x and from y)."""
    x = np.array([[0.0, -np.inf, 1.0, -np.inf]], dtype=dtype)
    g = np.array([[0.5, 1.0, -1.0, 2.0]], dtype=dtype)
    a = getattr(fastact, name + "_grad")(g, x)
    b = getattr(fastact, name + "_grad")(g, getattr(fastact, name)(x), from_output=True)
    assert np.isfinite(a).all() and np.isfinite(b).all(), (a, b)
    ref = getattr(R, name + "_grad")(g, x)
    np.testing.assert_allclose(a, ref, rtol=10 * np.finfo(dtype).eps, atol=0)
    np.testing.assert_allclose(b, ref, rtol=10 * np.finfo(dtype).eps, atol=0)


def _nasty(dtype):
    fi = np.finfo(dtype)
    v = [0.0, -0.0, np.inf, -np.inf, np.nan, fi.max, -fi.max, fi.tiny, -fi.tiny,
         fi.smallest_subnormal, -fi.smallest_subnormal, 1e4, -1e4, 88.5, -104.0,
         710.0, -745.5, 20.0, 0.5, -0.75]
    with np.errstate(all="ignore"):
        return np.array(v, dtype=np.float64).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_no_floating_point_warnings(name, dtype, simd_level):
    """No NumPy FP error or warning from any op on extreme inputs (NumPy
    errors set to raise, warnings turned into errors)."""
    x = _nasty(dtype)
    g = np.resize(np.array([1.0, -2.0, 0.0, 1e30, -1e-30], dtype=np.float64), x.shape)
    with np.errstate(all="ignore"):
        g = g.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            if is_grad(name):
                call(name, g, x)
                call(name, g.reshape(4, 5), x.reshape(4, 5))
                if name[:-5] in R.FROM_OUTPUT:
                    call(name, g, x, from_output=True)
            else:
                call(name, x)
                call(name, x.reshape(4, 5))


def _finite_f64_sample(n, seed):
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 1 << 64, size=n, dtype=np.uint64)
    x = bits.view(np.float64)
    return x[np.isfinite(x)]


@pytest.mark.parametrize("op", DEFAULT_OPS, ids=str)
def test_no_nan_for_finite_f64_inputs(op, simd_level):
    x = _finite_f64_sample(1 << 18, 0)
    x = x[(x >= op.domain[0]) & (x <= op.domain[1])]
    g = np.random.default_rng(1).uniform(-1, 1, x.size)
    assert not np.isnan(op.f(x)).any()
    assert not np.isnan(op.grad(g, x)).any()
    if op.has_from_output:
        assert not np.isnan(op.grad(g, op.f(x), from_output=True)).any()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_no_nan_for_finite_rows(name, dtype, simd_level):
    fi = np.finfo(dtype)
    x = np.array([[fi.max, -fi.max, 0.0, 1.0],
                  [fi.max, fi.max, fi.max, fi.max],
                  [-fi.max, -fi.max, -fi.max, -fi.max],
                  [fi.tiny, -fi.smallest_subnormal, 0.0, -0.0]], dtype=dtype)
    g = np.ones_like(x)
    for out in (getattr(fastact, name)(x), getattr(fastact, name + "_grad")(g, x)):
        assert not np.isnan(out).any(), out
