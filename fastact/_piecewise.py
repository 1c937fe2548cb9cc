"""Piecewise-linear activations (kernels: csrc/fa_ops_clip.h): relu6,
hardtanh, threshold, hardsigmoid, hardswish, softshrink, hardshrink,
sparse_plus, sparse_sigmoid.  Each result is exact or one rounding of the
exact value -- but hardswish in float32 with FMA (<= 1 ulp; its gradient <= 2)
and in float64 (<= 1.5 ulp).  At every breakpoint the gradient follows PyTorch's *_backward
kernels (see the kink table in README.md)."""

from . import _core, _params
from . import _docs as D
from ._dispatch import bwd as _bwd, fwd as _fwd

_U = _core.UNARY_OPS
_B = _core.BINARY_OPS
_NAN = "NaN inputs give NaN, in the forward and in the gradient."
_HT, _HT_BWD = _U["hardtanh"], _B["hardtanh_bwd"]


def _bounds(name, lo, hi, lo_name="min_val", hi_name="max_val"):
    lo = _params.finite(name, lo_name, lo)
    hi = _params.finite(name, hi_name, hi)
    if lo > hi:
        raise ValueError(f"{name}: {lo_name} ({lo}) must not exceed {hi_name} ({hi})")
    return lo, hi


def hardtanh(x, min_val=-1.0, max_val=1.0, *, bias=None, axis=-1, out=None):
    lo, hi = _bounds("hardtanh", min_val, max_val)
    return _fwd("hardtanh", _HT, x, out, bias, axis, lo, hi)


def hardtanh_grad(grad, x, min_val=-1.0, max_val=1.0, *, from_output=False, bias=None,
                  axis=-1, out=None):
    lo, hi = _bounds("hardtanh_grad", min_val, max_val)
    return _bwd("hardtanh_grad", _HT_BWD, grad, x, out, bias, axis, lo, hi,
                from_output=from_output)


def relu6(x, *, bias=None, axis=-1, out=None):
    return _fwd("relu6", _HT, x, out, bias, axis, 0.0, 6.0)


def relu6_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    return _bwd("relu6_grad", _HT_BWD, grad, x, out, bias, axis, 0.0, 6.0,
                from_output=from_output)


_HT_PARAMS = """min_val, max_val : float, default -1.0, 1.0
    The clamp's bounds (finite, min_val <= max_val)."""
_CLAMP_Y = "The second argument is the forward's output (strictly inside the bounds exactly " \
           "where x is)."
hardtanh.__doc__ = D.forward("Hard tanh: a clamp.", "hardtanh(x) = min(max(x, min_val), max_val)",
                             params=_HT_PARAMS)
hardtanh_grad.__doc__ = D.gradient(
    "Gradient of hardtanh.", "hardtanh_grad(g, x) = g where min_val < x < max_val, else 0",
    params=_HT_PARAMS, from_output=_CLAMP_Y,
    notes="0 at both bounds (as PyTorch). " + _NAN)
relu6.__doc__ = D.forward("relu capped at 6 (MobileNet).", "relu6(x) = min(max(x, 0), 6)")
relu6_grad.__doc__ = D.gradient(
    "Gradient of relu6.", "relu6_grad(g, x) = g where 0 < x < 6, else 0",
    from_output=_CLAMP_Y, notes="0 at x = 0 and x = 6 (as PyTorch). " + _NAN)


def threshold(x, threshold, value, *, bias=None, axis=-1, out=None):
    th = _params.not_nan("threshold", "threshold", threshold)
    v = _params.not_nan("threshold", "value", value)
    return _fwd("threshold", _U["threshold"], x, out, bias, axis, th, v)


def threshold_grad(grad, x, threshold, value=0.0, *, bias=None, axis=-1, out=None):
    th = _params.not_nan("threshold_grad", "threshold", threshold)
    _params.not_nan("threshold_grad", "value", value)
    return _bwd("threshold_grad", _B["threshold_bwd"], grad, x, out, bias, axis, th)


_TH_PARAMS = """threshold : float
    Inputs above it pass through.
value : float
    What every other input becomes."""
threshold.__doc__ = D.forward(
    "Threshold (PyTorch's nn.Threshold).", "threshold(x) = x if x > threshold else value",
    params=_TH_PARAMS, notes="NaN stays NaN (PyTorch's comparison would give value).")
threshold_grad.__doc__ = D.gradient(
    "Gradient of threshold.", "threshold_grad(g, x) = g where x > threshold, else 0",
    params=_TH_PARAMS, notes="0 at x = threshold (as PyTorch). " + _NAN)


def hardsigmoid(x, *, bias=None, axis=-1, out=None):
    return _fwd("hardsigmoid", _U["hardsigmoid"], x, out, bias, axis)


def hardsigmoid_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    op = _B["hardsigmoid_bwd_y" if from_output else "hardsigmoid_bwd"]
    return _bwd("hardsigmoid_grad", op, grad, x, out, bias, axis, from_output=from_output)


def hardswish(x, *, bias=None, axis=-1, out=None):
    return _fwd("hardswish", _U["hardswish"], x, out, bias, axis)


def hardswish_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("hardswish_grad", _B["hardswish_bwd"], grad, x, out, bias, axis)


hardsigmoid.__doc__ = D.forward(
    "Hard sigmoid (slope 1/6, as PyTorch, JAX and Keras 3).",
    "hardsigmoid(x) = min(max(x + 3, 0), 6) / 6")
