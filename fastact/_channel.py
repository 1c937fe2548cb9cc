"""Activations with a slope per channel or per element: prelu (learned, one
slope per channel) and rrelu (random slopes while training).  Kernels:
csrc/fa_prelu.h, whose per-element formula is leaky_relu's."""

import math

import numpy as np

from . import _core, _params
from . import _docs as D
from . import _normalize as _N
from ._axis import _FAST_DT
from ._elementwise import leaky_relu, leaky_relu_grad

_PRELU, _PRELU_BWD = _core.CHAN_OPS["prelu"], _core.CHAN_OPS["prelu_bwd"]


def _layout(name, x, weight, axis):
    """(C, inner, weight as a flat array): x seen as (outer, C, inner)."""
    w = _N._as_float(name, weight, "weight")
    if w.ndim > 1:
        raise ValueError(f"{name}: weight must have shape (1,) or (C,), got {w.shape}")
    if w.size == 1:   # one slope for everything: any x (PyTorch: no channel axis needed)
        return 1, max(x.size, 1), w.reshape(1)
    if w.size == 0:
        raise ValueError(f"{name}: weight is empty; expected shape (1,) or (C,)")
    ax = _N.bias_axis(name, axis, x.ndim)
    if x.shape[ax] != w.size:
        raise ValueError(f"{name}: weight has {w.size} slopes but x has {x.shape[ax]} "
                         f"channels along axis {ax}")
    inner = int(np.prod(x.shape[ax + 1:], dtype=np.int64))
    return w.size, inner, w


def _fast(op, g, x, weight, axis, out):
    """The usual call straight to the kernel, or None: x (and grad, same
    shape) aligned, C-contiguous native float arrays of one dtype, weight a
    float (or list of floats) of shape (1,) or (C,), out None or an input
    itself.  The general path below costs ~10 us of NumPy calls per call,
    30x the kernel's time on 1K elements."""
    if not (type(x) is np.ndarray and x.dtype in _FAST_DT and x.size
            and x.flags.c_contiguous and x.flags.aligned):
        return None
    if g is not None and not (type(g) is np.ndarray and g.dtype == x.dtype
                              and g.shape == x.shape and g.flags.c_contiguous
                              and g.flags.aligned):
        return None
    if not (out is None or out is x or (out is g and g is not None)) or \
            (out is not None and not out.flags.writeable):
        return None
    w = weight if type(weight) is np.ndarray else np.asarray(weight)
    if not (w.ndim <= 1 and w.size and w.dtype in _FAST_DT and w.flags.c_contiguous
            and w.flags.aligned):
        return None
    C = w.size
    if C == 1:
        inner = x.size
    else:
        if type(axis) is not int or not -x.ndim <= axis < x.ndim:
            return None
        ax = axis % x.ndim
        if x.shape[ax] != C:
            return None
        inner = math.prod(x.shape[ax + 1:])
    if w.dtype != x.dtype:   # rounded as x's dtype would hold it, as the general path
        with np.errstate(all="ignore"):
            w = w.astype(x.dtype)
    elif out is not None and np.may_share_memory(w, out):
        return None
    y = np.empty_like(x) if out is None else out
    _core.run_chan(op, g, x, w, y, C, inner)
    return y[()] if out is None and y.ndim == 0 else y   # a 0-d result as a scalar


