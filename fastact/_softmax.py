"""softmax and log_softmax along an axis, and their vector-Jacobian products."""

import numpy as np

from . import _core
from . import _docs as D
from . import _axis, _dask, _normalize

_R = _core.ROW_OPS
_RB = _core.ROW_BWD_OPS
_SOFTMAX, _LOG_SOFTMAX = _R["softmax"], _R["log_softmax"]
_SOFTMAX_BWD = _RB["softmax_bwd"]
_LOG_SOFTMAX_BWD, _LOG_SOFTMAX_BWD_P = _RB["log_softmax_bwd"], _RB["log_softmax_bwd_p"]
# the from-x VJPs in one kernel (softmax row on the stack, rows up to 4096)
_FUSED_X = {_SOFTMAX_BWD: _RB["softmax_bwd_x"], _LOG_SOFTMAX_BWD_P: _RB["log_softmax_bwd_x"]}
_FUSED_MAX = _core.VJPX_MAX  # the kernels' stack row: longer rows take two steps
_NATIVE = (np.dtype(np.float32), np.dtype(np.float64))  # native byte order only
_rows = _core.rows
_rows_bwd = _core.rows_bwd


def softmax(x, axis=-1, *, where=None, out=None):
    if where is None:
        return _rows("softmax", _SOFTMAX, x, axis, out)
    return _axis.masked_rows("softmax", _axis._SOFTMAX_M, x, axis, where, out)


def log_softmax(x, axis=-1, *, where=None, out=None):
    if where is None:
        return _rows("log_softmax", _LOG_SOFTMAX, x, axis, out)
    return _axis.masked_rows("log_softmax", _axis._LOG_SOFTMAX_M, x, axis, where, out)


def _vjp_from_x(name, op, grad, x, axis, out):
    """The from-x form: softmax(x) first (in the gradient's compute dtype and
    broadcast shape, so it equals the from-output form fed with that softmax),
    then the kernel; float16 results are computed in float32, rounded once."""
    if (type(grad) is np.ndarray and type(x) is np.ndarray and grad.dtype == x.dtype
            and grad.shape == x.shape and x.dtype in _NATIVE):
        # the common case without the conversions below (~8 us at 1K elements);
        # p is a new array, so out may be grad or x itself
        if type(axis) is int and -x.ndim <= axis < x.ndim and x.shape[axis] <= _FUSED_MAX:
            # bitwise the same as the two steps below, without p
            return _rows_bwd(name, _FUSED_X[op], grad, x, axis, out)
        return _rows_bwd(name, op, grad, _rows(name, _SOFTMAX, x, axis, None), axis, out)
    if _dask.is_dask(grad) or _dask.is_dask(x):
        return _dask.along_axes(name, lambda gb, xb: _vjp_from_x(name, op, gb, xb, axis, None),
                                [grad, x], lambda nd: _normalize._axes(name, axis, nd), out)
    g = _normalize._as_float(name, grad, "grad")
    x = _normalize._as_float(name, x, "x")
    kdt, rdt = _normalize._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                                        x.dtype.newbyteorder("=")))
    shape = _normalize._broadcast_pair(name, g, x, "grad", "x")
    if out is not None:
        _normalize._check_out(name, out, shape, rdt)
    p = _rows(name, _SOFTMAX, np.broadcast_to(x, shape).astype(kdt, copy=False), axis, None)
    if rdt == kdt:
        return _rows_bwd(name, op, g, p, axis, out)
    res = _rows_bwd(name, op, g.astype(kdt), p, axis, None)
    return _normalize._deliver(name, np.asarray(res), out, rdt, shape)


def softmax_grad(grad, x, axis=-1, *, where=None, from_output=False, out=None):
    if where is not None:
        return _axis.row_vjp("softmax_grad", grad, x, axis, where, out, bwd=_SOFTMAX_BWD,
                             fwd_op=_axis._SOFTMAX_M, from_output=from_output)
    if from_output:
        return _rows_bwd("softmax_grad", _SOFTMAX_BWD, grad, x, axis, out)
    return _vjp_from_x("softmax_grad", _SOFTMAX_BWD, grad, x, axis, out)


def log_softmax_grad(grad, x, axis=-1, *, where=None, from_output=False, out=None):
    if where is not None:
        # from x: the masked probabilities; from y: exp(y), y = -inf where masked
        return _axis.row_vjp("log_softmax_grad", grad, x, axis, where, out,
                             bwd=_LOG_SOFTMAX_BWD if from_output else _LOG_SOFTMAX_BWD_P,
                             fwd_op=_axis._SOFTMAX_M, from_output=from_output, fill=-np.inf)
    if from_output:
        return _rows_bwd("log_softmax_grad", _LOG_SOFTMAX_BWD, grad, x, axis, out)
    # from x, the probabilities come straight from softmax (not exp of a rounded y)
    return _vjp_from_x("log_softmax_grad", _LOG_SOFTMAX_BWD_P, grad, x, axis, out)


_AXIS_DOC = """axis : int, tuple of ints or None, default -1
    The axis (or axes) the distribution runs along; None means all elements."""
softmax.__doc__ = D.forward(
    "Softmax along an axis.",
    "softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m),  m = max_j x_j",
    params=_AXIS_DOC + "\n" + _axis.WHERE_DOC,
    notes="-inf entries get probability 0; a slice that is all -inf, or holds +inf or\n"
          "NaN, gives NaN.  x_i - m is taken exactly and sums are accumulated in double,\n"
          "so float32 results are within 2 ulp even 80 below the maximum.")
log_softmax.__doc__ = D.forward(
    "Logarithm of softmax along an axis.",
    "log_softmax(x)_i = x_i - m - log(sum_j exp(x_j - m)),  m = max_j x_j",
    params=_AXIS_DOC + "\n" + _axis.WHERE_DOC,
    notes="-inf entries give -inf; an all -inf slice gives NaN (an all-masked one -inf).")
softmax_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of softmax.",
    "softmax_grad(g, x) = y * (g - sum(g * y)),  y = softmax(x) along axis",
    params=_AXIS_DOC + "\n" + _axis.WHERE_DOC,
    from_output="The second argument is softmax's output y (saves recomputing it).")
log_softmax_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of log_softmax.",
    "log_softmax_grad(g, x) = g - softmax(x) * sum(g)  along axis",
    params=_AXIS_DOC + "\n" + _axis.WHERE_DOC,
    from_output="The second argument is log_softmax's output y (softmax = exp(y)).")
