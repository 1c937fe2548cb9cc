"""Along-an-axis functions beyond softmax/log_softmax: softmin, logsumexp,
sparsemax, the gated family (glu, geglu, swiglu, reglu), and the ``where=``
masks of the softmax family.

Arrays are normalised here (dtype, broadcasting, the axis moved last and the
rows made contiguous, as the softmax slow path does) and the compiled row
kernels of csrc/fa_rows_axis.h run on the (rows, len) result; a C-contiguous
array reduced along its trailing axes is used in place, without a copy.
Nothing is written to a caller's array before every check has passed.
"""

import numpy as np

from . import _core, _dask, _params
from . import _docs as D
from . import _normalize as N

_RM = _core.ROWM_OPS
_GATED = _core.GATED_OPS
_GATED_BWD = _core.GATED_BWD_OPS
_SOFTMAX_M, _LOG_SOFTMAX_M = _RM["softmax_m"], _RM["log_softmax_m"]
_SOFTMIN, _LOGSUMEXP, _LSE_BWD = _RM["softmin"], _RM["logsumexp"], _RM["logsumexp_bwd"]
_SPARSEMAX = _core.ROW_OPS["sparsemax"]
_SOFTMAX_BWD = _core.ROW_BWD_OPS["softmax_bwd"]
_LOG_SOFTMAX_BWD = _core.ROW_BWD_OPS["log_softmax_bwd"]
_LOG_SOFTMAX_BWD_P = _core.ROW_BWD_OPS["log_softmax_bwd_p"]
_SPARSEMAX_BWD = _core.ROW_BWD_OPS["sparsemax_bwd"]
_SOFTMIN_BWD = _core.ROW_BWD_OPS["softmin_bwd"]


# ---- normalisation helpers --------------------------------------------------

def _no_dask_where(name, where, *arrays):
    if where is not None and (any(_dask.is_dask(a) for a in arrays) or _dask.is_dask(where)):
        raise TypeError(f"{name}: where= is not supported for dask arrays; apply the mask "
                        "with dask (e.g. da.where) before calling")


def _mask(name, where, shape):
    """where as a boolean array broadcast to shape (a view), or None."""
    if where is None:
        return None
    if isinstance(where, np.ma.MaskedArray):
        raise TypeError(f"{name}: where is a masked array; pass a plain boolean array")
    try:
        w = np.asarray(where)
    except Exception as exc:
        raise TypeError(f"{name}: where could not be converted to an array: {exc}") from None
    if w.dtype != np.bool_:
        raise TypeError(f"{name}: where must be a boolean array, got dtype {w.dtype}")
    try:
        return np.broadcast_to(w, shape)
    except ValueError:
        raise ValueError(f"{name}: where of shape {w.shape} does not broadcast to the "
                         f"shape {tuple(shape)} of x") from None


def _trailing(axes, ndim):
    return tuple(axes) == tuple(range(ndim - len(axes), ndim))


_FAST_DT = (np.dtype(np.float32), np.dtype(np.float64))


def _fast_rows(x, axis, even=False):
    """x as (rows, len) without a copy when it is an aligned, C-contiguous
    native float array taken along its last axis (the usual call; even: the
    gated family's halves), else None: the general paths cost ~20 us of NumPy
    calls per call, 10-70x the kernels' time on 1K elements."""
    if (type(x) is np.ndarray and x.dtype in _FAST_DT and x.ndim and x.size
            and type(axis) is int and (axis == -1 or axis == x.ndim - 1)
            and not (even and x.shape[-1] % 2) and x.flags.c_contiguous and x.flags.aligned):
        return x.reshape(-1, x.shape[-1])
    return None


def _fast_out(out, dtype, shape, inputs, alias_ok=()):
    """A fresh (rows, len) result, or out as one when the kernel can write it
    directly (_direct), else None."""
    return np.empty(shape, dtype) if out is None else _direct(out, dtype, shape, inputs, alias_ok)


def _mask_rows(w, axes, nrows, rowlen):
    k = len(axes)
    moved = np.moveaxis(w, axes, tuple(range(w.ndim - k, w.ndim)))
    return np.ascontiguousarray(moved).reshape(nrows, rowlen)


