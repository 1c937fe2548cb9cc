"""The oracle itself (fastact/reference.py) against mpmath at 40 digits:
the documented accuracy of its float64 and long-double paths, the Taylor
windows around the zeros of f', the condition numbers, ulp_error, and the
softmax references.  Nothing here calls a fastact kernel."""

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc

from cases import ALL_OPS
from fastact import reference as R

LD_OK = np.finfo(np.longdouble).nmant >= 63


def _f32_sample(seed, n=1500):
    """float32-representable values over the whole range, tails and roots."""
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 1 << 32, n, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    x = x[np.isfinite(x)]
    zs = [R.grad_zero("gelu"), R.grad_zero("gelu", "tanh"), R.grad_zero("silu")]
    near = np.concatenate([np.float32(z) + np.arange(-40, 41, dtype=np.float32) * np.float32(6e-8)
                           for z in zs])
    more = np.concatenate([rng.uniform(-120, 30, n), rng.standard_normal(n) * 3,
                           -np.abs(rng.standard_normal(200)) * 1e-6])
    return np.concatenate([x, near, more.astype(np.float32)]).astype(np.float64)


def _rel_err(a, ref):
    a = np.asarray(a, dtype=np.longdouble)
    ref = np.asarray(ref, dtype=np.longdouble)
    with np.errstate(all="ignore"):
        e = np.abs(a - ref) / np.abs(ref)
        e = np.where(ref == 0, np.where(a == 0, 0, np.inf), e)
        same = (a == ref) | (np.isnan(a) & np.isnan(ref))   # equal infinities, NaN
        return np.where(same, 0, e).astype(np.float64)


@pytest.mark.parametrize("op", ALL_OPS, ids=str)
def test_float64_reference_on_float32_inputs(op):
    """Documented: relative error < 1e-12 where |result| >= 1e-300 (below,
    absolute error < 1e-300), i.e. < 2e-5 float32 ULP (the worst case is the
    far left tail of gelu, x**2 * eps from the erfc argument)."""
    x = _f32_sample(1)
    g = np.ones_like(x)
    for got, exact in [(op.ref(x), op.mp(x)), (op.ref_grad(g, x), op.mp_grad(g, x))]:
        big = np.abs(exact) >= 1e-300
        err = _rel_err(got[big], exact[big])
        assert err.max() < 1e-12, (op, x[big][np.argmax(err)], err.max())
        small = ~big & ~(np.isnan(got) & np.isnan(exact))   # NaN outside a domain
        small_abs = np.abs(got[small].astype(np.longdouble) - exact[small])
        assert small_abs.max(initial=0) < 1e-300


@pytest.mark.skipif(not LD_OK, reason="long double is not x87 extended here")
@pytest.mark.parametrize("op", [o for o in ALL_OPS if not o.uses_mpmath_hp], ids=str)
def test_long_double_reference(op):
    """Documented: relative error < 1e-18 * (1 + cond) where the result is a
    normal float64 (cond: the function's condition number, which amplifies
    the long double rounding of intermediate arguments such as u or -x**2/2),
    i.e. < 0.005 * (1 + cond) float64 ULP: far below the float64 tolerance
    4 + 2 cond.  Near the zeros of gelu-tanh'/silu' the absolute error stays
    < 1e-18 (cond is unbounded there)."""
    rng = np.random.default_rng(2)
    x = np.concatenate([_f32_sample(3), rng.standard_normal(1500) * 10,
                        rng.uniform(-740, 740, 500)])
    g = np.ones_like(x)
    tiny = np.finfo(np.float64).tiny
    for kind, got, exact, cond in [("f", op.hp(x), op.mp(x), op.cond(x)),
                                   ("g", op.hp_grad(g, x), op.mp_grad(g, x), op.grad_cond(x))]:
        normal = (np.abs(exact) >= tiny) & (np.abs(exact) <= np.finfo(np.float64).max)
        with np.errstate(under="ignore"):   # cond up to 1e300 (celu, alpha < 0)
            err = _rel_err(got[normal], exact[normal]) / (1 + cond[normal])
        if kind == "g" and op.key in ("gelu_tanh", "silu"):
            root = R.grad_zero(op.name, op.params.get("approximate", "none"))
            near = np.abs(x[normal] - root) < 0.05
            with np.errstate(all="ignore"):
                abs_err = np.abs(got[normal] - exact[normal]).astype(np.float64)
            assert abs_err[near].max(initial=0) < 1e-18
            err = err[~near]
        assert err.max() < 1e-18, (op, kind, x[normal][np.argmax(err)], err.max())