def _run(name, op, g, x, weight, axis, out, bias):
    if bias is None:
        y = _fast(op, g, x, weight, axis, out)
        if y is not None:
            return y
    x = _N._as_float(name, x, "x")
    arrays = [x] if g is None else [x, _N._as_float(name, g, "grad")]
    C, inner, w = _layout(name, x, weight, axis)
    if bias is not None:
        x = _N.biased(name, x, bias, -1 if axis is None else axis)
        arrays[0] = x
    # weight is a parameter: converted to the inputs' dtype, never promoting them
    kdt, rdt = _N._compute_dtype(np.result_type(*[a.dtype.newbyteorder("=")
                                                  for a in arrays]))
    shape = x.shape
    if g is not None:
        shape = _N._broadcast_pair(name, arrays[1], x, "grad", "x")
        if shape != x.shape:
            raise ValueError(f"{name}: grad of shape {arrays[1].shape} must have x's shape "
                             f"{x.shape}")
    if out is not None:
        _N._check_out(name, out, shape, rdt)
    xc = _N._contiguous(x, kdt)
    gc = None if g is None else _N._contiguous(arrays[1], kdt)
    with np.errstate(all="ignore"):
        wc = _N._contiguous(w.astype(rdt), kdt)  # rounded as x's dtype would hold it
    inputs = [xc] if gc is None else [gc, xc]
    if out is not None and _N._kernel_ready(out, kdt, inputs) and wc.size and \
            not np.may_share_memory(out, wc):
        _core.run_chan(op, gc, xc, wc, out, C, inner)
        return out
    res = np.empty(shape, kdt)
    _core.run_chan(op, gc, xc, wc, res, C, inner)
    return _N._deliver(name, res, out, rdt, shape)


def prelu(x, weight, axis=1, *, bias=None, out=None):
    return _run("prelu", _PRELU, None, x, weight, axis, out, bias)


def prelu_grad(grad, x, weight, axis=1, *, param_grads=False, bias=None, out=None):
    name = "prelu_grad"
    extra = []
    if param_grads:
        xa = _N._as_float(name, x, "x")
        t = xa if bias is None else _N.biased(name, xa, bias, axis)
        extra.append(_dweight(name, grad, t, weight, axis))
    dx = _run(name, _PRELU_BWD, grad, x, weight, axis, out, bias)
    if bias is not None:
        extra.append(_N.reduce_to_channel(name, dx, x, bias, axis))
    return (dx, *extra) if extra else dx


def _dweight(name, grad, t, weight, axis):
    """sum over everything but the channel axis of grad * x where x <= 0, in
    float64, shaped and typed like weight's result dtype."""
    g = _N._as_float(name, grad, "grad")
    C, inner, w = _layout(name, t, weight, axis)
    rdt = _N._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                           t.dtype.newbyteorder("=")))[1]
    with np.errstate(all="ignore"):
        t64 = t.astype(np.float64)
        v = np.broadcast_to(g, t.shape).astype(np.float64) * np.where(t64 > 0, 0.0, t64)
        if C == 1:
            s = np.sum(v, dtype=np.float64).reshape(1)
        else:
            s = v.reshape(-1, C, inner).sum(axis=(0, 2), dtype=np.float64)
        return s.astype(rdt).reshape(np.shape(weight) if np.ndim(weight) else (1,))


_W_DOC = """weight : array_like
    The slopes for x <= 0: shape (1,) (one for all) or (C,), one per channel
    along `axis` (C = x.shape[axis]).
axis : int, default 1
    The channel axis (PyTorch's convention: axis 1 of (N, C, ...)); also
    the axis a ``bias`` runs along."""
prelu.__doc__ = D.forward(
    "Parametric relu (He et al., 2015): leaky_relu with a learned slope per channel.",
    "prelu(x) = x if x > 0 else weight[c] * x,  c = the channel of x along axis",
    params=_W_DOC, bias=False,
    notes="With ``bias=``, prelu(x + bias), bias along the same axis.  prelu with every\n"
          "slope equal is bitwise leaky_relu.")
prelu_grad.__doc__ = D.gradient(
    "Gradient of prelu.", "prelu_grad(g, x) = g if x > 0 else g * weight[c]",
    params=_W_DOC, param_grads="weight (summed over every axis but `axis`)", bias=False,
    notes="prelu'(0) = weight (as PyTorch). NaN inputs give NaN.  With ``bias=``, the\n"
          "derivative at x + bias, and dbias last in the returned tuple.")


# ---- rrelu ------------------------------------------------------------------------

def _rrelu_bounds(name, lower, upper):
    lo = _params.finite(name, "lower", lower)
    hi = _params.finite(name, "upper", upper)
    if lo > hi:
        raise ValueError(f"{name}: lower ({lo}) must not exceed upper ({hi})")
    return lo, hi