def _direct(out, kdt, shape2d, inputs=(), alias_ok=()):
    """out viewed as the kernel's C-contiguous (rows, len) result, or None when
    the kernel cannot write it directly.  inputs: 2-D arrays the kernel reads;
    those in alias_ok may be out's very buffer (in place), any other overlap
    sends the result through a temporary."""
    if not (type(out) is np.ndarray and out.dtype == kdt and out.flags.c_contiguous
            and out.flags.aligned and out.flags.writeable
            and out.size == shape2d[0] * shape2d[1]):
        return None
    o = out.reshape(shape2d)
    for a in inputs:
        if not np.may_share_memory(a, o):   # the cheap bounds test first
            continue
        same = (a.__array_interface__["data"][0] == o.__array_interface__["data"][0]
                and a.shape == o.shape and a.strides == o.strides)
        if not (same and any(a is b for b in alias_ok)):
            return None
    return o


def _finish(name, res, out, rdt, shape):
    return N._deliver(name, np.asarray(res).reshape(shape), out, rdt, shape)


def _rowm_kdt(op, x, axes, keep):
    """The masked row op on x (already the kernel dtype), same shape back."""
    xr, mshape = N._to_rows(x, axes, x.dtype)
    wr = None if keep is None else _mask_rows(keep, axes, *xr.shape)
    yr = np.empty(xr.shape, x.dtype)
    _core.run_rowm_2d(op, xr, wr, yr)
    return N._from_rows(yr, mshape, axes, x.ndim)


def masked_rows(name, op, x, axis, where, out):
    """softmax_m / log_softmax_m / softmin: same shape as x."""
    # fast path: a fresh result or x itself (in place: the row kernels allow it)
    xr = _fast_rows(x, axis) if where is None and (out is None or out is x) else None
    if xr is not None and (out is None or out.flags.writeable):
        yr = np.empty(xr.shape, x.dtype) if out is None else xr
        _core.run_rowm_2d(op, xr, None, yr)
        return yr.reshape(x.shape) if out is None else out
    _no_dask_where(name, where, x)
    if _dask.is_dask(x):
        return _dask.along_axes(name, lambda b: masked_rows(name, op, b, axis, None, None), [x],
                                lambda nd: N._axes(name, axis, nd), out)
    x = N._as_float(name, x, "x")
    kdt, rdt = N._compute_dtype(x.dtype)
    axes = N._axes(name, axis, x.ndim)
    keep = _mask(name, where, x.shape)
    if out is not None:
        N._check_out(name, out, x.shape, rdt)
    xr, mshape = N._to_rows(x, axes, kdt)
    wr = None if keep is None else _mask_rows(keep, axes, *xr.shape)
    yr = None
    if out is not None and _trailing(axes, x.ndim):
        yr = _direct(out, kdt, xr.shape, [xr], alias_ok=[xr])
    if yr is not None:
        _core.run_rowm_2d(op, xr, wr, yr)
        return out
    yr = np.empty(xr.shape, kdt)
    _core.run_rowm_2d(op, xr, wr, yr)
    return _finish(name, N._from_rows(yr, mshape, axes, x.ndim), out, rdt, x.shape)


