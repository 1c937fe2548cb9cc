"""Results do not depend on array length, offset, position or thread count:
f(x)[k] == f(x[k:k+1])[0], slices agree with the whole, 1 thread == 2
threads (arrays of 2**20+ elements, large enough to be threaded)."""

import numpy as np
import pytest

import fastact
from cases import ALL_OPS, GRAD_NAMES, FORWARD_NAMES, call, f32_specials, is_row

DTYPES = [np.float32, np.float64]


def _values(dtype, n, seed=0):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) * 10).astype(dtype)
    with np.errstate(all="ignore"):
        sp = f32_specials().astype(dtype)
    x[: sp.size] = sp
    rng.shuffle(x)
    return x


def _bits_equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    nan = np.isnan(a) & np.isnan(b)
    return np.all(nan | ((a == b) & (np.signbit(a) == np.signbit(b))))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ALL_OPS, ids=str)
def test_each_element_equals_single_element_call(op, dtype, simd_level):
    x = _values(dtype, 301)
    g = _values(dtype, 301, seed=1)
    y = op.f(x)
    d = op.grad(g, x)
    for k in range(x.size):
        assert _bits_equal(op.f(x[k:k + 1])[0], y[k]), (op, x[k])
        assert _bits_equal(op.grad(g[k:k + 1], x[k:k + 1])[0], d[k]), (op, g[k], x[k])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ALL_OPS, ids=str)
def test_slices_at_every_offset_and_length(op, dtype, simd_level):
    """Sub-arrays at offsets 0..16 and lengths 0..70 (every SIMD tail and
    alignment), and a large array, agree with the whole."""
    x = _values(dtype, 4096 + 64, seed=2)
    g = _values(dtype, x.size, seed=3)
    y = op.f(x)
    d = op.grad(g, x)
    for off in range(17):
        for n in list(range(71)) + [255, 256, 257, 4096]:
            sl = slice(off, off + n)
            assert _bits_equal(op.f(x[sl]), y[sl]), (op, off, n)
            assert _bits_equal(op.grad(g[sl], x[sl]), d[sl]), (op, off, n)
    assert _bits_equal(op.f(x.copy()), y)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_row_independent_of_batch(name, dtype, simd_level):
    """A row's result does not depend on the other rows, its position in the
    batch, or the batch size."""
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((37, 129)) * 5).astype(dtype)
    g = rng.standard_normal(x.shape).astype(dtype)
    y = getattr(fastact, name)(x)
    d = getattr(fastact, name + "_grad")(g, x)
    for i in range(x.shape[0]):
        assert _bits_equal(getattr(fastact, name)(x[i]), y[i])
        assert _bits_equal(getattr(fastact, name)(x[i:i + 3])[0], y[i])
        assert _bits_equal(getattr(fastact, name + "_grad")(g[i], x[i]), d[i])


BIG = 1 << 20


def _big_args(name, dtype):
    rng = np.random.default_rng(5)
    shape = (1024, 1024) if is_row(name) else (BIG + 13,)
    x = (rng.standard_normal(shape) * 6).astype(dtype)
    if name.endswith("_grad"):
        return (rng.standard_normal(shape).astype(dtype), x)
    return (x,)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FORWARD_NAMES + GRAD_NAMES)
def test_one_thread_equals_two_threads(name, dtype):
    args = _big_args(name, dtype)
    with fastact.num_threads(1):
        assert fastact.get_num_threads() == 1
        one = call(name, *args)
    with fastact.num_threads(2):
        two = call(name, *args)
    assert _bits_equal(one, two)
    # and in place, threaded
    x = args[-1].copy()
    with fastact.num_threads(2):
        call(name, *args[:-1], x, out=x)
    assert _bits_equal(x, one)


CALM_OPS = ["sigmoid", "silu", "softplus", "log_sigmoid", "sigmoid_grad", "silu_grad",
            "tanh_grad", "elu_grad", "softplus_grad", "log_sigmoid_grad",
            "selu_grad", "gelu_grad"]


@pytest.mark.parametrize("name", CALM_OPS)
def test_calm_and_wild_blocks_agree(name, simd_level):
    """The float32 exp kernels run blocks whose |x| are all small through a
    form without the tail scaling (csrc/fa_loops.h); a block with one large,
    infinite or NaN x runs again in the general form from inputs kept aside
    (the output may be x or g), and the next block starts in the general
    form.  Arrays whose blocks switch between the two, in place too, agree
    bitwise with one-element calls."""
    rng = np.random.default_rng(7)
    n = 1024 * 9 + 77
    x = (rng.standard_normal(n) * 2).astype(np.float32)
    x[[100, 200, 300]] = [63.5, -31.9, 11.9]      # calm for some ops only
    x[1024 + 500] = 70.0                          # one lane past every limit
    x[2048 + 3] = -np.inf
    x[3072:4096] = rng.uniform(-100.0, 100.0, 1024)  # a wild block
    x[5120 + 1023] = np.nan
    x[6144 + 7] = 40.0                            # past tanh' (32) and gelu' (12)
    x[-1] = -64.0                                 # at the limit
    g = rng.standard_normal(n).astype(np.float32)
    f = getattr(fastact, name)
    grad = name.endswith("_grad")
    args = (g, x) if grad else (x,)
    whole = f(*args)
    one = np.array([f(*(a[k:k + 1] for a in args))[0] for k in range(n)], np.float32)
    assert _bits_equal(whole, one)
    xi = x.copy()
    f(*((g, xi) if grad else (xi,)), out=xi)
    assert _bits_equal(xi, one)
    if grad:
        gi = g.copy()
        f(gi, x, out=gi)
        assert _bits_equal(gi, one)


@pytest.mark.parametrize("name", CALM_OPS)
def test_calm_and_wild_blocks_agree_with_fused_bias(name, simd_level):
    """The fused-bias loops check and keep x + b: rows that switch between
    calm and wild blocks agree bitwise with the op on the rounded sum."""
    rng = np.random.default_rng(8)
    h = (rng.standard_normal((7, 1500)) * 2).astype(np.float32)
    b = (rng.standard_normal(1500) * 2).astype(np.float32)
    h[1, 1200] = 90.0
    h[2, :] = rng.uniform(-100.0, 100.0, 1500)
    h[4, 3] = np.nan
    h[5, 1024] = -np.inf
    s = h + b
    f = getattr(fastact, name)
    if name.endswith("_grad"):
        g = rng.standard_normal(h.shape).astype(np.float32)
        dx, _ = f(g, h, bias=b)
        assert _bits_equal(dx, f(g, s))
    else:
        assert _bits_equal(f(h, bias=b), f(s))
        hi = h.copy()
        f(hi, bias=b, out=hi)
        assert _bits_equal(hi, f(s))