@pytest.mark.parametrize("name,approx", [("gelu", "none"), ("gelu", "tanh"), ("silu", "none")])
def test_taylor_window_matches_mpmath(name, approx):
    """Inside the window around the zero of f' the float64 path uses a Taylor
    series: across the window, its edges (both sides) and down to
    |x - r| ~ 1e-16 it agrees with mpmath to 1e-13 relative (just outside the
    window the direct formula has lost ~2 digits to cancellation)."""
    r = R.grad_zero(name, approx)
    p = {"approximate": approx} if name == "gelu" else {}
    w = 1 / 64
    x = np.concatenate([r + np.linspace(-w, w, 301),
                        r + np.array([-w - 1e-9, -w + 1e-9, w - 1e-9, w + 1e-9, -0.05, 0.05]),
                        np.nextafter(r, -1) - np.arange(5) * 2.0**-52,
                        np.nextafter(r, 1) + np.arange(5) * 2.0**-52])
    got = getattr(R, name + "_grad")(1.0, x, **p)
    exact = getattr(R, name + "_grad_mp")(1.0, x, **p)
    assert _rel_err(got, exact).max() < 1e-13


def _mp_deriv(op, t, n):
    with mp.workdps(40):
        fn = (lambda s: R._mp_f(op.name, s, op.params)) if n == 1 else \
             (lambda s: R._mp_fp(op.name, s, op.params))
        return fn(mp.mpf(t)), mp.diff(fn, mp.mpf(t))


@pytest.mark.parametrize("op", ALL_OPS, ids=str)
def test_condition_numbers(op):
    """cond = |x f'/f| and grad cond = |x f''/f'| agree with mpmath
    derivatives to 1e-6 relative (they only size tolerances)."""
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.uniform(-30, 30, 25), rng.standard_normal(25),
                        rng.uniform(0, 1, 10)])
    x = x[(x > op.domain[0]) & (x < op.domain[1])]
    if op.name in ("relu", "leaky_relu", "elu", "selu"):
        x = x[np.abs(x) > 1e-3]              # kinks
    if op.name == "softplus":
        x = x[np.abs(op.params.get("beta", 1.0) * x - op.params.get("threshold", 20.0)) > 1e-3]
    c, cg = op.cond(x), op.grad_cond(x)
    for i, t in enumerate(x):
        for val, n in [(c[i], 1), (cg[i], 2)]:
            f, fp = _mp_deriv(op, float(t), n)
            if f == 0:       # exact zero results: cond is irrelevant (error vs 0)
                continue
            exact = float(abs(mp.mpf(float(t)) * fp / f))
            assert abs(val - exact) <= 1e-6 * exact + 1e-12, (op, n, t, val, exact)


def test_ulp_error_basics():
    f32, f64 = np.float32, np.float64
    one = np.float32(1)
    assert R.ulp_error(np.nextafter(one, f32(2)), 1.0, f32) == 1.0
    assert R.ulp_error(np.nextafter(one, f32(0)), 1.0, f32) == 0.5   # ulp(1) = 2**-23
    assert R.ulp_error(f32(1), 1 + 2.0**-24, f32) == 0.5
    assert R.ulp_error(1.0, np.longdouble(1) + np.longdouble(2.0**-53), f64) == 0.5
    assert R.ulp_error(np.nextafter(1.0, 2.0), 1.0, f64) == 1.0
    # subnormals: the ulp is the smallest subnormal, also at 0
    assert R.ulp_error(f32(2.0**-149), 0.0, f32) == 1.0
    assert R.ulp_error(f32(3 * 2.0**-149), 2.0**-149, f32) == 2.0
    assert R.ulp_error(5e-324, 0.0, f64) == 1.0
    assert R.ulp_error(f32(2.0**-126), 2.0**-126 + 2.0**-149, f32) == 1.0
    # signed zeros
    assert R.ulp_error(-0.0, 0.0, f64) == 0.0
    # specials
    assert R.ulp_error(np.nan, np.nan, f32) == 0.0
    assert R.ulp_error(np.nan, 1.0, f32) == np.inf
    assert R.ulp_error(1.0, np.nan, f32) == np.inf
    assert R.ulp_error(np.inf, np.inf, f32) == 0.0
    assert R.ulp_error(-np.inf, np.inf, f32) == np.inf
    assert R.ulp_error(f32(3e38), np.inf, f32) == np.inf
    fmax = float(np.finfo(f32).max)
    assert R.ulp_error(f32(np.inf), fmax * (1 + 2.0**-23), f32) == 0.0   # rounds to inf
    assert R.ulp_error(f32(np.inf), fmax * (1 + 2.0**-26), f32) == np.inf  # rounds to max
    assert R.ulp_error(np.finfo(f32).max, fmax * (1 + 2.0**-26), f32) < 0.5
    # float16 works too
    assert R.ulp_error(np.float16(1) + np.float16(2.0**-10), 1.0, np.float16) == 1.0
    # arrays broadcast
    e = R.ulp_error(np.array([1.0, 2.0], dtype=f32), np.array([1.0]), f32)
    assert e.shape == (2,) and e[0] == 0 and e[1] == 2**23