hardsigmoid_grad.__doc__ = D.gradient(
    "Gradient of hardsigmoid.", "hardsigmoid_grad(g, x) = g / 6 where -3 < x < 3, else 0",
    from_output="The second argument is hardsigmoid's output y (0 < y < 1 exactly where "
                "-3 < x < 3).",
    notes="0 at x = +-3 (as PyTorch). " + _NAN)
hardswish.__doc__ = D.forward(
    "Hard swish (MobileNetV3).", "hardswish(x) = x * min(max(x + 3, 0), 6) / 6",
    notes="-0.0 for x <= -3, including -inf.")
hardswish_grad.__doc__ = D.gradient(
    "Gradient of hardswish.",
    "hardswish_grad(g, x) = 0 (x <= -3), g * (2x + 3) / 6 (-3 < x < 3), g (x >= 3)",
    notes="0 at x = -3 and g at x = 3 (as PyTorch). " + _NAN)


def _lambd(name, lambd):
    v = _params.finite(name, "lambd", lambd)
    if v < 0:
        raise ValueError(f"{name}: lambd must be >= 0, got {v}")
    return v


def softshrink(x, lambd=0.5, *, bias=None, axis=-1, out=None):
    lam = _lambd("softshrink", lambd)
    return _fwd("softshrink", _U["softshrink"], x, out, bias, axis, lam)


def softshrink_grad(grad, x, lambd=0.5, *, from_output=False, bias=None, axis=-1, out=None):
    lam = _lambd("softshrink_grad", lambd)
    op = _B["shrink_bwd_y" if from_output else "shrink_bwd"]
    return _bwd("softshrink_grad", op, grad, x, out, bias, axis, lam, from_output=from_output)


def hardshrink(x, lambd=0.5, *, bias=None, axis=-1, out=None):
    lam = _lambd("hardshrink", lambd)
    return _fwd("hardshrink", _U["hardshrink"], x, out, bias, axis, lam)


def hardshrink_grad(grad, x, lambd=0.5, *, from_output=False, bias=None, axis=-1, out=None):
    lam = _lambd("hardshrink_grad", lambd)
    op = _B["shrink_bwd_y" if from_output else "shrink_bwd"]
    return _bwd("hardshrink_grad", op, grad, x, out, bias, axis, lam, from_output=from_output)


_LAMBD = """lambd : float, default 0.5
    Half-width of the band mapped to 0 (finite, >= 0)."""
_SHRINK_Y = "The second argument is the forward's output y (y != 0 exactly where |x| > lambd)."
softshrink.__doc__ = D.forward(
    "Soft shrinkage.", "softshrink(x) = x - lambd (x > lambd), x + lambd (x < -lambd), else 0",
    params=_LAMBD)
softshrink_grad.__doc__ = D.gradient(
    "Gradient of softshrink.", "softshrink_grad(g, x) = g where |x| > lambd, else 0",
    params=_LAMBD, from_output=_SHRINK_Y, notes="0 at x = +-lambd (as PyTorch). " + _NAN)
hardshrink.__doc__ = D.forward(
    "Hard shrinkage.", "hardshrink(x) = x where |x| > lambd, else 0", params=_LAMBD)
hardshrink_grad.__doc__ = D.gradient(
    "Gradient of hardshrink.", "hardshrink_grad(g, x) = g where |x| > lambd, else 0",
    params=_LAMBD, from_output=_SHRINK_Y, notes="0 at x = +-lambd (as PyTorch). " + _NAN)


def sparse_plus(x, *, bias=None, axis=-1, out=None):
    return _fwd("sparse_plus", _U["sparse_plus"], x, out, bias, axis)


def sparse_plus_grad(grad, x, *, bias=None, axis=-1, out=None):
    return _bwd("sparse_plus_grad", _B["sparse_plus_bwd"], grad, x, out, bias, axis)


def sparse_sigmoid(x, *, bias=None, axis=-1, out=None):
    return _fwd("sparse_sigmoid", _U["sparse_sigmoid"], x, out, bias, axis)


def sparse_sigmoid_grad(grad, x, *, from_output=False, bias=None, axis=-1, out=None):
    op = _B["sparse_sigmoid_bwd_y" if from_output else "sparse_sigmoid_bwd"]
    return _bwd("sparse_sigmoid_grad", op, grad, x, out, bias, axis, from_output=from_output)


sparse_plus.__doc__ = D.forward(
    "Sparse plus (JAX): a piecewise-quadratic softplus.",
    "sparse_plus(x) = 0 (x <= -1), (x + 1)^2 / 4 (-1 < x < 1), x (x >= 1)")
sparse_plus_grad.__doc__ = D.gradient(
    "Gradient of sparse_plus (continuous: no kink convention needed).",
    "sparse_plus_grad(g, x) = 0 (x <= -1), g * (x + 1) / 2 (-1 < x < 1), g (x >= 1)",
    notes=_NAN)
sparse_sigmoid.__doc__ = D.forward(
    "Sparse sigmoid (JAX): a clipped line.", "sparse_sigmoid(x) = clip((x + 1) / 2, 0, 1)")
sparse_sigmoid_grad.__doc__ = D.gradient(
    "Gradient of sparse_sigmoid.", "sparse_sigmoid_grad(g, x) = g / 2 where -1 < x < 1, else 0",
    from_output="The second argument is sparse_sigmoid's output y (0 < y < 1 exactly where "
                "-1 < x < 1).",
    notes="0 at x = +-1 (PyTorch's clamp convention; JAX's clip splits the tie: 1/4). " + _NAN)
