"""The slow path: argument conversion, validation and error messages.

fastact._core handles the common case (aligned, contiguous, native
float32/float64 ndarrays) itself and calls these functions for everything
else.  They convert and check the arguments, then run the kernels on arrays
that satisfy the fast path's conditions (copying through a contiguous buffer
when the caller's layout needs it), so results never depend on layout.
Nothing here writes to a caller's array before every check has passed.
"""

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from . import _core, _dask

_ACCEPTED = ("float32, float64, float16 or bfloat16 (integer and bool inputs are converted "
             "to float64)")


def _as_float(name, arg, what):
    """arg as an ndarray of a dtype fastact computes in (may be non-native or
    float16); TypeError for any other dtype."""
    if isinstance(arg, np.ma.MaskedArray):
        raise TypeError(f"{name}: {what} is a masked array; fastact would overwrite masked "
                        f"slots silently. Pass {what}.filled(...) or the unmasked data.")
    try:
        a = np.asarray(arg)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name}: {what} could not be converted to an array: {exc}") from None
    k = a.dtype.kind
    if k == "f" and a.dtype.itemsize in (2, 4, 8):
        return a
    if a.dtype.name == "bfloat16":   # ml_dtypes' bfloat16: computed in float32, like float16
        return a
    if k in "biu":
        return a.astype(np.float64)
    raise TypeError(f"{name}: {what} has dtype {a.dtype}; expected {_ACCEPTED}")


def _compute_dtype(dt):
    """(kernel dtype, result dtype): float16 is computed in float32."""
    dt = np.dtype(dt).newbyteorder("=")
    if dt.itemsize == 2:
        return np.dtype(np.float32), dt
    return dt, dt


def _check_out(name, out, shape, rdt):
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{name}: out must be a numpy.ndarray, got {type(out).__name__}")
    if isinstance(out, np.ma.MaskedArray):
        raise TypeError(f"{name}: out is a masked array; fastact would overwrite its masked "
                        f"slots. Pass out.data to write every slot.")
    if out.dtype.newbyteorder("=") != rdt:
        raise TypeError(f"{name}: out has dtype {out.dtype}; the result's dtype is {rdt}")
    if out.shape != tuple(shape):
        raise ValueError(f"{name}: out has shape {out.shape}; the result's shape is "
                         f"{tuple(shape)}")
    if not out.flags.writeable:
        raise ValueError(f"{name}: out is read-only")
    if out.size > 1 and any(st == 0 and n > 1 for st, n in zip(out.strides, out.shape)):
        raise ValueError(f"{name}: out has a zero stride: several results would land in "
                         f"one element")


def _contiguous(a, kdt):
    """a as an aligned, C-contiguous, native array of kdt (a copy when needed)."""
    return np.require(a, dtype=kdt, requirements=["C", "A"])


def _store(dst, src):
    """dst[...] = src, rounding float32 results to float16 quietly: the
    rounding (and its overflow to inf / underflow to 0) is the documented
    result, not a floating-point error of the caller's."""
    with np.errstate(all="ignore"):
        np.copyto(dst, src, casting="unsafe")


def _deliver(name, res, out, rdt, shape):
    """Copy a computed result into out (or return it, rounded to rdt)."""
    if out is None:
        if res.dtype != rdt:
            rounded = np.empty(res.shape, rdt)
            _store(rounded, res)
            res = rounded
        return res[()] if res.ndim == 0 else res
    _store(out, res)
    return out


def _kernel_ready(out, kdt, inputs):
    """out can be written by the kernel directly: C-contiguous, aligned, native
    kdt, and every input is either out's exact buffer or disjoint from it."""
    if not (type(out) is np.ndarray and out.dtype == kdt and out.flags.c_contiguous
            and out.flags.aligned):
        return False
    for a in inputs:
        if not np.may_share_memory(a, out):   # the cheap bounds test first
            continue
        if not (a.__array_interface__["data"][0] == out.__array_interface__["data"][0]
                and a.strides == out.strides):
            return False
    return True