def rrelu(x, lower=1.0 / 8, upper=1.0 / 3, training=False, *, rng=None, bias=None, axis=-1,
          out=None):
    lo, hi = _rrelu_bounds("rrelu", lower, upper)
    if not training:
        return leaky_relu(x, (lo + hi) / 2, bias=bias, axis=axis, out=out)
    xa = _N._as_float("rrelu", x, "x")
    if bias is not None:
        xa = _N.biased("rrelu", xa, bias, axis)
    kdt, rdt = _N._compute_dtype(xa.dtype)
    if out is not None:
        _N._check_out("rrelu", out, xa.shape, rdt)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    slopes = gen.uniform(lo, hi, size=xa.shape).astype(rdt)
    flat_w = _N._contiguous(slopes.reshape(-1), kdt)
    y = _run("rrelu", _PRELU, None, xa.reshape(-1), flat_w, 0, None, None).reshape(xa.shape)
    return _N._deliver("rrelu", y, out, rdt, xa.shape), slopes


def rrelu_grad(grad, x, lower=1.0 / 8, upper=1.0 / 3, training=False, *, slopes=None,
               bias=None, axis=-1, out=None):
    name = "rrelu_grad"
    lo, hi = _rrelu_bounds(name, lower, upper)
    if not training:
        if slopes is not None:
            raise ValueError(f"{name}: slopes are only used with training=True")
        return leaky_relu_grad(grad, x, (lo + hi) / 2, bias=bias, axis=axis, out=out)
    if slopes is None:
        raise ValueError(f"{name}: training=True needs the slopes rrelu returned "
                         f"(slopes=...)")
    xa = _N._as_float(name, x, "x")
    s = _N._as_float(name, slopes, "slopes")
    if s.shape != xa.shape:
        raise ValueError(f"{name}: slopes of shape {s.shape} must have x's shape {xa.shape}")
    t = xa if bias is None else _N.biased(name, xa, bias, axis)
    g = _N._as_float(name, grad, "grad")
    g = np.broadcast_to(g, _N._broadcast_pair(name, g, t, "grad", "x"))
    if g.shape != t.shape:
        raise ValueError(f"{name}: grad of shape {g.shape} must have x's shape {t.shape}")
    dx = _run(name, _PRELU_BWD, g.reshape(-1), t.reshape(-1), s.reshape(-1), 0, None,
              None).reshape(t.shape)
    kdt, rdt = _N._compute_dtype(dx.dtype)
    if out is not None:
        _N._check_out(name, out, t.shape, np.result_type(rdt, g.dtype))
    dx = _N._deliver(name, dx, out, dx.dtype if out is None else out.dtype, t.shape)
    if bias is not None:
        return dx, _N.reduce_to_channel(name, dx, x, bias, axis)
    return dx


_RR_DOC = """lower, upper : float, default 1/8, 1/3
    The slope range (finite, lower <= upper).
training : bool, default False
    False: the fixed slope (lower + upper)/2 (leaky_relu).  True: a slope
    drawn uniformly from [lower, upper] for every element."""
rrelu.__doc__ = D.forward(
    "Randomized leaky relu (Xu et al., 2015).",
    "rrelu(x) = x if x > 0 else a * x,  a ~ U(lower, upper) (training) or (lower+upper)/2",
    params=_RR_DOC + """
rng : numpy.random.Generator, int or None
    Source of the slopes when training (an int seeds a new Generator).""",
    notes="With training=True returns (y, slopes), slopes of x's shape and dtype: pass\n"
          "them to rrelu_grad(..., training=True, slopes=slopes).")
rrelu_grad.__doc__ = D.gradient(
    "Gradient of rrelu.", "rrelu_grad(g, x) = g if x > 0 else g * a",
    params=_RR_DOC + """
slopes : ndarray
    With training=True: the slopes rrelu returned.""",
    notes="NaN inputs give NaN.")