def row_vjp(name, grad, x, axis, where, out, *, bwd, fwd=None, fwd_op=None,
            from_output=False, fill=0.0):
    """VJP of a row function: bwd(g', a) with g' = grad (0 where masked) and
    a = the forward's output (from x: fwd_op's masked row op, or the row op
    fwd; from the output: y, `fill` where masked); masked entries of the
    result are 0."""
    _no_dask_where(name, where, grad, x)
    if _dask.is_dask(grad) or _dask.is_dask(x):
        return _dask.along_axes(
            name, lambda gb, xb: row_vjp(name, gb, xb, axis, None, None, bwd=bwd, fwd=fwd,
                                         fwd_op=fwd_op, from_output=from_output, fill=fill),
            [grad, x], lambda nd: N._axes(name, axis, nd), out)
    g = N._as_float(name, grad, "grad")
    x = N._as_float(name, x, "y" if from_output else "x")
    kdt, rdt = N._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                               x.dtype.newbyteorder("=")))
    shape = N._broadcast_pair(name, g, x, "grad", "y" if from_output else "x")
    axes = N._axes(name, axis, len(shape))
    keep = _mask(name, where, shape)
    if out is not None:
        N._check_out(name, out, shape, rdt)
    gb = np.broadcast_to(g, shape).astype(kdt, copy=False)
    xb = np.broadcast_to(x, shape).astype(kdt, copy=False)
    if keep is not None:
        gb = np.where(keep, gb, kdt.type(0))
    if from_output:
        a = xb if keep is None else np.where(keep, xb, kdt.type(fill))
    elif fwd_op is not None:
        a = _rowm_kdt(fwd_op, xb, axes, keep)
    else:
        a = _core.rows(name, fwd, xb, axis, None)
    res = np.asarray(_core.rows_bwd(name, bwd, gb, a, axis, None))
    if keep is not None:
        np.copyto(res, 0, where=~keep)
    return N._deliver(name, res, out, rdt, shape)


# ---- softmin ---------------------------------------------------------------

def softmin(x, axis=-1, *, where=None, out=None):
    return masked_rows("softmin", _SOFTMIN, x, axis, where, out)


def softmin_grad(grad, x, axis=-1, *, where=None, from_output=False, out=None):
    # softmin(x) = softmax(-x): its VJP is -softmax_bwd(g, y), y = softmin(x)
    if where is None and from_output:
        return _core.rows_bwd("softmin_grad", _SOFTMIN_BWD, grad, x, axis, out)
    return row_vjp("softmin_grad", grad, x, axis, where, out, bwd=_SOFTMIN_BWD,
                   fwd_op=_SOFTMIN, from_output=from_output)


# ---- logsumexp -------------------------------------------------------------

def _reduced_shape(shape, axes, keepdims):
    if keepdims:
        return tuple(1 if i in axes else n for i, n in enumerate(shape))
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _keepdims(name, keepdims):
    if not isinstance(keepdims, (bool, np.bool_)):
        raise TypeError(f"{name}: keepdims must be a bool, got {type(keepdims).__name__}")
    return bool(keepdims)


def logsumexp(x, axis=-1, keepdims=False, *, where=None, out=None):
    name = "logsumexp"
    keepdims = _keepdims(name, keepdims)
    xr = _fast_rows(x, axis) if where is None and out is None else None
    if xr is not None:
        yr = np.empty((xr.shape[0], 1), x.dtype)
        _core.run_rowm_2d(_LOGSUMEXP, xr, None, yr)
        return yr.reshape(x.shape[:-1] + ((1,) if keepdims else ()))
    if _dask.is_dask(x):
        raise TypeError(f"{name}: dask arrays are not supported (the result is a reduction); "
                        "use dask.array's own reductions or map_blocks")
    x = N._as_float(name, x, "x")
    kdt, rdt = N._compute_dtype(x.dtype)
    axes = N._axes(name, axis, x.ndim)
    keep = _mask(name, where, x.shape)
    rshape = _reduced_shape(x.shape, axes, keepdims)
    if out is not None:
        N._check_out(name, out, rshape, rdt)
    xr, _ = N._to_rows(x, axes, kdt)
    nrows, rowlen = xr.shape
    if rowlen == 0:          # the sum of no terms: log(0)
        return _finish(name, np.full(int(np.prod(rshape)), -np.inf, kdt), out, rdt, rshape)
    wr = None if keep is None else _mask_rows(keep, axes, nrows, rowlen)
    yr = _direct(out, kdt, (nrows, 1), [xr]) if out is not None else None
    if yr is not None:
        _core.run_rowm_2d(_LOGSUMEXP, xr, wr, yr)
        return out
    yr = np.empty((nrows, 1), kdt)
    _core.run_rowm_2d(_LOGSUMEXP, xr, wr, yr)
    return _finish(name, yr, out, rdt, rshape)


