"""Smooth activations of the catalogue (kernels: csrc/fa_ops_smooth.h): celu,
log_sigmoid, softsign, mish, tanhshrink, squareplus, logit.  float32 is
evaluated through the float64 definition and rounded once (<= 0.5 ulp +
2^-29) -- but where a float-lane form exists at the AVX2 and AVX-512 levels:
celu with 1e-30 <= alpha <= 1e30 (elu's float lanes: <= 1.3 ulp, gradient
<= 2.5), tanhshrink (<= 1.66 / 2.83), logit (<= 1.49 / 2.03) and softsign
(every level: <= 1.49 / 2.97), measured by ``python -m fastact accuracy --ops
celu,tanhshrink,logit,softsign``; mish and its gradient use plain double
formulas instead of float64's pairs (0.50 / 0.51).  float64 is backward
stable (README, Accuracy)."""

import functools

import numpy as np

from . import _core, _params
from . import _docs as D
from . import _param_grads as PG
from ._dispatch import bwd as _bwd, fwd as _fwd, param_sum as _psum

_U = _core.UNARY_OPS
_B = _core.BINARY_OPS
_NAN = "NaN inputs give NaN, in the forward and in the gradient."


def _alpha(name, alpha):
    a = _params.finite(name, "alpha", alpha)
    if a == 0:
        raise ValueError(f"{name}: alpha must be nonzero (celu divides by it)")
    return a


def _celu_p(a):
    # the float32 kernels' float-lane form takes 1e-30 <= alpha <= 1e30 (its
    # 1/alpha must be a normal float); other alphas, negative ones included,
    # keep the double form (the float64 kernels are the same either way)
    return 1e-30 <= a <= 1e30


def celu(x, alpha=1.0, *, bias=None, axis=-1, out=None):
    a = _alpha("celu", alpha)
    return _fwd("celu", _U["celu_p" if _celu_p(a) else "celu"], x, out, bias, axis, a)


def celu_grad(grad, x, alpha=1.0, *, from_output=False, param_grads=False, bias=None, axis=-1,
              out=None):
    name = "celu_grad"
    a = _alpha(name, alpha)
    if from_output and a < 0:
        raise ValueError(f"{name}: from_output=True needs alpha > 0, got {a}")
    dp = None
    if param_grads:
        _params.no_param_grads_from_output(name, from_output)
        dp = lambda g, t: _psum(name, g, t, lambda t64: PG.celu_alpha(t64, a))
    op = _B["celu_bwd_y" if from_output else ("celu_p_bwd" if _celu_p(a) else "celu_bwd")]
    return _bwd(name, op, grad, x, out, bias, axis, a, from_output=from_output, dparam=dp)


_CELU_PARAMS = """alpha : float, default 1.0
    Scale of the negative branch (finite, nonzero)."""
celu.__doc__ = D.forward(
    "Continuously differentiable exponential linear unit (Barron 2017).",
    "celu(x) = x if x > 0 else alpha * (exp(x / alpha) - 1)", params=_CELU_PARAMS,
    notes="celu(-inf) = -alpha for alpha > 0.")
celu_grad.__doc__ = D.gradient(
    "Gradient of celu.", "celu_grad(g, x) = g if x > 0 else g * exp(x / alpha)",
    params=_CELU_PARAMS, param_grads="alpha",
    from_output="The second argument is celu's output y; uses exp(x/alpha) = (y + alpha)/alpha "
                "(needs alpha > 0).",
    notes="celu'(0) = 1 (as PyTorch). " + _NAN)


def log_sigmoid(x, *, bias=None, axis=-1, out=None):
    return _fwd("log_sigmoid", _U["log_sigmoid"], x, out, bias, axis)


def log_sigmoid_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("log_sigmoid_grad", _B["log_sigmoid_bwd"], grad, x, out, bias, axis)


log_sigmoid.__doc__ = D.forward(
    "Logarithm of the sigmoid.", "log_sigmoid(x) = log(1 / (1 + exp(-x))) = -softplus(-x)",
    notes="Accurate in both tails (x for x -> -inf, -exp(-x) for x -> inf);\n"
          "log_sigmoid(-inf) = -inf, log_sigmoid(inf) = -0.0.")
log_sigmoid_grad.__doc__ = D.gradient(
    "Gradient of log_sigmoid.", "log_sigmoid_grad(g, x) = g * sigmoid(-x)", notes=_NAN)


def softsign(x, *, bias=None, axis=-1, out=None):
    return _fwd("softsign", _U["softsign"], x, out, bias, axis)


def softsign_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("softsign_grad", _B["softsign_bwd"], grad, x, out, bias, axis)


softsign.__doc__ = D.forward("Softsign.", "softsign(x) = x / (1 + |x|)",
                             notes="softsign(+-inf) = +-1.")
softsign_grad.__doc__ = D.gradient("Gradient of softsign.",
                                   "softsign_grad(g, x) = g / (1 + |x|)^2", notes=_NAN)


