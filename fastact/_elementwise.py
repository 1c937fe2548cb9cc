"""Elementwise activations and their gradients.

Each function validates its scalar parameters and hands the arrays to the
compiled fast path (fastact._core); array conversion and checks live in
fastact._normalize.  Accuracy (measured by tests/ and
``python -m fastact accuracy``): float32 forwards within 2 ulp and gradients
within 4 ulp of the exact value for every input, tails included.
"""

from . import _core, _params
from . import _param_grads as PG
from ._dispatch import bwd as _bwd, fwd as _fwd, param_sum as _psum
from . import _docs as D

_U = _core.UNARY_OPS
_B = _core.BINARY_OPS

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946

_NAN_NOTE = "NaN inputs give NaN, in the forward and in the gradient."


# ---- relu ------------------------------------------------------------------

def relu(x, *, bias=None, axis=-1, out=None):
    return _fwd("relu", 0, x, out, bias, axis)


def relu_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    return _bwd("relu_grad", _RELU_BWD_Y if from_output else _RELU_BWD, grad, x, out, bias,
                axis, from_output=from_output)


_RELU_BWD, _RELU_BWD_Y = _B["relu_bwd"], _B["relu_bwd_y"]
assert _U["relu"] == 0
relu.__doc__ = D.forward(
    "Rectified linear unit.", "relu(x) = max(x, 0)",
    notes="relu(nan) is nan; relu(-0.0) is -0.0.")
relu_grad.__doc__ = D.gradient(
    "Gradient of relu: grad * [x > 0].", "relu_grad(g, x) = g where x > 0, else 0",
    from_output="The second argument is relu's output y (y > 0 exactly where x > 0).",
    notes="At the kink, relu'(0) = 0 (as PyTorch). " + _NAN_NOTE)


# ---- leaky_relu ------------------------------------------------------------

def leaky_relu(x, negative_slope=0.01, *, bias=None, axis=-1, out=None):
    s = _params.finite("leaky_relu", "negative_slope", negative_slope)
    return _fwd("leaky_relu", _LEAKY, x, out, bias, axis, s)


def leaky_relu_grad(grad, x, negative_slope=0.01, *, from_output=False, param_grads=False,
                    bias=None, axis=-1, out=None):
    name = "leaky_relu_grad"
    s = _params.finite(name, "negative_slope", negative_slope)
    _params.from_output_ok(name, "negative_slope", s, from_output)
    dp = None
    if param_grads:
        _params.no_param_grads_from_output(name, from_output)
        dp = lambda g, t: _psum(name, g, t, lambda t64: PG.leaky_slope(t64, s))
    return _bwd(name, _LEAKY_BWD_Y if from_output else _LEAKY_BWD, grad, x, out, bias, axis, s,
                from_output=from_output, dparam=dp)


_LEAKY, _LEAKY_BWD, _LEAKY_BWD_Y = _U["leaky_relu"], _B["leaky_relu_bwd"], _B["leaky_relu_bwd_y"]
_SLOPE_DOC = """negative_slope : float, default 0.01
    Slope for x <= 0 (finite)."""
leaky_relu.__doc__ = D.forward(
    "Leaky rectified linear unit.", "leaky_relu(x) = x if x > 0 else negative_slope * x",
    params=_SLOPE_DOC)
leaky_relu_grad.__doc__ = D.gradient(
    "Gradient of leaky_relu.", "leaky_relu_grad(g, x) = g if x > 0 else negative_slope * g",
    params=_SLOPE_DOC,
    from_output="The second argument is leaky_relu's output (needs negative_slope >= 0).",
    param_grads="negative_slope",
    notes="leaky_relu'(0) = negative_slope (as PyTorch). " + _NAN_NOTE)


# ---- elu, selu ---------------------------------------------------------------

def elu(x, alpha=1.0, *, bias=None, axis=-1, out=None):
    a = _params.finite("elu", "alpha", alpha)
    return _fwd("elu", _ELU, x, out, bias, axis, a)


def elu_grad(grad, x, alpha=1.0, *, from_output=False, param_grads=False, bias=None, axis=-1,
             out=None):
    name = "elu_grad"
    a = _params.finite(name, "alpha", alpha)
    _params.from_output_ok(name, "alpha", a, from_output)
    dp = None
    if param_grads:
        _params.no_param_grads_from_output(name, from_output)
        dp = lambda g, t: _psum(name, g, t, lambda t64: PG.elu_alpha(t64, a))
    return _bwd(name, _ELU_BWD_Y if from_output else _ELU_BWD, grad, x, out, bias, axis, a,
                from_output=from_output, dparam=dp)


def selu(x, *, bias=None, axis=-1, out=None):
    return _fwd("selu", _SELU, x, out, bias, axis)


def selu_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    return _bwd("selu_grad", _SELU_BWD_Y if from_output else _SELU_BWD, grad, x, out, bias,
                axis, from_output=from_output)