def unary(name, op, x, out, p0, p1):
    if _dask.is_dask(x):
        return _dask.elementwise(name, lambda b: _core.unary(name, op, b, None, p0, p1), [x],
                                 out)
    x = _as_float(name, x, "x")
    kdt, rdt = _compute_dtype(x.dtype)
    if out is not None:
        _check_out(name, out, x.shape, rdt)
    xc = _contiguous(x, kdt)
    if out is not None and _kernel_ready(out, kdt, [xc]):
        return _core.unary(name, op, xc, out, p0, p1)
    res = _core.unary(name, op, xc, None, p0, p1)
    return _deliver(name, np.asarray(res), out, rdt, x.shape)


def _broadcast_pair(name, a, b, what_a, what_b):
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{name}: {what_a} of shape {a.shape} and {what_b} of shape "
                         f"{b.shape} do not broadcast together") from None
    return shape


def binary(name, op, g, x, out, p0, p1):
    if _dask.is_dask(g) or _dask.is_dask(x):
        return _dask.elementwise(
            name, lambda gb, xb: _core.binary(name, op, gb, xb, None, p0, p1), [g, x], out)
    g = _as_float(name, g, "grad")
    x = _as_float(name, x, "x")
    kdt, rdt = _compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                             x.dtype.newbyteorder("=")))
    shape = _broadcast_pair(name, g, x, "grad", "x")
    if out is not None:
        _check_out(name, out, shape, rdt)
    gc = _contiguous(np.broadcast_to(g, shape), kdt)
    xc = _contiguous(np.broadcast_to(x, shape), kdt)
    if out is not None and _kernel_ready(out, kdt, [gc, xc]):
        return _core.binary(name, op, gc, xc, out, p0, p1)
    res = _core.binary(name, op, gc, xc, None, p0, p1)
    return _deliver(name, np.asarray(res), out, rdt, shape)


def bias_axis(name, axis, ndim):
    """The channel axis of a bias (or prelu weight), normalized."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{name}: axis must be an int, got {type(axis).__name__}")
    if ndim == 0:
        raise ValueError(f"{name}: x is 0-d; a per-channel bias or weight needs an axis")
    return normalize_axis_tuple(int(axis), ndim, f"{name}: axis")[0]


def channel_vector(name, what, v, shape, ax):
    """A per-channel bias/weight as an array broadcasting along axis `ax` of
    `shape`: 0-d, shape (1,), or shape (shape[ax],)."""
    v = _as_float(name, v, what)
    if v.ndim > 1 or (v.ndim == 1 and v.shape[0] not in (1, shape[ax])):
        raise ValueError(f"{name}: {what} must have shape (1,) or ({shape[ax]},) (x's length "
                         f"along axis {ax}), got {v.shape}")
    return v.reshape([-1 if i == ax else 1 for i in range(len(shape))]) if v.ndim else v


def _biased(name, x, b, axis):
    """x + b along axis, b converted to x's dtype first (a parameter, as
    negative_slope is: float32 x stays float32), the sum rounded as np.add
    rounds it -- so the fused kernels' results are the unfused ones."""
    ax = bias_axis(name, axis, x.ndim)
    bb = channel_vector(name, "bias", b, x.shape, ax)
    dt = x.dtype.newbyteorder("=")
    with np.errstate(all="ignore"):  # x + b may overflow; the kernels define inf
        bb = bb.astype(dt)
        if _dask.is_dask(x):
            return x + bb
        return np.add(x, bb, dtype=dt)


def biased(name, x, b, axis):
    """x + b along axis, rounded as np.add rounds it (for parameter gradients)."""
    if not _dask.is_dask(x):
        x = _as_float(name, x, "x")
    return _biased(name, x, b, axis)


def reduce_to_channel(name, dx, x, b, axis):
    """dbias: dx summed over every axis but the bias axis, in dx's dtype (as
    dx.sum(axis=...) sums it), shaped like the bias."""
    nd_x = np.ndim(x)
    ax = bias_axis(name, axis, nd_x) - nd_x  # from the end: grad may add leading axes
    b = np.asarray(b) if not _dask.is_dask(b) else b
    if b.size == 1:
        return dx.sum().reshape(b.shape)
    others = tuple(i for i in range(dx.ndim) if i != dx.ndim + ax)
    return dx.sum(axis=others)


