"""Dask arrays: every fastact function on a ``dask.array.Array`` returns a lazy
Dask array that maps the same kernel over the blocks (dask is never imported
unless such an array arrives).

Elementwise functions work on any chunking (grad and x are broadcast and their
chunks unified by Dask).  The softmax family (softmax, log_softmax, softmin,
sparsemax) needs each of its axes in one chunk -- a row split across chunks
cannot be normalised block by block -- and otherwise raises a ValueError that
says how to rechunk.  logsumexp and the gated units (whose results change the
shape) and the where= masks raise a TypeError for dask arrays.  ``out=`` is refused
(the result is lazy).  Inside Dask workers the kernels use the thread count the
worker's environment gives (dask.distributed sets OMP_NUM_THREADS=1 per worker
process, so workers do not oversubscribe the cores).
"""

import numpy as np


def is_dask(a):
    """True for dask.array.Array (checked without importing dask)."""
    t = type(a)
    return t.__name__ == "Array" and t.__module__.startswith("dask.array")


def _reject_out(name, out):
    if out is not None:
        raise TypeError(f"{name}: out= is not supported for dask arrays (the result is "
                        "lazy); use the returned array")


def _meta(fn, arrays):
    """Result dtype and meta from a call on empty blocks (raises fastact's own
    TypeError for a bad dtype, before any graph is built)."""
    res = np.asarray(fn(*[np.empty((0,) * a.ndim, a.dtype) for a in arrays]))
    return res.dtype, np.empty((0,) * res.ndim, res.dtype)


def _aligned(name, arrays):
    """Dask versions of the arrays, broadcast against each other and chunked
    alike (numpy arguments become dask arrays chunked like the others)."""
    import dask.array as da
    arrays = [a if is_dask(a) else da.asarray(np.asarray(a)) for a in arrays]
    if len(arrays) > 1:
        shapes = [a.shape for a in arrays]
        try:
            arrays = list(da.broadcast_arrays(*arrays))
        except ValueError:
            raise ValueError(f"{name}: arrays of shapes {', '.join(map(str, shapes))} do not "
                             "broadcast together") from None
        ind = tuple(range(arrays[0].ndim))
        _, arrays = da.core.unify_chunks(*[x for a in arrays for x in (a, ind)])
    return arrays


def elementwise(name, fn, arrays, out):
    import dask.array as da
    _reject_out(name, out)
    arrays = _aligned(name, arrays)
    dtype, meta = _meta(fn, arrays)
    return da.map_blocks(fn, *arrays, dtype=dtype, meta=meta)


def along_axes(name, fn, arrays, axes_of, out):
    """fn over blocks for a function along axes; axes_of(ndim) -> the axes."""
    import dask.array as da
    _reject_out(name, out)
    arrays = _aligned(name, arrays)
    ndim = arrays[0].ndim
    for ax in axes_of(ndim):
        n = arrays[0].numblocks[ax] if ndim else 1
        if n > 1:
            raise ValueError(
                f"{name}: axis {ax} of the dask array is split into {n} chunks; "
                f"rechunk it so that the axis lies in one chunk, e.g. "
                f"x.rechunk({{{ax}: -1}})")
    dtype, meta = _meta(fn, arrays)
    return da.map_blocks(fn, *arrays, dtype=dtype, meta=meta)