_ELU, _ELU_BWD, _ELU_BWD_Y = _U["elu"], _B["elu_bwd"], _B["elu_bwd_y"]
_SELU, _SELU_BWD, _SELU_BWD_Y = _U["selu"], _B["selu_bwd"], _B["selu_bwd_y"]
_ALPHA_DOC = """alpha : float, default 1.0
    Saturation value for x -> -inf is -alpha (finite)."""
elu.__doc__ = D.forward(
    "Exponential linear unit.", "elu(x) = x if x > 0 else alpha * (exp(x) - 1)",
    params=_ALPHA_DOC, notes="elu(-inf) = -alpha; computed with expm1, exact near 0.")
elu_grad.__doc__ = D.gradient(
    "Gradient of elu.", "elu_grad(g, x) = g if x > 0 else g * alpha * exp(x)",
    params=_ALPHA_DOC,
    from_output="The second argument is elu's output y; uses alpha*exp(x) = y + alpha "
                "(needs alpha >= 0).",
    param_grads="alpha",
    notes="elu'(0) = alpha (as PyTorch). " + _NAN_NOTE)
selu.__doc__ = D.forward(
    "Scaled exponential linear unit (Klambauer et al., 2017).",
    f"selu(x) = scale * (x if x > 0 else alpha * (exp(x) - 1))\n"
    f"alpha = {_SELU_ALPHA!r}, scale = {_SELU_SCALE!r}",
    notes="selu(-inf) = -scale*alpha.")
selu_grad.__doc__ = D.gradient(
    "Gradient of selu.", "selu_grad(g, x) = g * scale if x > 0 else g * scale * alpha * exp(x)",
    from_output="The second argument is selu's output y (uses y + scale*alpha).",
    notes=_NAN_NOTE)


# ---- gelu --------------------------------------------------------------------

def gelu(x, approximate="none", *, bias=None, axis=-1, out=None):
    t = _params.approximate("gelu", approximate)
    return _fwd("gelu", _GELU_T if t else _GELU, x, out, bias, axis)


def gelu_grad(grad, x, approximate="none", *, bias=None, axis=-1, out=None):
    t = _params.approximate("gelu_grad", approximate)
    return _bwd("gelu_grad", _GELU_T_BWD if t else _GELU_BWD, grad, x, out, bias, axis)


_GELU, _GELU_T = _U["gelu"], _U["gelu_tanh"]
_GELU_BWD, _GELU_T_BWD = _B["gelu_bwd"], _B["gelu_tanh_bwd"]
_APPROX_DOC = """approximate : {'none', 'tanh'}, default 'none'
    'none': the exact form x * Phi(x); 'tanh': Hendrycks & Gimpel's tanh
    approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
gelu.__doc__ = D.forward(
    "Gaussian error linear unit.",
    "gelu(x) = x * Phi(x) = x/2 * erfc(-x/sqrt(2))      (approximate='none')\n"
    "gelu(x) = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))   (approximate='tanh')",
    params=_APPROX_DOC,
    notes="Accurate in the left tail too: computed from erfc (and, for 'tanh', as\n"
          "x * sigmoid(2u)), where 1 + erf(x) and 1 + tanh(u) lose every digit for\n"
          "x < -5.  gelu(-inf) = -0.0, gelu(inf) = inf.")
gelu_grad.__doc__ = D.gradient(
    "Gradient of gelu.",
    "gelu_grad(g, x) = g * (Phi(x) + x * phi(x))   (approximate='none')\n"
    "and the exact derivative of the tanh form for approximate='tanh'",
    params=_APPROX_DOC,
    notes="Accurate near the derivative's zero at x = -0.7518 and in both tails. "
          + _NAN_NOTE)


# ---- sigmoid, tanh, silu -------------------------------------------------------

def sigmoid(x, *, bias=None, axis=-1, out=None):
    return _fwd("sigmoid", _SIGMOID, x, out, bias, axis)


def sigmoid_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    return _bwd("sigmoid_grad", _SIGMOID_BWD_Y if from_output else _SIGMOID_BWD, grad, x, out,
                bias, axis, from_output=from_output)


def tanh(x, *, bias=None, axis=-1, out=None):
    return _fwd("tanh", _TANH, x, out, bias, axis)


def tanh_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    return _bwd("tanh_grad", _TANH_BWD_Y if from_output else _TANH_BWD, grad, x, out, bias,
                axis, from_output=from_output)


def silu(x, beta=1.0, *, bias=None, axis=-1, out=None):
    b = _params.positive("silu", "beta", beta)
    if b == 1.0:
        return _fwd("silu", _SILU, x, out, bias, axis)
    return _fwd("silu", _SILU_B, x, out, bias, axis, b)


def silu_grad(grad, x, beta=1.0, *, param_grads=False, bias=None, axis=-1, out=None):
    name = "silu_grad"
    b = _params.positive(name, "beta", beta)
    dp = (lambda g, t: _psum(name, g, t, lambda t64: PG.swish_beta(t64, b))) if param_grads \
        else None
    if b == 1.0:
        return _bwd(name, _SILU_BWD, grad, x, out, bias, axis, dparam=dp)
    return _bwd(name, _SILU_B_BWD, grad, x, out, bias, axis, b, dparam=dp)


_SIGMOID, _SIGMOID_BWD, _SIGMOID_BWD_Y = _U["sigmoid"], _B["sigmoid_bwd"], _B["sigmoid_bwd_y"]
_TANH, _TANH_BWD, _TANH_BWD_Y = _U["tanh"], _B["tanh_bwd"], _B["tanh_bwd_y"]
_SILU, _SILU_BWD = _U["silu"], _B["silu_bwd"]
_SILU_B, _SILU_B_BWD = _U["silu_b"], _B["silu_b_bwd"]
sigmoid.__doc__ = D.forward(
    "Logistic sigmoid.", "sigmoid(x) = 1 / (1 + exp(-x))",
    notes="Exactly 0 or 1 only where the true value rounds there; never NaN for\n"
          "non-NaN input.  sigmoid(-inf) = 0, sigmoid(inf) = 1.")
sigmoid_grad.__doc__ = D.gradient(
    "Gradient of sigmoid.", "sigmoid_grad(g, x) = g * s(x) * (1 - s(x))",
    from_output="The second argument is sigmoid's output y; computes g*y*(1-y).",
    notes="From x it is computed as e/(1+e)^2 with e = exp(-|x|), exact in both tails\n"
          "(y*(1-y) is 0 once y rounds to 1, e.g. x > 17 in float32). " + _NAN_NOTE)
tanh.__doc__ = D.forward("Hyperbolic tangent.", "tanh(x)", notes="tanh(+-inf) = +-1.")
tanh_grad.__doc__ = D.gradient(
    "Gradient of tanh.", "tanh_grad(g, x) = g * (1 - tanh(x)^2)",
    from_output="The second argument is tanh's output y; computes g*(1-y)*(1+y).",
    notes="From x it is computed as 4e/(1+e)^2 with e = exp(-2|x|), exact in the tails. "
          + _NAN_NOTE)
_BETA_DOC = """beta : float, default 1.0
    Swish's sharpness (finite, > 0); beta = 1 is silu."""