def logsumexp_grad(grad, x, axis=-1, keepdims=False, *, where=None, out=None):
    name = "logsumexp_grad"
    keepdims = _keepdims(name, keepdims)
    xr = _fast_rows(x, axis) if where is None and out is None else None
    if (xr is not None and type(grad) is np.ndarray and grad.dtype == x.dtype
            and grad.shape == x.shape[:-1] + ((1,) if keepdims else ())):
        # one fused pass (fa_rows_axis.h): the kernel reads g_r from p[r, 0]
        p = np.empty(xr.shape, x.dtype)
        p[:, 0] = grad.reshape(-1)
        _core.run_rowm_2d(_LSE_BWD, xr, None, p)
        return p.reshape(x.shape)
    if _dask.is_dask(x) or _dask.is_dask(grad):
        raise TypeError(f"{name}: dask arrays are not supported")
    g = N._as_float(name, grad, "grad")
    x = N._as_float(name, x, "x")
    kdt, rdt = N._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                               x.dtype.newbyteorder("=")))
    axes = N._axes(name, axis, x.ndim)
    keep = _mask(name, where, x.shape)
    rshape = _reduced_shape(x.shape, axes, keepdims)
    try:
        gb = np.broadcast_to(g, rshape)
    except ValueError:
        raise ValueError(f"{name}: grad of shape {g.shape} does not broadcast to the shape "
                         f"{rshape} of logsumexp's result") from None
    if out is not None:
        N._check_out(name, out, x.shape, rdt)
    gk = (gb if keepdims else np.expand_dims(gb, axes)).astype(kdt, copy=False)
    p = _rowm_kdt(_SOFTMAX_M, x.astype(kdt, copy=False), axes, keep)
    # d lse / d x_i = softmax_i: one rounding of g p (0 * inf from an infinite
    # grad on a probability-0 entry is NaN, as in the mathematics' limit-free
    # form; quietly)
    with np.errstate(all="ignore"):
        res = np.multiply(p, gk, out=p)
    if keep is not None:
        np.copyto(res, 0, where=~keep)
    return N._deliver(name, res, out, rdt, x.shape)


# ---- sparsemax -------------------------------------------------------------

def sparsemax(x, axis=-1, *, out=None):
    return _core.rows("sparsemax", _SPARSEMAX, x, axis, out)


def sparsemax_grad(grad, x, axis=-1, *, from_output=False, out=None):
    if from_output:
        return _core.rows_bwd("sparsemax_grad", _SPARSEMAX_BWD, grad, x, axis, out)
    return row_vjp("sparsemax_grad", grad, x, axis, None, out, bwd=_SPARSEMAX_BWD,
                   fwd=_SPARSEMAX)


# ---- gated family -----------------------------------------------------------

def _gate_axis(name, axis, ndim):
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{name}: axis must be an int (the axis split into halves), got "
                        f"{type(axis).__name__}")
    return N._axes(name, int(axis), ndim)[0]


