"""Layout fuzz (hypothesis): random functions, shapes (0-d to 5-d, zero-length
axes), dtypes and byte orders, input layouts (C, F, reversed, every-other,
transposed, broadcast with stride 0, misaligned), `out` (none, fresh, in place,
partially overlapping an input, a strided view, and invalid ones), thread
counts and SIMD levels.

Every valid call equals, bitwise, the same function on fresh contiguous native
copies (whose accuracy against fastact.reference the accuracy tests assert);
every invalid one raises the documented error and changes no array."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fastact
from cases import ALL_NAMES, SIMD_LEVELS, call, is_grad, is_row

pytestmark = pytest.mark.slow

ROW = {n for n in ALL_NAMES if is_row(n)}
LAYOUTS = ["C", "F", "rev", "step", "T", "bcast", "misaligned"]
OUTS = ["none", "fresh_C", "fresh_F", "inplace", "overlap", "strided", "zero_stride",
        "read_only", "wrong_dtype"]


def _values(rng, shape, dtype):
    v = rng.uniform(-30, 30, size=shape)
    if v.size:
        flat = v.reshape(-1)
        k = rng.integers(0, flat.size, size=min(3, flat.size))
        flat[k] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40], size=k.size)
    kind = np.dtype(dtype).kind
    if kind == "b":
        return v > 0
    if kind in "iu":
        return np.clip(np.nan_to_num(v), -100, 100).astype(dtype)
    with np.errstate(all="ignore"):
        return v.astype(dtype)


def _c(a):
    """C-contiguous copy that keeps 0-d arrays 0-d (np.ascontiguousarray
    returns at least 1-d)."""
    return np.array(a, order="C", copy=True)


def _layout(a, layout, byteswap):
    """a copy of `a` (same values, same shape) with the given memory layout."""
    if byteswap and a.dtype.kind == "f":
        a = a.astype(a.dtype.newbyteorder())
    shape = a.shape
    if layout == "F":
        return np.array(a, order="F", copy=True)
    if layout == "rev" and a.ndim:
        src = _c(a[(slice(None, None, -1),) * a.ndim])
        return src[(slice(None, None, -1),) * a.ndim]
    if layout == "step" and a.ndim:
        big = np.empty(shape[:-1] + (2 * shape[-1],), a.dtype)
        big[..., ::2] = a
        return big[..., ::2]
    if layout == "T" and a.ndim >= 2:
        return _c(a.T).T
    if layout == "bcast" and a.ndim and shape[0] > 1:
        first = a[:1].copy()
        return np.broadcast_to(first, shape)          # read-only, stride 0
    if layout == "misaligned" and a.size:
        buf = bytearray(a.nbytes + 1)
        m = np.frombuffer(buf, dtype=a.dtype, offset=1, count=a.size).reshape(shape)
        m[...] = a
        return m
    return _c(a)


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=st.sampled_from(ALL_NAMES),
       shape=st.lists(st.integers(0, 5), min_size=0, max_size=5).map(tuple),
       dtype=st.sampled_from([np.float32, np.float64, np.float16, np.int32, np.bool_]),
       byteswap=st.booleans(),
       layouts=st.tuples(st.sampled_from(LAYOUTS), st.sampled_from(LAYOUTS)),
       out_mode=st.sampled_from(OUTS),
       threads=st.sampled_from([1, 2]),
       level=st.sampled_from(SIMD_LEVELS),
       seed=st.integers(0, 2**31 - 1))
def test_layout_fuzz(name, shape, dtype, byteswap, layouts, out_mode, threads, level, seed):
    if name in ROW and len(shape) == 0:
        shape = (3,)
    rng = np.random.default_rng(seed)
    clean = [_values(rng, shape, dtype) for _ in range(2 if is_grad(name) else 1)]
    for i, lay in enumerate(layouts[:len(clean)]):
        if lay == "bcast" and len(shape) and shape[0] > 1:   # equal rows: stride 0 holds them
            clean[i] = _c(np.broadcast_to(clean[i][:1], shape))
    args = [_layout(c, lay, byteswap) for c, lay in zip(clean, layouts)]
    prev = fastact._core.set_simd(level)        # bitwise equality holds per SIMD level
    try:
        with np.errstate(all="ignore"):
            expected = np.asarray(call(name, *[_c(c) for c in clean]))
    finally:
        fastact._core.set_simd(prev)
    rdt = expected.dtype
    kw, out, must_raise = {}, None, None
    src = args[-1]
    if out_mode == "fresh_C":
        out = np.empty(shape, rdt)
    elif out_mode == "fresh_F":
        out = np.empty(shape, rdt, order="F")
    elif out_mode == "inplace":
        if src.dtype == rdt and src.flags.writeable:
            out = src                                    # out=x (or out=grad's x slot)
    elif out_mode == "overlap" and src.size and src.dtype.newbyteorder("=") == rdt:
        # a buffer holding the input, out shifted by one element inside it
        base = np.empty(src.size + 1, rdt)
        base[:-1] = _c(clean[-1]).reshape(-1).astype(rdt)
        args[-1] = base[:-1].reshape(shape)
        out = base[1:].reshape(shape)
    elif out_mode == "strided":
        out = np.empty(shape[:-1] + (2 * shape[-1],), rdt)[..., ::2] if shape else None
    elif out_mode == "zero_stride" and int(np.prod(shape)) > 1:
        out = np.lib.stride_tricks.as_strided(np.zeros(1, rdt), shape, (0,) * len(shape))
        must_raise = ValueError
    elif out_mode == "read_only":
        out = np.zeros(shape, rdt)
        out.flags.writeable = False
        must_raise = ValueError
    elif out_mode == "wrong_dtype":
        out = np.zeros(shape, np.float64 if rdt != np.float64 else np.float32)
        must_raise = TypeError
    if out is not None:
        kw["out"] = out
    before = [np.array(a, copy=True) for a in args]
    out_before = None if out is None else np.array(out, copy=True)
    prev = fastact._core.set_simd(level)
    try:
        with fastact.num_threads(threads), np.errstate(all="ignore"):
            if must_raise is not None:
                with pytest.raises(must_raise):
                    call(name, *args, **kw)
                for a, b in zip(args, before):
                    np.testing.assert_array_equal(a, b)
                np.testing.assert_array_equal(out, out_before)
                return
            got = call(name, *args, **kw)
    finally:
        fastact._core.set_simd(prev)
    if out is not None:
        assert got is out
    got = np.asarray(got)
    assert got.dtype == rdt and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    if out is None:
        for a, b in zip(args, before):                   # inputs untouched
            np.testing.assert_array_equal(a, b)