def mish(x, *, bias=None, axis=-1, out=None):
    return _fwd("mish", _U["mish"], x, out, bias, axis)


def mish_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("mish_grad", _B["mish_bwd"], grad, x, out, bias, axis)


mish.__doc__ = D.forward("Mish (Misra 2019).", "mish(x) = x * tanh(softplus(x))",
                         notes="mish(-inf) = -0.0, mish(inf) = inf.")
mish_grad.__doc__ = D.gradient(
    "Gradient of mish.",
    "mish_grad(g, x) = g * (tanh(sp) + x * sech(sp)^2 * sigmoid(x)),  sp = softplus(x)",
    notes=_NAN)


def tanhshrink(x, *, bias=None, axis=-1, out=None):
    return _fwd("tanhshrink", _U["tanhshrink"], x, out, bias, axis)


def tanhshrink_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("tanhshrink_grad", _B["tanhshrink_bwd"], grad, x, out, bias, axis)


tanhshrink.__doc__ = D.forward(
    "Tanh shrink.", "tanhshrink(x) = x - tanh(x)",
    notes="Accurate near 0 (x^3/3), where x - tanh(x) cancels.")
tanhshrink_grad.__doc__ = D.gradient("Gradient of tanhshrink.",
                                     "tanhshrink_grad(g, x) = g * tanh(x)^2", notes=_NAN)


def squareplus(x, b=4.0, *, bias=None, axis=-1, out=None):
    bb = _params.finite("squareplus", "b", b)
    if bb < 0:
        raise ValueError(f"squareplus: b must be >= 0, got {bb}")
    return _fwd("squareplus", _U["squareplus"], x, out, bias, axis, bb)


def squareplus_grad(grad, x, b=4.0, *, bias=None, axis=-1, out=None):
    bb = _params.finite("squareplus_grad", "b", b)
    if bb < 0:
        raise ValueError(f"squareplus_grad: b must be >= 0, got {bb}")
    return _bwd("squareplus_grad", _B["squareplus_bwd"], grad, x, out, bias, axis, bb)


_SQP = """b : float, default 4.0
    Curvature at 0 (finite, >= 0; b = 0 is relu)."""
squareplus.__doc__ = D.forward(
    "Squareplus (Barron 2021), an algebraic softplus.",
    "squareplus(x) = (x + sqrt(x^2 + b)) / 2", params=_SQP,
    notes="Accurate in the left tail (b / (4|x|)), where the sum cancels.")
squareplus_grad.__doc__ = D.gradient(
    "Gradient of squareplus.", "squareplus_grad(g, x) = g * (1 + x / sqrt(x^2 + b)) / 2",
    params=_SQP, notes=_NAN)


@functools.lru_cache(maxsize=64)
def _logit_eps(e):
    """(op, p1) for logit with eps = e.  The float32 kernel logit_e returns
    logit(e) (p1, from the float64 kernel) below e and its negation above
    1 - e; where 1 - e rounds so that logit(1 - e) is not -logit(e) in float32
    (e = 1e-50: 1 - e is 1, logit inf) the general kernel keeps the float64
    definition's value."""
    lo, hi = (float(_core.unary("logit", _U["logit_u"], np.array(v, np.float64), None, 0.0, 0.0))
              for v in (e, 1.0 - e))
    if np.float32(hi) == -np.float32(lo):
        return _U["logit_e"], lo
    return _U["logit"], 1.0


def _eps(name, eps):
    if eps is None:
        return 0.0, 0.0
    e = _params.finite(name, "eps", eps)
    if not 0 <= e <= 0.5:
        raise ValueError(f"{name}: eps must be None or in [0, 0.5], got {e}")
    return e, 1.0


def logit(x, eps=None, *, bias=None, axis=-1, out=None):
    e, has = _eps("logit", eps)
    if not has:
        return _fwd("logit", _U["logit_u"], x, out, bias, axis)
    op, p1 = _logit_eps(e)
    return _fwd("logit", op, x, out, bias, axis, e, p1)


def logit_grad(grad, x, eps=None, *, bias=None, axis=-1, out=None):
    e, has = _eps("logit_grad", eps)
    return _bwd("logit_grad", _B["logit_e_bwd" if has else "logit_u_bwd"], grad, x, out, bias,
                axis, e)


_EPS = """eps : float or None, default None
    When given (0 <= eps <= 0.5), x is first clamped to [eps, 1 - eps]."""
logit.__doc__ = D.forward(
    "Logit, the inverse of sigmoid.", "logit(x) = log(x / (1 - x))", params=_EPS,
    notes="NaN outside [0, 1]; logit(0) = -inf, logit(1) = inf.  Accurate near x = 1/2.")
logit_grad.__doc__ = D.gradient(
    "Gradient of logit.", "logit_grad(g, x) = g / (x * (1 - x))", params=_EPS,
    notes="With eps: 0 outside [eps, 1 - eps] (as PyTorch).  Without: NaN outside [0, 1].")
