"""Memory layouts: C/F order, strides, negative strides, 0-d, empty,
misaligned, non-native byte order, read-only.  Every layout gives bitwise
the result of the same values in a fresh C-contiguous array."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cases import ALL_NAMES, FORWARD_NAMES, GRAD_NAMES, call, is_grad, is_row

DTYPES = [np.float32, np.float64]


def _base(dtype, shape=(24, 30), seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 4).astype(dtype)


VIEWS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "T": lambda a: a.T,
    "step2": lambda a: a[::2],
    "neg_step": lambda a: a[::-2],
    "cols_step3": lambda a: a[:, ::3],
    "neg_both": lambda a: a[::-1, ::-3],
    "ravel_neg": lambda a: a.reshape(-1)[::-2],
    "3d_transposed": lambda a: a.reshape(4, 6, 30).transpose(2, 0, 1),
    "3d_sliced": lambda a: a.reshape(4, 6, 30)[1:, ::2, 5:-3:2],
}


def _same(got, expected):
    """Bitwise equality up to NaN payloads: values, NaN positions, signs of zeros."""
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    keep = ~np.isnan(expected)
    assert np.array_equal(np.signbit(got[keep]), np.signbit(expected[keep]))


@pytest.mark.parametrize("view", list(VIEWS), ids=list(VIEWS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_views_equal_contiguous(name, dtype, view):
    v = VIEWS[view]
    x = v(_base(dtype))
    if is_grad(name):
        g = v(_base(dtype, seed=1))
        expected = call(name, np.ascontiguousarray(g), np.ascontiguousarray(x))
        _same(np.ascontiguousarray(call(name, g, x)), expected)
        # mixed layouts of g and x
        expected = call(name, np.ascontiguousarray(g), np.ascontiguousarray(x))
        _same(np.ascontiguousarray(call(name, np.ascontiguousarray(g), x)), expected)
        _same(np.ascontiguousarray(call(name, g, np.asfortranarray(x))), expected)
    else:
        expected = call(name, np.ascontiguousarray(x))
        _same(np.ascontiguousarray(call(name, x)), expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", [n for n in ALL_NAMES if is_row(n)])
def test_softmax_axes_on_views(name, dtype):
    for view in VIEWS.values():
        x = view(_base(dtype))
        for axis in range(-x.ndim, x.ndim):
            args = (view(_base(dtype, seed=2)), x) if is_grad(name) else (x,)
            expected = call(name, *[np.ascontiguousarray(a) for a in args], axis=axis)
            _same(np.ascontiguousarray(call(name, *args, axis=axis)), expected)


EMPTY_SHAPES = [(0,), (3, 0), (0, 5), (2, 0, 4)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_empty(name, dtype, shape):
    x = np.empty(shape, dtype=dtype)
    args = (x.copy(), x) if is_grad(name) else (x,)
    got = call(name, *args)
    assert isinstance(got, np.ndarray) and got.shape == shape and got.dtype == dtype
    out = np.empty(shape, dtype=dtype)
    assert call(name, *args, out=out) is out
    if is_row(name):
        for axis in [0, -1, None]:
            assert call(name, *args, axis=axis).shape == shape


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_misaligned(name, dtype):
    itemsize = np.dtype(dtype).itemsize
    n = 1001
    rng = np.random.default_rng(3)
    for offset in range(1, itemsize):
        buf = bytearray(n * itemsize + itemsize)
        x = np.frombuffer(buf, dtype=dtype, offset=offset, count=n)
        assert x.ctypes.data % itemsize != 0 and x.flags.writeable
        vals = (rng.standard_normal(n) * 4).astype(dtype)
        x[:] = vals
        args = (vals[::-1].copy(), x) if is_grad(name) else (x,)
        expected = call(name, *[np.array(a) for a in args])
        _same(call(name, *args), expected)
        # misaligned out, in place
        res = call(name, *args, out=x)
        assert res is x
        np.testing.assert_array_equal(x, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_non_native_byte_order(name, dtype):
    x = _base(dtype)
    swapped = x.astype(np.dtype(dtype).newbyteorder("S"))
    args = (x[::-1].copy(), x) if is_grad(name) else (x,)
    sargs = (args[0].astype(swapped.dtype), swapped) if is_grad(name) else (swapped,)
    got = call(name, *sargs)
    assert got.dtype == np.dtype(dtype) and got.dtype.isnative
    _same(got, call(name, *args))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_read_only_inputs(name):
    x = _base(np.float64)
    args = (x[::-1].copy(), x.copy()) if is_grad(name) else (x.copy(),)
    expected = call(name, *args)
    for a in args:
        a.flags.writeable = False
    _same(call(name, *args), expected)
    # also a read-only broadcast view as input
    if is_grad(name):
        g = np.broadcast_to(np.float64(0.5), x.shape)
        _same(call(name, g, x), call(name, np.full_like(x, 0.5), x))


@pytest.mark.parametrize("name", FORWARD_NAMES)
def test_large_strided_threaded(name):
    """A strided view of 2**21 elements (threaded size)."""
    rng = np.random.default_rng(4)
    a = rng.standard_normal((1 << 11, 1 << 11))
    x = a[::-1, ::2]
    _same(np.ascontiguousarray(call(name, x)), call(name, np.ascontiguousarray(x)))


_layout_strategy = st.sampled_from(["C", "F", "rev", "step"])


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(ALL_NAMES),
       dtype=st.sampled_from(DTYPES),
       shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=9),
       layout=_layout_strategy, data=st.data())
def test_property_layout_invariance(name, dtype, shape, layout, data):
    """Random shapes, values and layouts: bitwise equal to the contiguous
    computation (hypothesis)."""
    elems = st.floats(-1e4, 1e4, width=np.dtype(dtype).itemsize * 8)
    x = data.draw(hnp.arrays(dtype, shape, elements=elems))
    if layout == "F":
        x = np.asfortranarray(x)
    elif layout == "rev":
        x = x[::-1]
    elif layout == "step":
        x = np.repeat(x, 2, axis=0)[::2]
    args = (np.ones_like(x) * 0.5, x) if is_grad(name) else (x,)
    expected = call(name, *[np.ascontiguousarray(a) for a in args])
    got = call(name, *args)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("name", GRAD_NAMES)
def test_grad_with_zero_stride_inputs(name):
    """Broadcast (zero-stride) x and g are valid inputs."""
    x = np.broadcast_to(np.linspace(-2, 2, 7), (5, 7))
    g = np.broadcast_to(np.linspace(1, 2, 5)[:, None], (5, 7))
    _same(call(name, g, x), call(name, np.ascontiguousarray(g), np.ascontiguousarray(x)))
