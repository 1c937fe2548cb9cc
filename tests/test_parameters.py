"""Scalar parameters: validation (ValueError naming the parameter), axis
errors, the from_output keyword, and the effect of valid edge values."""

import numpy as np
import pytest
from numpy.exceptions import AxisError

import fastact
from cases import NO_FROM_OUTPUT_NAMES
from fastact import reference as R

X = np.linspace(-3, 3, 13)
NAN, INF = float("nan"), float("inf")


def _both(name):
    """(forward, grad) callables taking (x, **params)."""
    f = getattr(fastact, name)
    g = getattr(fastact, name + "_grad")
    return [("forward", lambda x, **p: f(x, **p)),
            ("grad", lambda x, **p: g(np.ones_like(x), x, **p))]


BAD_PARAMS = [
    ("gelu", {"approximate": "exact"}, "approximate"),
    ("gelu", {"approximate": "Tanh"}, "approximate"),
    ("gelu", {"approximate": ""}, "approximate"),
    ("gelu", {"approximate": None}, "approximate"),
    ("softplus", {"beta": 0.0}, "beta"),
    ("softplus", {"beta": -1.0}, "beta"),
    ("softplus", {"beta": INF}, "beta"),
    ("softplus", {"beta": -INF}, "beta"),
    ("softplus", {"beta": NAN}, "beta"),
    ("softplus", {"threshold": NAN}, "threshold"),
    ("elu", {"alpha": NAN}, "alpha"),
    ("leaky_relu", {"negative_slope": NAN}, "negative_slope"),
]


@pytest.mark.parametrize("name,params,pname", BAD_PARAMS,
                         ids=[f"{b[0]}-{b[1]}" for b in BAD_PARAMS])
def test_bad_parameter_value_error(name, params, pname):
    for kind, fn in _both(name):
        x = X.copy()
        out = np.full_like(x, 9.0)
        with pytest.raises(ValueError, match=pname):
            fn(x, out=out, **params)
        np.testing.assert_array_equal(x, X)
        assert np.all(out == 9.0), kind
        with pytest.raises(ValueError, match=pname):   # also positionally / in place
            fn(x, out=x, **params)
        np.testing.assert_array_equal(x, X)


@pytest.mark.parametrize("axis", [2, -3, (0, 2), (5,), 7], ids=str)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_bad_axis_axis_error(name, axis):
    x = np.ones((3, 4))
    out = np.full_like(x, 9.0)
    with pytest.raises(AxisError):
        getattr(fastact, name)(x, axis=axis)
    with pytest.raises(AxisError):
        getattr(fastact, name)(x, axis=axis, out=out)
    with pytest.raises(AxisError):
        getattr(fastact, name + "_grad")(x, x, axis=axis, out=out)
    with pytest.raises(AxisError):
        getattr(fastact, name + "_grad")(x, x, axis=axis, from_output=True, out=out)
    assert np.all(out == 9.0) and np.all(x == 1.0)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_zero_d_default_axis_is_axis_error(name):
    with pytest.raises(AxisError):
        getattr(fastact, name)(np.float64(1.0))


@pytest.mark.parametrize("name", NO_FROM_OUTPUT_NAMES)
def test_from_output_not_accepted(name):
    grad = getattr(fastact, name + "_grad")
    for value in (True, False):
        with pytest.raises(TypeError):
            grad(np.ones(3), np.ones(3), from_output=value)


def test_from_output_needs_nonnegative_parameter():
    g, y = np.ones(4), np.array([-1.0, 0.0, 0.5, 2.0])
    for slope in (-0.01, -2.0):
        with pytest.raises(ValueError, match="negative_slope"):
            fastact.leaky_relu_grad(g, y, negative_slope=slope, from_output=True)
        # allowed without from_output
        fastact.leaky_relu_grad(g, y, negative_slope=slope)
    for alpha in (-0.5, -1.0):
        with pytest.raises(ValueError, match="alpha"):
            fastact.elu_grad(g, y, alpha=alpha, from_output=True)
        fastact.elu_grad(g, y, alpha=alpha)
    # zero is fine
    fastact.leaky_relu_grad(g, y, negative_slope=0.0, from_output=True)
    fastact.elu_grad(g, y, alpha=0.0, from_output=True)


def test_from_output_is_keyword_only():
    g, y = np.ones(3), np.ones(3)
    with pytest.raises(TypeError):
        fastact.relu_grad(g, y, True)
    with pytest.raises(TypeError):
        fastact.sigmoid_grad(g, y, True)
    with pytest.raises(TypeError):
        fastact.relu(y, y)               # out is keyword-only


def test_softplus_infinite_thresholds():
    """threshold=inf never switches to x; threshold=-inf always does."""
    x = np.array([-50.0, -1.0, 0.0, 3.0, 30.0, 800.0])
    np.testing.assert_allclose(fastact.softplus(x, threshold=INF)[:5],
                               R.softplus(x[:5], threshold=INF), rtol=4e-16)
    assert fastact.softplus(x, threshold=INF)[5] == 800.0     # log1p(e^800) == 800
    np.testing.assert_array_equal(fastact.softplus(x, threshold=-INF), x)
    np.testing.assert_array_equal(fastact.softplus_grad(np.ones_like(x), x, threshold=-INF),
                                  np.ones_like(x))


def test_parameters_are_used():
    """Non-default parameters change the result as the formula says."""
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(fastact.leaky_relu(x, 0.2), np.where(x > 0, x, 0.2 * x),
                               rtol=1e-15)
    np.testing.assert_allclose(fastact.leaky_relu(x, negative_slope=-0.5),
                               np.where(x > 0, x, -0.5 * x), rtol=1e-15)
    np.testing.assert_allclose(fastact.elu(x, 2.5), np.where(x > 0, x, 2.5 * np.expm1(x)),
                               rtol=1e-15)
    np.testing.assert_allclose(fastact.softplus(x, 3.0), np.log1p(np.exp(3 * x)) / 3,
                               rtol=1e-15)
    np.testing.assert_allclose(fastact.softplus(x, 1.0, 1.0),
                               np.where(x > 1, x, np.log1p(np.exp(x))),
                               rtol=1e-15)
    assert not np.array_equal(fastact.gelu(x, "tanh"), fastact.gelu(x))
    np.testing.assert_allclose(fastact.gelu(x, approximate="tanh"),
                               0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
                               rtol=1e-14)


@pytest.mark.parametrize("value", [np.float32(0.2), np.float64(0.2), 1, np.int64(2)])
def test_numpy_and_int_parameters_accepted(value):
    x = np.array([-1.0, 1.0])
    np.testing.assert_allclose(fastact.leaky_relu(x, value), [-float(value), 1.0], rtol=1e-15)
    fastact.elu(x, alpha=value)
    fastact.softplus(x, beta=value, threshold=value)
