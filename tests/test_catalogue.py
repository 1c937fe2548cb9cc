"""The catalogue's cross-cutting features: fused bias, prelu and rrelu,
parameter gradients, the name registry.  (Every new activation's values,
gradients, special values, layouts and accuracy run through the shared
battery: tests/cases.py lists them.)"""

import inspect

import numpy as np
import pytest

import fastact
from cases import ALL_OPS, DEFAULT_OPS
from ulp_check import ulp_errors

BIAS_OPS = [op for op in ALL_OPS
            if "bias" in inspect.signature(getattr(fastact, op.name)).parameters]


def _x_for(op, shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if op.name == "logit":
        return rng.uniform(0.1, 0.6, shape).astype(dtype)
    return (rng.standard_normal(shape) * 3).astype(dtype)


# ---- fused bias -------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", BIAS_OPS, ids=str)
def test_bias_forward_is_bitwise_the_unfused_computation(op, dtype, simd_level):
    """f(x, bias=b) == f(x + b) bitwise: on the fused last-axis path (C order),
    on another axis and on an F-ordered array (the slow path)."""
    x = _x_for(op, (37, 24), dtype)
    b = (np.random.default_rng(1).standard_normal(24) * 0.25).astype(dtype)
    want = op.f(x + b)
    np.testing.assert_array_equal(op.f(x, bias=b), want)
    np.testing.assert_array_equal(op.f(np.asfortranarray(x), bias=b), want)
    bc = b[:x.shape[0] % 24 + 13]
    x0 = _x_for(op, (bc.size, 24), dtype)
    np.testing.assert_array_equal(op.f(x0, bias=bc, axis=0), op.f(x0 + bc[:, None]))
    y = x.copy()
    assert op.f(y, bias=b, out=y) is y            # in place
    np.testing.assert_array_equal(y, want)


@pytest.mark.parametrize("op", BIAS_OPS, ids=str)
def test_bias_gradient_and_dbias(op, simd_level):
    """grad(g, x, bias=b) == (grad(g, x + b), dx.sum over all but axis)."""
    x = _x_for(op, (6, 5, 8), np.float64)
    g = np.random.default_rng(2).standard_normal(x.shape)
    b = np.random.default_rng(3).standard_normal(8) * 0.25
    dx, db = op.grad(g, x, bias=b)
    want = op.grad(g, x + b)
    np.testing.assert_array_equal(dx, want)
    np.testing.assert_array_equal(db, want.sum(axis=(0, 1)))
    b1 = np.random.default_rng(4).standard_normal(5) * 0.25
    dx1, db1 = op.grad(g, x, bias=b1, axis=1)
    want1 = op.grad(g, x + b1[:, None])
    np.testing.assert_array_equal(dx1, want1)
    np.testing.assert_array_equal(db1, want1.sum(axis=(0, 2)))


def test_bias_is_a_parameter_of_x_dtype_and_checked():
    x = np.linspace(-2, 2, 12, dtype=np.float32).reshape(3, 4)
    b64 = np.array([0.1, 0.2, 0.3, 0.4])
    y = fastact.gelu(x, bias=b64)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, fastact.gelu(x + b64.astype(np.float32)))
    keep = x.copy()
    with pytest.raises(ValueError, match="bias must have shape"):
        fastact.relu(x, bias=np.ones(3), out=x)
    with pytest.raises(ValueError, match="0-d"):
        fastact.relu(np.float32(1.0), bias=np.ones(1))
    with pytest.raises(TypeError, match="axis must be an int"):
        fastact.relu(x, bias=np.ones(4), axis=1.5)
    with pytest.raises(TypeError, match="bias"):
        fastact.relu(x, bias=np.array(["a"] * 4))
    np.testing.assert_array_equal(x, keep)


def test_bias_threads_bitwise(simd_level):
    x = np.random.default_rng(0).standard_normal((3, 400_000)).astype(np.float32)
    b = np.random.default_rng(1).standard_normal(400_000).astype(np.float32)
    with fastact.num_threads(1):
        one = fastact.silu(x, bias=b)
    with fastact.num_threads(2):
        two = fastact.silu(x, bias=b)
    np.testing.assert_array_equal(one, two)