@pytest.mark.parametrize("axis", [-1, 0, (0, 1), None], ids=str)
def test_softmax_references_match_scipy(axis):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 5, 6)) * 5
    np.testing.assert_allclose(R.softmax(x, axis), sc.softmax(x, axis=axis), rtol=1e-14)
    # scipy computes log(sum) where the reference uses log1p: near 0 scipy is
    # the less accurate one (absolute error ~1e-16)
    np.testing.assert_allclose(R.log_softmax(x, axis), sc.log_softmax(x, axis=axis), rtol=1e-13,
                               atol=1e-15)
    np.testing.assert_allclose(R.softmax_hp(x, axis).astype(float), sc.softmax(x, axis=axis),
                               rtol=1e-14)


def test_softmax_references_against_mpmath():
    """Including a dominant entry: log_softmax ~ -1e-20 keeps relative
    accuracy (log1p form)."""
    rows = [np.array([0.0, -50.0, -46.0, -60.0]), np.array([3.0, 1.0, -2.0, 0.5]),
            np.array([1e4, 1e4 - 3.0, 1e4 - 100.0, -np.inf]), np.array([2.0, 2.0, 2.0])]
    for x in rows:
        with mp.workdps(40):
            fin = [mp.mpf(float(v)) for v in x if np.isfinite(v)]
            m = max(fin)
            s = mp.fsum(mp.exp(v - m) for v in fin)
            exact_ls = [float(mp.mpf(float(v)) - m - mp.log(s)) if np.isfinite(v) else -np.inf
                        for v in x]
            exact_s = [float(mp.exp(mp.mpf(float(v)) - m) / s) if np.isfinite(v) else 0.0
                       for v in x]
        for got in (R.log_softmax(x), R.log_softmax_hp(x).astype(float)):
            np.testing.assert_allclose(got, exact_ls, rtol=1e-15)
        for got in (R.softmax(x), R.softmax_hp(x).astype(float)):
            np.testing.assert_allclose(got, exact_s, rtol=1e-15)


def test_softmax_reference_special_rows():
    x = np.array([[-np.inf, -np.inf], [0.0, -np.inf]])
    assert np.isnan(R.softmax(x)[0]).all() and np.isnan(R.log_softmax(x)[0]).all()
    np.testing.assert_array_equal(R.softmax(x)[1], [1.0, 0.0])
    np.testing.assert_array_equal(R.log_softmax(x)[1], [0.0, -np.inf])
    assert R.softmax(np.empty((3, 0))).shape == (3, 0)


def test_vjp_references_against_finite_differences():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((2, 7))
    g = rng.standard_normal((2, 7))
    h = 1e-5
    for name in ("softmax", "log_softmax"):
        f = getattr(R, name)
        vjp = getattr(R, name + "_grad")(g, x)
        fd = np.zeros_like(x)
        for k in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[k] = h
            fd[k] = np.sum(g * (f(x + e) - f(x - e))) / (2 * h)
        np.testing.assert_allclose(vjp, fd, rtol=1e-7, atol=1e-9)
        y = f(x)
        np.testing.assert_allclose(getattr(R, name + "_grad_from_output")(g, y), vjp, rtol=1e-13,
                                   atol=1e-15)
