"""Input conversion: array-likes, int/bool -> float64, float16 computed in
float32, rejected dtypes, and the result dtype of mixed gradients."""

import datetime

import numpy as np
import pytest

from cases import ALL_NAMES, GRAD_NAMES, call, is_grad, is_row

# softmax-family calls on these small inputs use the default axis=-1


def _args(name, x):
    return (np.ones_like(np.asarray(x, dtype=np.float64)), x) if is_grad(name) else (x,)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_lists_and_scalars(name):
    lst = [[0.5, -1.0, 2.0], [3.0, -0.25, 0.0]]
    arr = np.array(lst)
    expected = call(name, *_args(name, arr))
    got = call(name, *((lst, lst) if is_grad(name) else (lst,)))
    if is_grad(name):
        expected = call(name, arr, arr)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)
    if not is_row(name):
        s = call(name, *((0.5, 0.5) if is_grad(name) else (0.5,)))
        assert type(s) is np.float64
        assert s == call(name, *((np.array([0.5]),) * (2 if is_grad(name) else 1)))[0]


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8,
                                   np.uint16, np.uint32, np.uint64, np.bool_])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_int_and_bool_become_float64(name, dtype):
    x = np.array([[0, 1, 1], [1, 0, 1]]).astype(dtype)
    args = (x, x) if is_grad(name) else (x,)
    got = call(name, *args)
    assert got.dtype == np.float64
    expected = call(name, *[a.astype(np.float64) for a in args])
    np.testing.assert_array_equal(got, expected)
    # Python ints too
    got = call(name, *[a.astype(np.int64).tolist() for a in args])
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_float_dtype_is_kept(name, dtype):
    x = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    got = call(name, *((x, x) if is_grad(name) else (x,)))
    assert got.dtype == dtype


@pytest.mark.parametrize("name", ALL_NAMES)
def test_float16_is_computed_in_float32(name):
    """float16 in -> float16 out, exactly the float32 result rounded once."""
    with np.errstate(all="ignore"):         # 6e-8 is a float16 subnormal
        x = np.concatenate([np.linspace(-12, 12, 997), [0.0, -0.0, np.inf, -np.inf, 6e-8,
                                                         65504.0, -65504.0]]).astype(np.float16)
    x = x.reshape(1, -1)
    g = np.resize(np.linspace(-2, 2, 7), x.shape).astype(np.float16)
    args = (g, x) if is_grad(name) else (x,)
    # FP warnings are test_special_values.py's business; here only the values
    with np.errstate(all="ignore"):
        got = call(name, *args)
        expected = call(name, *[a.astype(np.float32) for a in args]).astype(np.float16)
        assert got.dtype == np.float16
        np.testing.assert_array_equal(got, expected)
        out = np.empty_like(x)
        assert call(name, *args, out=out) is out
        np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("name", GRAD_NAMES)
def test_mixed_dtypes_follow_result_type(name):
    rng = np.random.default_rng(0)
    x64 = rng.standard_normal((4, 6))
    g64 = rng.standard_normal((4, 6))
    x32, g32 = x64.astype(np.float32), g64.astype(np.float32)
    x16, g16 = x64.astype(np.float16), g64.astype(np.float16)
    for g, x in [(g32, x64), (g64, x32), (g16, x32), (g32, x16), (g16, x64),
                 (g32.astype(np.int32), x32), (g64, x16)]:
        rt = np.result_type(g.dtype if g.dtype.kind == "f" else np.float64,
                            x.dtype if x.dtype.kind == "f" else np.float64)
        got = call(name, g, x)
        assert got.dtype == rt, (g.dtype, x.dtype, got.dtype)
        compute = np.float32 if rt == np.float16 else rt
        with np.errstate(all="ignore"):
            expected = call(name, g.astype(compute), x.astype(compute)).astype(rt)
        np.testing.assert_array_equal(got, expected)


def _bad_inputs():
    return [
        ("complex64", np.array([1 + 2j, 0.5], dtype=np.complex64)),
        ("complex128", np.array([1 + 2j, 0.5])),
        ("object", np.array([1.0, 2.0], dtype=object)),
        ("str", np.array(["1.0", "2.0"])),
        ("bytes", np.array([b"1", b"2"])),
        ("datetime64", np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]")),
        ("timedelta64", np.array([1, 2], dtype="timedelta64[s]")),
        ("longdouble", np.array([1.0, 2.0], dtype=np.longdouble)),
        ("python complex", [1j, 2.0]),
        ("python str", "1.0"),
        ("python datetime", [datetime.datetime(2020, 1, 1)]),
    ]


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("label,bad", _bad_inputs(), ids=[b[0] for b in _bad_inputs()])
def test_rejected_dtypes_raise_type_error_naming_function(name, label, bad):
    if np.dtype(np.longdouble) == np.dtype(np.float64) and label == "longdouble":
        pytest.skip("long double is float64 on this platform")
    good = np.array([0.5, 1.0])
    arg_sets = [(bad, good), (good, bad)] if is_grad(name) else [(bad,)]
    for args in arg_sets:
        with pytest.raises(TypeError) as info:
            call(name, *args)
        msg = str(info.value)
        assert name in msg, msg
        assert "float32" in msg and "float64" in msg, msg


@pytest.mark.parametrize("name", ALL_NAMES)
def test_rejected_dtype_with_out_leaves_out_unchanged(name):
    out = np.full(2, 3.0)
    bad = np.array([1 + 1j, 2.0])
    args = (np.ones(2), bad) if is_grad(name) else (bad,)
    with pytest.raises(TypeError):
        call(name, *args, out=out)
    assert np.all(out == 3.0)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_ragged_list_raises(name):
    ragged = [[1.0, 2.0], [3.0]]
    args = (ragged, ragged) if is_grad(name) else (ragged,)
    with pytest.raises((TypeError, ValueError)):
        call(name, *args)