def _half_shape(name, shape, ax):
    n = shape[ax]
    if n % 2:
        raise ValueError(f"{name}: the length of axis {ax} is {n}, which is odd; the gated "
                         f"functions split it into two equal halves (a, b)")
    return shape[:ax] + (n // 2,) + shape[ax + 1:]


def _gated(name, op, x, axis, out, p0=0.0):
    xr = _fast_rows(x, axis, even=True)
    if xr is not None and (out is None or out.shape == x.shape[:-1] + (x.shape[-1] // 2,)):
        yr = _fast_out(out, x.dtype, (xr.shape[0], xr.shape[1] // 2), [xr])
        if yr is not None:
            _core.run_gated_2d(op, xr, yr, p0)
            return yr.reshape(x.shape[:-1] + (yr.shape[1],)) if out is None else out
    if _dask.is_dask(x):
        raise TypeError(f"{name}: dask arrays are not supported (the result has half the "
                        "axis); use dask's map_blocks with the axis in one chunk")
    x = N._as_float(name, x, "x")
    kdt, rdt = N._compute_dtype(x.dtype)
    ax = _gate_axis(name, axis, x.ndim)
    hshape = _half_shape(name, x.shape, ax)
    if out is not None:
        N._check_out(name, out, hshape, rdt)
    xr, mshape = N._to_rows(x, (ax,), kdt)
    shape2d = (xr.shape[0], xr.shape[1] // 2)
    yr = None
    if out is not None and ax == x.ndim - 1:
        yr = _direct(out, kdt, shape2d, [xr])
    if yr is not None:
        _core.run_gated_2d(op, xr, yr, p0)
        return out
    yr = np.empty(shape2d, kdt)
    _core.run_gated_2d(op, xr, yr, p0)
    back = np.moveaxis(yr.reshape(mshape[:-1] + (shape2d[1],)), -1, ax)
    return _finish(name, back, out, rdt, hshape)


def _gated_grad(name, op, grad, x, axis, out, p0=0.0):
    xr = _fast_rows(x, axis, even=True)
    if (xr is not None and type(grad) is np.ndarray and grad.dtype == x.dtype
            and grad.shape == x.shape[:-1] + (x.shape[-1] // 2,) and grad.flags.c_contiguous
            and grad.flags.aligned and (out is None or out.shape == x.shape)):
        gr = grad.reshape(-1, xr.shape[1] // 2)
        yr = _fast_out(out, x.dtype, xr.shape, [xr, gr], alias_ok=[xr])
        if yr is not None:
            _core.run_gated_bwd_2d(op, gr, xr, yr, p0)
            return yr.reshape(x.shape) if out is None else out
    if _dask.is_dask(x) or _dask.is_dask(grad):
        raise TypeError(f"{name}: dask arrays are not supported")
    g = N._as_float(name, grad, "grad")
    x = N._as_float(name, x, "x")
    kdt, rdt = N._compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                               x.dtype.newbyteorder("=")))
    ax = _gate_axis(name, axis, x.ndim)
    hshape = _half_shape(name, x.shape, ax)
    try:
        gb = np.broadcast_to(g, hshape)
    except ValueError:
        raise ValueError(f"{name}: grad of shape {g.shape} does not broadcast to the shape "
                         f"{hshape} of the forward's result") from None
    if out is not None:
        N._check_out(name, out, x.shape, rdt)
    xr, mshape = N._to_rows(x, (ax,), kdt)
    gr, _ = N._to_rows(gb, (ax,), kdt)
    if np.may_share_memory(gr, xr) and gr is not xr:
        gr = gr.copy()
    yr = None
    if out is not None and ax == x.ndim - 1:
        yr = _direct(out, kdt, xr.shape, [xr, gr], alias_ok=[xr])
    if yr is not None:
        _core.run_gated_bwd_2d(op, gr, xr, yr, p0)
        return out
    yr = np.empty(xr.shape, kdt)
    _core.run_gated_bwd_2d(op, gr, xr, yr, p0)
    return _finish(name, N._from_rows(yr, mshape, (ax,), x.ndim), out, rdt, x.shape)


def glu(x, axis=-1, *, out=None):
    return _gated("glu", _GATED["glu"], x, axis, out)


def glu_grad(grad, x, axis=-1, *, out=None):
    return _gated_grad("glu_grad", _GATED_BWD["glu_bwd"], grad, x, axis, out)


def geglu(x, axis=-1, approximate="none", *, out=None):
    t = _params.approximate("geglu", approximate)
    return _gated("geglu", _GATED["geglu_tanh" if t else "geglu"], x, axis, out)


def geglu_grad(grad, x, axis=-1, approximate="none", *, out=None):
    t = _params.approximate("geglu_grad", approximate)
    return _gated_grad("geglu_grad", _GATED_BWD["geglu_tanh_bwd" if t else "geglu_bwd"], grad,
                       x, axis, out)


def swiglu(x, axis=-1, beta=1.0, *, out=None):
    b = _params.finite("swiglu", "beta", beta)
    return _gated("swiglu", _GATED["swiglu"], x, axis, out, b)


def swiglu_grad(grad, x, axis=-1, beta=1.0, *, out=None):
    b = _params.finite("swiglu_grad", "beta", beta)
    return _gated_grad("swiglu_grad", _GATED_BWD["swiglu_bwd"], grad, x, axis, out, b)


def reglu(x, axis=-1, *, out=None):
    return _gated("reglu", _GATED["reglu"], x, axis, out)


def reglu_grad(grad, x, axis=-1, *, out=None):
    return _gated_grad("reglu_grad", _GATED_BWD["reglu_bwd"], grad, x, axis, out)


# ---- docstrings ---------------------------------------------------------------

AXIS_DOC = """axis : int, tuple of ints or None, default -1
    The axis (or axes) the distribution runs along; None means all elements."""
WHERE_DOC = """where : array_like of bool, optional
    Broadcastable to x.  Entries where it is False take no part: probability 0
    (log_softmax: -inf), no contribution to sums, gradient 0.  A slice with no
    True entry gives the "safe" result: softmax/softmin 0, log_softmax -inf,
    logsumexp -inf, gradients 0 (never NaN)."""
GATE_AXIS_DOC = """axis : int, default -1
    The axis split into halves a = x[..., :n/2], b = x[..., n/2:] (its length n
    must be even; the activation applies to the second half b, as in
    torch.nn.functional.glu)."""
GATE_GRAD_NOTE = ("grad has the forward's (half) shape; the result has x's shape:\n"
                  "da = grad * act(b) in the first half, db = grad * a * act'(b) in the\n"
                  "second.  float32 is evaluated in double and rounded once, but glu's and\n"
                  "swiglu's (beta = 1) with FMA (AVX2, AVX-512): float lanes, da within\n"
                  "2 ulp, db within 4 (act' of grad * a rounded first).")

softmin.__doc__ = D.forward(
    "Softmin along an axis: softmax of -x.",
    "softmin(x)_i = exp(m - x_i) / sum_j exp(m - x_j),  m = min_j x_j",
    params=AXIS_DOC + "\n" + WHERE_DOC,
    notes="Exactly softmax(-x) (negation is exact): the same accuracy, float32 within\n"
          "2 ulp.  +inf entries get probability 0; a slice that is all +inf, or holds\n"
          "-inf or NaN, gives NaN (unless masked out).")
softmin_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of softmin.",
    "softmin_grad(g, x) = -y * (g - sum(g * y)),  y = softmin(x) along axis",
    params=AXIS_DOC + "\n" + WHERE_DOC,
    from_output="The second argument is softmin's output y (saves recomputing it).")
logsumexp.__doc__ = D.forward(
    "Logarithm of the sum of exponentials along an axis (a reduction).",
    "logsumexp(x) = m + log1p(sum_j exp(x_j - m) - 1),  m = max_j x_j",
    params=AXIS_DOC.replace("the distribution runs", "to reduce") + "\n"
    + "keepdims : bool, default False\n    Keep the reduced axes with length 1.\n"
    + WHERE_DOC,
    notes="Max-shifted, x_j - m exact, the sum in double (compensated for float64),\n"
          "and log1p of the sum without its max entries' exact 1s, so a dominating\n"
          "entry at 0 still gives the tiny result.  float32 is within 1 ulp (computed\n"
          "in double, rounded once); float64 within 1 + 2 cond ulp, cond =\n"
          "sum |x_j| p_j / |logsumexp(x)|.  NaN in a slice gives NaN, +inf gives +inf,\n"
          "a slice of only -inf (or masked, or empty) gives -inf.  The result has x's\n"
          "shape without the reduced axes (with keepdims, with them as length 1).")
logsumexp_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of logsumexp.",
    "logsumexp_grad(g, x) = g * softmax(x)  (g broadcast back along axis)",
    params=AXIS_DOC.replace("the distribution runs", "to reduce") + "\n"
    + "keepdims : bool, default False\n    How grad is shaped: logsumexp's result "
    + "with (True) or\n    without (False) the reduced axes.\n" + WHERE_DOC,
    notes="grad has logsumexp's result shape (broadcasting to it allowed); the result\n"
          "has x's shape.")
sparsemax.__doc__ = D.forward(
    "Sparsemax along an axis: the Euclidean projection onto the probability simplex\n"
    "(Martins & Astudillo, 2016).",
    "sparsemax(x)_i = max(x_i - tau, 0),  tau such that sum_i sparsemax(x)_i = 1",
    params=AXIS_DOC,
    notes="tau by Michelot's algorithm (sums in double, compensated for float64, tau\n"
          "as a double-double), so each kept entry x_i - tau rounds once.  -inf\n"
          "entries get 0; +inf entries share the mass equally; a slice with NaN, or\n"
          "with only -inf, gives NaN.")
sparsemax_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of sparsemax.",
    "sparsemax_grad(g, x)_i = g_i - mean_{j in S} g_j  for i in S,  0 otherwise,\n"
    "S = {i : sparsemax(x)_i > 0}",
    params=AXIS_DOC,
    from_output="The second argument is sparsemax's output y (S = {y > 0}).")
glu.__doc__ = D.forward(
    "Gated linear unit: the first half gated by the sigmoid of the second.",
    "glu(x) = a * sigmoid(b),  (a, b) = the two halves of x along axis",
    params=GATE_AXIS_DOC,
    notes="The result has x's shape with the axis halved.  float32 within 2 ulp\n"
          "(sigmoid's quotient and Newton term times a, rounded once, in float lanes;\n"
          "without FMA evaluated in double: 0.5 ulp).")
glu_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of glu (with respect to the whole x).",
    "glu_grad(g, x) = [g * sigmoid(b), g * a * sigmoid'(b)]  (concatenated along axis)",
    params=GATE_AXIS_DOC, notes=GATE_GRAD_NOTE)
geglu.__doc__ = D.forward(
    "GEGLU: the first half times gelu of the second.",
    "geglu(x) = a * gelu(b),  (a, b) = the two halves of x along axis",
    params=GATE_AXIS_DOC + "\napproximate : {'none', 'tanh'}, default 'none'\n"
    "    gelu's exact erf form, or the tanh approximation.",
    notes="The result has x's shape with the axis halved.")
geglu_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of geglu (with respect to the whole x).",
    "geglu_grad(g, x) = [g * gelu(b), g * a * gelu'(b)]  (concatenated along axis)",
    params=GATE_AXIS_DOC + "\napproximate : {'none', 'tanh'}, default 'none'\n"
    "    As for geglu.", notes=GATE_GRAD_NOTE)
swiglu.__doc__ = D.forward(
    "SwiGLU: the first half times swish of the second.",
    "swiglu(x) = a * b * sigmoid(beta * b),  (a, b) = the two halves of x along axis",
    params=GATE_AXIS_DOC + "\nbeta : float, default 1.0\n    Swish's beta (1: silu).",
    notes="The result has x's shape with the axis halved.  float32 within 2 ulp at\n"
          "beta = 1 (silu's quotient and Newton term times a, rounded once, in float\n"
          "lanes; without FMA, or beta != 1, evaluated in double: 0.5 ulp).  With\n"
          "beta != 1, float64 rounds beta * b first (an extra cond(sigmoid) ulp).")
swiglu_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of swiglu (with respect to the whole x).",
    "swiglu_grad(g, x) = [g * b * sigmoid(beta b), g * a * silu'(beta b)]",
    params=GATE_AXIS_DOC + "\nbeta : float, default 1.0\n    As for swiglu.",
    notes=GATE_GRAD_NOTE)
reglu.__doc__ = D.forward(
    "ReGLU: the first half times relu of the second.",
    "reglu(x) = a * max(b, 0),  (a, b) = the two halves of x along axis",
    params=GATE_AXIS_DOC, notes="The result has x's shape with the axis halved.")
reglu_grad.__doc__ = D.gradient(
    "Vector-Jacobian product of reglu (with respect to the whole x).",
    "reglu_grad(g, x) = [g * max(b, 0), g * a * [b > 0]]",
    params=GATE_AXIS_DOC, notes=GATE_GRAD_NOTE)