# ---- prelu ---------------------------------------------------------------------------

def _prelu_ref(x, w, axis):
    shape = [1] * x.ndim
    shape[axis] = -1
    return np.where(x > 0, x, x * w.reshape(shape))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, axis", [((4, 4), 1), ((2, 4, 4), 1), ((2, 4, 4), -1),
                                         ((3, 5, 2, 2), 1), ((6,), 0)])
def test_prelu_values_and_gradient(shape, axis, dtype, simd_level):
    """Shapes where the channel axis and the last axis have the same length catch
    a kernel that reads the slopes along the wrong axis."""
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 2).astype(dtype)
    w = rng.uniform(0.05, 0.5, shape[axis]).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    np.testing.assert_array_equal(fastact.prelu(x, w, axis=axis), _prelu_ref(x, w, axis))
    dx, dw = fastact.prelu_grad(g, x, w, axis=axis, param_grads=True)
    np.testing.assert_array_equal(dx, np.where(x > 0, g, g * w.reshape(
        [-1 if i == axis % x.ndim else 1 for i in range(x.ndim)])))
    assert dw.shape == w.shape and dw.dtype == dtype
    # dweight by 4th-order central differences of L(w) = sum(g * prelu(x; w)) in float64
    x64, g64, w64 = x.astype(np.float64), g.astype(np.float64), w.astype(np.float64)
    h = 1e-3
    for c in range(w.size):
        def L(t):
            wt = w64.copy()
            wt[c] = t
            return np.sum(g64 * _prelu_ref(x64, wt, axis))
        fd = (L(w64[c] - 2 * h) - 8 * L(w64[c] - h) + 8 * L(w64[c] + h) - L(w64[c] + 2 * h)) \
            / (12 * h)
        assert abs(dw[c] - fd) <= 1e-5 * (1 + abs(fd)), (c, dw[c], fd)


