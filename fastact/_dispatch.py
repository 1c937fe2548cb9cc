"""The calls every elementwise function shares: forward and gradient with the
optional fused bias, and the extra gradients (parameters, bias) a caller may
ask for.  Validation of arrays lives in fastact._normalize, of scalar
parameters in fastact._params."""

import numpy as np

from . import _core
from . import _normalize as _N


def fwd(name, op, x, out, bias, axis, p0=0.0, p1=0.0):
    """f(x) or, with a bias, f(x + bias) in one pass."""
    if bias is None:
        return _core.unary(name, op, x, out, p0, p1)
    return _core.unary_bias(name, op, x, bias, axis, out, p0, p1)


def bwd(name, op, grad, x, out, bias, axis, p0=0.0, p1=0.0, *, from_output=False,
        dparam=None):
    """grad * f'(x [+ bias]) and the extra gradients asked for, as the tuple
    (dx, dparam, dbias) (each extra only when requested).  dparam(grad, t)
    gets t = x + bias and runs first: out= may be grad's or x's buffer."""
    extra = []
    if dparam is not None:
        t = x if bias is None or from_output else _N.biased(name, x, bias, axis)
        extra.append(dparam(grad, t))
    if bias is None or from_output:
        dx = _core.binary(name, op, grad, x, out, p0, p1)
    else:
        dx = _core.binary_bias(name, op, grad, x, bias, axis, out, p0, p1)
    if bias is not None:
        extra.append(_N.reduce_to_channel(name, dx, x, bias, axis))
    return (dx, *extra) if extra else dx


def param_sum(name, grad, t, contrib):
    """sum(grad * d f/d theta) over all elements, in float64, returned as a
    NumPy scalar of the gradient's dtype.  contrib(t64) gives d f/d theta at
    float64 t (NaN where t is NaN)."""
    g = _N._as_float(name, grad, "grad")
    t = _N._as_float(name, t, "x")
    rdt = _N._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                           t.dtype.newbyteorder("=")))[1]
    _N._broadcast_pair(name, g, t, "grad", "x")
    with np.errstate(all="ignore"):
        total = np.sum(g.astype(np.float64) * contrib(t.astype(np.float64)), dtype=np.float64)
        return rdt.type(total)
