"""grad and x broadcast against each other (NumPy rules)."""

import numpy as np
import pytest

from cases import GRAD_NAMES, call, is_row

SHAPE_PAIRS = [
    ((3, 1), (1, 4)),
    ((4,), (3, 4)),
    ((3, 4), (4,)),
    ((), (3, 4)),
    ((3, 4), ()),
    ((2, 1, 5), (3, 1)),
    ((1,), (7,)),
    ((5, 1, 1), (1, 6, 1)),
]


@pytest.mark.parametrize("gshape,xshape", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("name", GRAD_NAMES)
def test_broadcast_equals_explicit(name, gshape, xshape):
    rng = np.random.default_rng(0)
    g = rng.standard_normal(gshape)
    x = rng.standard_normal(xshape)
    shape = np.broadcast_shapes(gshape, xshape)
    kw = {"axis": None} if is_row(name) and len(shape) == 0 else {}
    got = call(name, g, x, **kw)
    gb, xb = (np.ascontiguousarray(a) for a in np.broadcast_arrays(g, x))
    expected = call(name, gb, xb, **kw)
    assert np.shape(got) == shape
    np.testing.assert_array_equal(got, expected)
    if shape:
        out = np.empty(shape)
        assert call(name, g, x, out=out, **kw) is out
        np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("name", GRAD_NAMES)
def test_broadcast_scalar_grad(name):
    x = np.linspace(-2, 2, 9).reshape(3, 3)
    expected = call(name, np.full_like(x, 0.5), x)
    np.testing.assert_array_equal(call(name, np.float64(0.5), x), expected)
    np.testing.assert_array_equal(call(name, np.array(0.5), x), expected)
    x32 = x.astype(np.float32)
    got = call(name, np.float32(0.5), x32)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, call(name, np.full_like(x32, 0.5), x32))


@pytest.mark.parametrize("name", GRAD_NAMES)
def test_broadcast_out_of_wrong_shape(name):
    """out must have the broadcast shape, not the shape of either input."""
    g = np.ones((3, 1))
    x = np.ones((1, 4))
    for shape in [(3, 1), (1, 4), (4, 3)]:
        out = np.full(shape, 2.0)
        with pytest.raises(ValueError):
            call(name, g, x, out=out)
        assert np.all(out == 2.0)


@pytest.mark.parametrize("gshape,xshape", [((3,), (4,)), ((2, 3), (3, 2)), ((5, 4), (4, 5, 3))],
                         ids=str)
@pytest.mark.parametrize("name", GRAD_NAMES)
def test_incompatible_shapes_value_error(name, gshape, xshape):
    g, x = np.ones(gshape), np.ones(xshape)
    saved = (g.copy(), x.copy())
    with pytest.raises(ValueError):
        call(name, g, x)
    np.testing.assert_array_equal(g, saved[0])
    np.testing.assert_array_equal(x, saved[1])


@pytest.mark.parametrize("name", ["softmax_grad", "log_softmax_grad"])
def test_softmax_grad_broadcast_along_rows(name):
    """g of shape (n,) with x of shape (m, n): every row gets the same g."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 10))
    g = rng.standard_normal(10)
    got = call(name, g, x)
    for i in range(6):
        np.testing.assert_array_equal(got[i], call(name, g, x[i]))