def test_prelu_single_slope_is_leaky_relu_and_in_place(simd_level):
    x = np.random.default_rng(0).standard_normal((5, 300)).astype(np.float32)
    w = np.array([0.2], np.float32)
    np.testing.assert_array_equal(fastact.prelu(x, w), fastact.leaky_relu(x, 0.2))
    y = x.copy()
    assert fastact.prelu(y, np.full(300, 0.2, np.float32), axis=-1, out=y) is y
    np.testing.assert_array_equal(y, fastact.leaky_relu(x, np.float32(0.2)))
    z = fastact.prelu(x, w, bias=np.ones(5, np.float32), axis=0)
    np.testing.assert_array_equal(z, fastact.leaky_relu(x + 1, 0.2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_prelu_direct_call_matches_general_path(dtype):
    """fastact/_channel.py sends C-contiguous calls (out None or an input) straight
    to the kernel; every variant must give what the general path gives for the
    same values (reached here through F-ordered copies), and aliasing between
    weight and out must not leak into the result."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((3, 4, 5)) * 2).astype(dtype)
    g = rng.standard_normal((3, 4, 5)).astype(dtype)
    w = rng.uniform(0.05, 0.5, 4)
    for weight in (w.astype(dtype), w, list(w), [0.3], 0.3, np.float64(0.3)):
        want = fastact.prelu(np.asfortranarray(x), weight)
        np.testing.assert_array_equal(fastact.prelu(x, weight), want)
        y = x.copy()
        assert fastact.prelu(y, weight, out=y) is y
        np.testing.assert_array_equal(y, want)
        want_g = fastact.prelu_grad(np.asfortranarray(g), np.asfortranarray(x), weight)
        np.testing.assert_array_equal(fastact.prelu_grad(g, x, weight), want_g)
        for target in ("g", "x"):
            gg, xx = g.copy(), x.copy()
            o = gg if target == "g" else xx
            assert fastact.prelu_grad(gg, xx, weight, out=o) is o
            np.testing.assert_array_equal(o, want_g)
    # weight is a view of the buffer written in place: computed as if it were a copy
    y = x.copy()
    wv = y.reshape(-1)[:4]
    want = fastact.prelu(y, wv.copy())
    assert fastact.prelu(y, wv, out=y) is y
    np.testing.assert_array_equal(y, want)
    # a 0-d x gives a NumPy scalar, as every elementwise function does
    x0, g0 = np.array(x[0, 0, 0]), np.array(g[0, 0, 0])   # 0-d ndarrays
    assert type(fastact.prelu(x0, [0.3])) is type(fastact.leaky_relu(x0, 0.3)) is x.dtype.type
    assert type(fastact.prelu_grad(g0, x0, [0.3])) is x.dtype.type
    # read-only in place: ValueError, nothing written
    r = x.copy()
    r.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        fastact.prelu(r, w, out=r)
    np.testing.assert_array_equal(r, x)


@pytest.mark.parametrize("eps", [1e-6, 0.1, 0.25, 1 / 3, 0.0, 0.5, 1e-50])
def test_logit_eps_clamps_the_float64_inputs(eps, simd_level):
    """float32 logit with eps compares x with float bounds (csrc/fa_ops_smooth.h,
    logit_e): the floats next to eps and 1 - eps must be clamped exactly when the
    float64 definition clamps them, clamped ones give logit(eps) rounded once,
    the others stay within 2 / 4 ulp; the gradient is 0 where clamped."""
    near = []
    with np.errstate(all="ignore"):   # steps into the subnormals next to 0
        for b in (eps, 1.0 - eps):
            f = np.float32(b)
            lo = hi = f
            for _ in range(3):
                lo, hi = np.nextafter(lo, np.float32(-1)), np.nextafter(hi, np.float32(2))
                near += [lo, hi]
            near.append(f)
    x = np.array(near + [0.0, 1.0, -1.0, 2.0, 1e-45, 0.5, np.nan], np.float32)
    x64 = x.astype(np.float64)
    clamped = (x64 < eps) | (x64 > 1.0 - eps)
    want = fastact.logit(x64, eps)
    got = fastact.logit(x, eps)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(got[clamped], want[clamped].astype(np.float32))
    assert ulp_errors(got[~clamped], want[~clamped], np.float32).max() <= 2
    gwant = fastact.logit_grad(np.ones_like(x64), x64, eps)
    ggot = fastact.logit_grad(np.ones_like(x), x, eps)
    assert not ggot[clamped].any()
    assert ulp_errors(ggot[~clamped], gwant[~clamped], np.float32).max() <= 4


def test_prelu_bad_weight():
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match="3 channels along axis 1"):
        fastact.prelu(x, np.ones(4))
    with pytest.raises(ValueError, match="shape"):
        fastact.prelu(x, np.ones((3, 1)))
    with pytest.raises(TypeError, match="weight"):
        fastact.prelu(x, "0.25")


# ---- parameter gradients ---------------------------------------------------------------

PARAM_CASES = [
    ("leaky_relu", "negative_slope", 0.07),
    ("elu", "alpha", 1.3),
    ("celu", "alpha", 0.8),
    ("softplus", "beta", 1.5),
    ("softplus", "beta", 1.0),
    ("silu", "beta", 1.0),
    ("silu", "beta", 0.6),
]


@pytest.mark.parametrize("with_bias", [False, True])
@pytest.mark.parametrize("name, pname, value", PARAM_CASES)
def test_param_grads_match_finite_differences(name, pname, value, with_bias, simd_level):
    """d/dtheta sum(g * f(x + b; theta)) by 4th-order central differences in
    float64 (step 1e-3 relative: truncation ~1e-12), on a (4, 4) array so a
    reduction over the wrong axis would show."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 4)) * 3
    g = rng.standard_normal((4, 4))
    b = rng.standard_normal(4) * 0.5 if with_bias else None
    fwd, grd = getattr(fastact, name), getattr(fastact, name + "_grad")
    res = grd(g, x, value, param_grads=True, bias=b)
    assert len(res) == (3 if with_bias else 2)
    dparam = res[1]
    t = x if b is None else x + b

    def L(v):
        return np.sum(g * fwd(t, v))
    h = 1e-3 * value
    fd = (L(value - 2 * h) - 8 * L(value - h) + 8 * L(value + h) - L(value + 2 * h)) / (12 * h)
    assert abs(float(dparam) - fd) <= 1e-7 * (1 + abs(fd)), (dparam, fd)
    np.testing.assert_array_equal(res[0], grd(g, t, value))
    if with_bias:
        np.testing.assert_array_equal(res[2], res[0].sum(axis=0))


def test_param_grads_from_output_is_refused():
    with pytest.raises(ValueError, match="param_grads"):
        fastact.elu_grad(np.ones(3), np.ones(3), from_output=True, param_grads=True)


# ---- rrelu -------------------------------------------------------------------------------

def test_rrelu_eval_is_leaky_relu_with_the_mean_slope():
    x = np.random.default_rng(0).standard_normal(1000)
    np.testing.assert_array_equal(fastact.rrelu(x), fastact.leaky_relu(x, (1 / 8 + 1 / 3) / 2))
    g = np.ones_like(x)
    np.testing.assert_array_equal(fastact.rrelu_grad(g, x),
                                  fastact.leaky_relu_grad(g, x, (1 / 8 + 1 / 3) / 2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rrelu_training_draws_slopes_and_reuses_them(dtype):
    x = np.random.default_rng(0).standard_normal((50, 40)).astype(dtype)
    y, s = fastact.rrelu(x, 0.1, 0.3, training=True, rng=7)
    assert s.shape == x.shape and s.dtype == dtype and y.dtype == dtype
    assert s.min() >= dtype(0.1) and s.max() <= dtype(0.3) and np.unique(s).size > 1000
    np.testing.assert_array_equal(y, np.where(x > 0, x, x * s))
    y2, s2 = fastact.rrelu(x, 0.1, 0.3, training=True, rng=7)
    np.testing.assert_array_equal(s, s2)
    g = np.random.default_rng(1).standard_normal(x.shape).astype(dtype)
    np.testing.assert_array_equal(fastact.rrelu_grad(g, x, 0.1, 0.3, training=True, slopes=s),
                                  np.where(x > 0, g, g * s))
    with pytest.raises(ValueError, match="slopes"):
        fastact.rrelu_grad(g, x, 0.1, 0.3, training=True)
    with pytest.raises(ValueError, match="lower"):
        fastact.rrelu(x, 0.5, 0.1)


# ---- registry ----------------------------------------------------------------------------

def test_registry_lists_every_activation_pair():
    names = fastact.available()
    public = {n for n in fastact.__all__ if n + "_grad" in fastact.__all__}
    assert set(names) == public
    for n in names:
        a = fastact.get(n)
        assert a.forward is getattr(fastact, n) and a.grad is getattr(fastact, n + "_grad")
        sig = inspect.signature(a.forward)
        for p, default in a.params.items():
            assert sig.parameters[p].default == default
        assert a.from_output == ("from_output" in inspect.signature(a.grad).parameters)
        assert a.formula, n


def test_registry_lookup_and_call():
    x = np.linspace(-3, 3, 11)
    act = fastact.get("gelu")
    np.testing.assert_array_equal(act(x), fastact.gelu(x))
    np.testing.assert_array_equal(act.grad(np.ones_like(x), x), fastact.gelu_grad(1.0, x))
    assert act.params == {"approximate": "none"} and not act.from_output
    assert fastact.get("swish") is fastact.get("silu")
    assert fastact.get("Hard_Swish").name == "hardswish"
    assert fastact.get("softmax").kind == "axis"
    assert fastact.get("elu").param_grads and fastact.get("elu").from_output
    with pytest.raises(ValueError, match="available: .*gelu"):
        fastact.get("gleu")
    with pytest.raises(TypeError):
        fastact.get(3)


# ---- half precision ------------------------------------------------------------------------

HALF = [("float16", np.float16, 10, -14)]
try:
    import ml_dtypes
    HALF.append(("bfloat16", ml_dtypes.bfloat16, 7, -126))
except ImportError:  # pragma: no cover - ml_dtypes is in the test extras
    pass


def _all_patterns(dtype):
    return np.arange(1 << 16, dtype=np.uint16).view(dtype)


def _half_ulp_error(actual, ref, nmant, minexp):
    """|actual - ref| in ULPs of the half format at ref (ref in float64)."""
    a = actual.astype(np.float64)
    with np.errstate(all="ignore"):
        e = np.floor(np.log2(np.abs(ref)))
        e = np.where(np.isfinite(e), np.maximum(e, minexp), minexp)
        err = np.abs(a - ref) / np.exp2(e - nmant)
        both_nan = np.isnan(a) & np.isnan(ref)
        same_inf = np.isinf(a) & (a == ref)
        err = np.where(both_nan | same_inf, 0.0, err)
        err = np.where(np.isnan(a) ^ np.isnan(ref), np.inf, err)
    return err


@pytest.mark.parametrize("half", HALF, ids=lambda h: h[0])
@pytest.mark.parametrize("op", DEFAULT_OPS, ids=str)
def test_half_precision_forward_exhaustive(op, half):
    """Every one of the 65,536 bit patterns: computed in float32 and rounded
    once, within 1 ULP of the float64 reference (results that overflow the
    half format must be its infinity)."""
    _, dt, nmant, minexp = half
    x = _all_patterns(dt)
    y = op.f(x)
    assert y.dtype == dt
    with np.errstate(all="ignore"):
        ref = np.asarray(op.ref(x.astype(np.float64)), np.float64)
        big = np.abs(ref) > float(np.float64(x.astype(np.float64)[np.isfinite(
            x.astype(np.float64))].max()))
    err = _half_ulp_error(y, ref, nmant, minexp)
    err = np.where(big & np.isinf(y.astype(np.float64)), 0.0, err)
    worst = int(np.argmax(err))
    assert err[worst] <= 1.0, (op, float(x[worst]), float(y[worst]), ref[worst], err[worst])


# ---- kinks -------------------------------------------------------------------------------

KINKS = [  # (function, params, x, gradient at x for grad = 1): README's kink table
    ("relu", {}, 0.0, 0.0), ("leaky_relu", {"negative_slope": 0.1}, 0.0, 0.1),
    ("elu", {"alpha": 2.0}, 0.0, 2.0), ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("relu6", {}, 0.0, 0.0), ("relu6", {}, 6.0, 0.0),
    ("hardtanh", {}, -1.0, 0.0), ("hardtanh", {}, 1.0, 0.0),
    ("hardsigmoid", {}, -3.0, 0.0), ("hardsigmoid", {}, 3.0, 0.0),
    ("hardswish", {}, -3.0, 0.0), ("hardswish", {}, 3.0, 1.0),
    ("softshrink", {}, 0.5, 0.0), ("hardshrink", {}, -0.5, 0.0),
    ("threshold", {"threshold": 0.5}, 0.5, 0.0),
    ("sparse_sigmoid", {}, -1.0, 0.0), ("sparse_sigmoid", {}, 1.0, 0.0),
    ("sparse_plus", {}, -1.0, 0.0), ("sparse_plus", {}, 1.0, 1.0),
    ("logit", {"eps": 0.1}, 0.1, 1 / (0.1 * 0.9)), ("logit", {"eps": 0.1}, 0.05, 0.0),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, params, x, want", KINKS, ids=lambda v: str(v))
def test_kink_values(name, params, x, want, dtype, simd_level):
    got = getattr(fastact, name + "_grad")(np.ones(3, dtype), np.full(3, x, dtype), **params)
    np.testing.assert_allclose(got, np.full(3, want, dtype), rtol=2e-7)


def test_prelu_kink():
    assert fastact.prelu_grad(np.ones(1), np.zeros(1), np.array([0.25]))[0] == 0.25
