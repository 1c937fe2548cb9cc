"""The out= argument: allocation, in place, validation, return value,
overlap, and errors that leave every caller array unchanged."""

import numpy as np
import pytest

from cases import (ALL_NAMES, FORWARD_NAMES, GRAD_NAMES, call, is_grad, is_row,
                   sample_args)

DTYPES = [np.float32, np.float64]


def _expected(name, args):
    return call(name, *[a.copy() for a in args])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_none_allocates(name, dtype):
    args = sample_args(name, dtype=dtype)
    before = [a.copy() for a in args]
    res = call(name, *args)
    assert isinstance(res, np.ndarray) and res.dtype == dtype and res.shape == args[-1].shape
    assert not any(np.shares_memory(res, a) for a in args)
    for a, b in zip(args, before):
        np.testing.assert_array_equal(a, b)       # inputs untouched


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_given_is_returned_and_filled(name, dtype):
    args = sample_args(name, dtype=dtype)
    expected = _expected(name, args)
    out = np.full_like(expected, 7.0)
    res = call(name, *args, out=out)
    assert res is out
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_in_place_on_x(name, dtype):
    args = sample_args(name, dtype=dtype)
    expected = _expected(name, args)
    x = args[-1]
    res = call(name, *args, out=x)
    assert res is x
    np.testing.assert_array_equal(x, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", GRAD_NAMES)
def test_in_place_on_grad(name, dtype):
    g, x = sample_args(name, dtype=dtype)
    expected = _expected(name, (g, x))
    res = call(name, g, x, out=g)
    assert res is g
    np.testing.assert_array_equal(g, expected)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_strided_view(name):
    args = sample_args(name, shape=(6, 8), dtype=np.float64)
    expected = _expected(name, args)
    buf = np.zeros((12, 16))
    out = buf[::2, ::2]
    assert call(name, *args, out=out) is out
    np.testing.assert_array_equal(out, expected)
    assert np.all(buf[1::2] == 0) and np.all(buf[:, 1::2] == 0)


def _assert_unchanged_after(exc, name, args, out):
    saved = [a.copy() for a in args]
    saved_out = out.copy() if isinstance(out, np.ndarray) else None
    with pytest.raises(exc):
        call(name, *args, out=out)
    for a, b in zip(args, saved):
        np.testing.assert_array_equal(a, b)
    if saved_out is not None:
        np.testing.assert_array_equal(out, saved_out)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_wrong_dtype_is_type_error(name):
    args = sample_args(name, dtype=np.float32)
    _assert_unchanged_after(TypeError, name, args, np.full(args[-1].shape, 3.0, np.float64))
    args = sample_args(name, dtype=np.float64)
    _assert_unchanged_after(TypeError, name, args, np.full(args[-1].shape, 3.0, np.float32))
    _assert_unchanged_after(TypeError, name, args, np.full(args[-1].shape, 3, np.int64))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_wrong_shape_is_value_error(name):
    args = sample_args(name, shape=(5, 7), dtype=np.float64)
    for shape in [(7, 5), (35,), (5, 7, 1), (1, 5, 7), (5, 1)]:
        _assert_unchanged_after(ValueError, name, args, np.full(shape, 3.0))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_read_only_is_value_error(name):
    args = sample_args(name, dtype=np.float64)
    out = np.full(args[-1].shape, 3.0)
    out.flags.writeable = False
    _assert_unchanged_after(ValueError, name, args, out)
    # read-only input used as out: error, and the input is unchanged
    x = args[-1].copy()
    x.flags.writeable = False
    _assert_unchanged_after(ValueError, name, args[:-1] + (x,), x)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_not_an_ndarray_is_type_error(name):
    args = sample_args(name, shape=(2, 3), dtype=np.float64)
    for bad in ([[0.0] * 3] * 2, (1.0, 2.0), 3.0, memoryview(np.zeros((2, 3))), "out"):
        _assert_unchanged_after(TypeError, name, args, bad)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_zero_d_returns_numpy_scalar(name, dtype):
    # a 0-d array has no axis -1: the softmax family takes axis=None there
    kw = {"axis": None} if is_row(name) else {}
    args = [dtype(0.75)] * (2 if is_grad(name) else 1)
    res = call(name, *args, **kw)
    assert type(res) is dtype, type(res)
    expected = call(name, *[np.array([a]) for a in args], **kw)[0]
    assert res == expected
    res = call(name, *[np.array(a) for a in args], **kw)
    assert type(res) is dtype
    out = np.array(dtype(5))
    assert call(name, *[np.array(a) for a in args], out=out, **kw) is out
    assert out[()] == expected


@pytest.mark.parametrize("name", FORWARD_NAMES)
def test_partial_overlap_forward(name):
    """f(a[:-1], out=a[1:]) equals the non-overlapping computation, also for
    2-D rows shifted by one row and by one element, and with a large array."""
    rng = np.random.default_rng(0)
    for shape, shift in [((1000,), 1), ((50, 40), 1), ((1 << 18,), 3), ((64, 33), 7)]:
        a = rng.standard_normal(shape)
        src = a[:-shift].copy()
        expected = call(name, src)
        res = call(name, a[:-shift], out=a[shift:])
        np.testing.assert_array_equal(res, expected)
        np.testing.assert_array_equal(a[shift:], expected)
        # and the other direction
        a = rng.standard_normal(shape)
        expected = call(name, a[shift:].copy())
        call(name, a[shift:], out=a[:-shift])
        np.testing.assert_array_equal(a[:-shift], expected)


@pytest.mark.parametrize("name", GRAD_NAMES)
def test_partial_overlap_grad(name):
    rng = np.random.default_rng(1)
    for shape, shift in [((1000,), 1), ((40, 30), 1), ((1 << 18,), 5)]:
        a = rng.standard_normal(shape)
        b = rng.standard_normal(shape)
        expected = call(name, a[:-shift].copy(), b[shift:].copy())
        call(name, a[:-shift], b[shift:], out=a[shift:])      # out overlaps grad
        np.testing.assert_array_equal(a[shift:], expected)
        a = rng.standard_normal(shape)
        b = rng.standard_normal(shape)
        expected = call(name, a[shift:].copy(), b[:-shift].copy())
        call(name, a[shift:], b[:-shift], out=b[shift:])      # out overlaps x
        np.testing.assert_array_equal(b[shift:], expected)
        c = rng.standard_normal(shape)
        expected = call(name, c[:-shift].copy(), c[shift:].copy())
        call(name, c[:-shift], c[shift:], out=c[: c.shape[0] - shift])   # all three
        np.testing.assert_array_equal(c[: c.shape[0] - shift], expected)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_reversed_view_of_input(name):
    """out aliases x with the opposite direction: x[::-1] vs x."""
    rng = np.random.default_rng(2)
    a = rng.standard_normal(1001)
    args = (rng.standard_normal(1001), a) if is_grad(name) else (a,)
    expected = call(name, *[v.copy() for v in args])
    call(name, *args, out=a[::-1])
    np.testing.assert_array_equal(a[::-1], expected)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_out_dtype_is_the_result_dtype_for_converted_inputs(name):
    """int input -> float64 result, float16 -> float16: out must match that."""
    xi = np.arange(-3, 3).reshape(2, 3)
    args = (xi, xi) if is_grad(name) else (xi,)
    for bad in (np.float32, np.int64):
        out = np.full(xi.shape, 5, dtype=bad)
        with pytest.raises(TypeError):
            call(name, *args, out=out)
        assert np.all(out == 5)
    out = np.empty(xi.shape)
    assert call(name, *args, out=out) is out
    xh = xi.astype(np.float16)
    args = (xh, xh) if is_grad(name) else (xh,)
    out = np.full(xh.shape, 5, dtype=np.float32)
    with pytest.raises(TypeError):
        call(name, *args, out=out)
    assert np.all(out == 5)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_python_int_scalar_gives_float64_scalar(name):
    kw = {"axis": None} if is_row(name) else {}
    res = call(name, *((2, 1) if is_grad(name) else (1,)), **kw)
    assert type(res) is np.float64