silu.__doc__ = D.forward(
    "Sigmoid linear unit; with beta, swish (Ramachandran et al., 2017).",
    "silu(x, beta) = x * sigmoid(beta * x)   (beta = 1: x / (1 + exp(-x)))",
    params=_BETA_DOC, notes="silu(-inf) = -0.0, silu(inf) = inf.")
silu_grad.__doc__ = D.gradient(
    "Gradient of silu / swish.",
    "silu_grad(g, x, beta) = g * s(z) * (1 + z * (1 - s(z))),  z = beta * x, s = sigmoid",
    params=_BETA_DOC, param_grads="beta", notes=_NAN_NOTE)


# ---- softplus -------------------------------------------------------------------

def softplus(x, beta=1.0, threshold=20.0, *, bias=None, axis=-1, out=None):
    b = _params.positive("softplus", "beta", beta)
    t = _params.not_nan("softplus", "threshold", threshold)
    return _fwd("softplus", _SOFTPLUS if b == 1.0 else _SOFTPLUS_B, x, out, bias, axis, b, t)


def softplus_grad(grad, x, beta=1.0, threshold=20.0, *, param_grads=False, bias=None,
                  axis=-1, out=None):
    name = "softplus_grad"
    b = _params.positive(name, "beta", beta)
    t = _params.not_nan(name, "threshold", threshold)
    dp = (lambda g, v: _psum(name, g, v, lambda t64: PG.softplus_beta(t64, b, t))) \
        if param_grads else None
    return _bwd(name, _SOFTPLUS_BWD if b == 1.0 else _SOFTPLUS_B_BWD, grad, x, out, bias, axis,
                b, t, dparam=dp)


_SOFTPLUS, _SOFTPLUS_BWD = _U["softplus"], _B["softplus_bwd"]
_SOFTPLUS_B, _SOFTPLUS_B_BWD = _U["softplus_b"], _B["softplus_b_bwd"]
_SP_DOC = """beta : float, default 1.0
    Sharpness (finite, > 0).
threshold : float, default 20.0
    Where beta * x > threshold the function is x itself (PyTorch's definition)."""
softplus.__doc__ = D.forward(
    "Softplus, a smooth relu.",
    "softplus(x) = log(1 + exp(beta * x)) / beta,  and x where beta * x > threshold",
    params=_SP_DOC,
    notes="softplus(-inf) = 0, softplus(inf) = inf; beta*x is formed exactly, so the\n"
          "left tail (~exp(beta x)/beta) keeps full relative accuracy.")
softplus_grad.__doc__ = D.gradient(
    "Gradient of softplus.",
    "softplus_grad(g, x) = g * sigmoid(beta * x),  and g where beta * x > threshold",
    params=_SP_DOC, param_grads="beta", notes=_NAN_NOTE)