def unary_bias(name, op, x, b, axis, out, p0, p1):
    if not _dask.is_dask(x):
        x = _as_float(name, x, "x")
    t = _biased(name, x, b, axis)
    if out is None and not _dask.is_dask(t) and t.dtype.itemsize > 2:
        return unary(name, op, t, t, p0, p1)  # in place on our own temporary
    return unary(name, op, t, out, p0, p1)


def binary_bias(name, op, g, x, b, axis, out, p0, p1):
    if not (_dask.is_dask(g) or _dask.is_dask(x)):
        g = _as_float(name, g, "grad")
        x = _as_float(name, x, "x")
    t = _biased(name, x, b, axis)
    return binary(name, op, g, t, out, p0, p1)


def _axes(name, axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer, tuple)):
        raise TypeError(f"{name}: axis must be an int, a tuple of ints or None, got "
                        f"{type(axis).__name__}")
    # AxisError is a ValueError and an IndexError, as in NumPy
    return normalize_axis_tuple(axis, ndim, f"{name}: axis")


def _to_rows(a, axes, kdt):
    """a with `axes` moved last and flattened into rows: (2-D array, moved shape)."""
    k = len(axes)
    moved = np.moveaxis(a, axes, tuple(range(a.ndim - k, a.ndim)))
    rowlen = int(np.prod([a.shape[i] for i in axes], dtype=np.int64))
    nrows = a.size // rowlen if rowlen else 0
    rows = _contiguous(moved, kdt).reshape(nrows, rowlen)
    return rows, moved.shape


def _from_rows(res2d, moved_shape, axes, ndim):
    k = len(axes)
    return np.moveaxis(res2d.reshape(moved_shape), tuple(range(ndim - k, ndim)), axes)


def rows(name, op, x, axis, out):
    if _dask.is_dask(x):
        return _dask.along_axes(name, lambda b: _core.rows(name, op, b, axis, None), [x],
                                lambda nd: _axes(name, axis, nd), out)
    x = _as_float(name, x, "x")
    kdt, rdt = _compute_dtype(x.dtype)
    axes = _axes(name, axis, x.ndim)
    if out is not None:
        _check_out(name, out, x.shape, rdt)
    xr, mshape = _to_rows(x, axes, kdt)
    res = np.empty(xr.shape, kdt)
    _core.run_rows_2d(op, xr, res)
    back = _from_rows(res, mshape, axes, x.ndim)
    if out is None:
        out_arr = np.empty(x.shape, rdt)
        _store(out_arr, back)
        return out_arr[()] if out_arr.ndim == 0 else out_arr
    _store(out, back)
    return out


def rows_bwd(name, op, g, a, axis, out, what_a="x"):
    if _dask.is_dask(g) or _dask.is_dask(a):
        return _dask.along_axes(
            name, lambda gb, ab: _core.rows_bwd(name, op, gb, ab, axis, None), [g, a],
            lambda nd: _axes(name, axis, nd), out)
    g = _as_float(name, g, "grad")
    a = _as_float(name, a, what_a)
    kdt, rdt = _compute_dtype(np.result_type(g.dtype.newbyteorder("="),
                                             a.dtype.newbyteorder("=")))
    shape = _broadcast_pair(name, g, a, "grad", what_a)
    axes = _axes(name, axis, len(shape))
    if out is not None:
        _check_out(name, out, shape, rdt)
    gb, ab = np.broadcast_to(g, shape), np.broadcast_to(a, shape)
    gr, mshape = _to_rows(gb, axes, kdt)
    ar, _ = _to_rows(ab, axes, kdt)
    res = np.empty(ar.shape, kdt)
    _core.run_rows_bwd_2d(op, gr, ar, res)
    back = _from_rows(res, mshape, axes, len(shape))
    if out is None:
        out_arr = np.empty(shape, rdt)
        _store(out_arr, back)
        return out_arr[()] if out_arr.ndim == 0 else out_arr
    _store(out, back)
    return out


_core._set_slow_path(__import__(__name__, fromlist=["_"]))
