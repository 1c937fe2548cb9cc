"""The along-an-axis catalogue: softmin, logsumexp, sparsemax, the gated family
(glu, geglu, swiglu, reglu) and the where= masks of the softmax family --
accuracy against float64 / long-double / exact references at every SIMD
level, gradients against the analytic form and finite differences, special
values, the all-masked policy, layouts, out=, threads and error messages.

Tolerances (ULP of the result's dtype), and why:

* softmin = softmax(-x) exactly (negation is exact): softmax's contract,
  float32 <= 2 ULP, float64 <= 4 + 2 cond (tests/test_softmax_accuracy.py).
  The masked forwards run the same kernels on the kept entries: same bounds.
* logsumexp: float32 is evaluated in double and rounded once, so <= 1 ULP
  (measured 0.5: every result the correctly rounded one or its neighbour);
  float64 <= 1 + 2 cond, cond = sum|x_i| p_i / |lse| (log1p's < 1 ULP and the
  last rounding; measured max 0.91 ULP with cond ~ 0).
* logsumexp_grad = g * softmax(x): softmax's error plus one rounding:
  float32 <= 3, float64 <= 5 + 2 cond(softmax).
* gated, float32: double evaluation of the float64 ops, one rounding: <= 1
  ULP (measured 0.5 everywhere; x = 4 N(0,1) and U(-30, 30), so b reaches
  the tails where act(b) is below float's subnormals) -- but the forwards of
  glu and swiglu (beta = 1) at the FMA levels, which run in float lanes:
  a q + a c with sigmoid's / silu's quotient q and unapplied Newton term c
  rounded once, so act's own error (sigmoid <= 1.5 ULP, silu <= 1.7 over
  every float32) and one rounding, inside the float32 forward contract of
  2 ULP (measured 1.40 here, 1.54 on 800,000 wider-ranged rows); their VJPs
  likewise: da = g act(b) as the forward (<= 2), db = act'(b) (g a) by the
  float32 gradient kernels with g a rounded first: the gradient contract of
  4 ULP (measured 3.2 on 800,000 rows, g and a up to 1e25).  float64: the
  ops' own contract 4 + 2 cond plus one more rounding (the product
  a * act(b), or g * a before act'): 5 + 2 cond (measured max 4.2 ULP,
  swiglu db, with cond ~ 1).
* sparsemax: y_i = x_i - tau on the support.  An input rounding moves y_i by
  u |x_i| and tau by u mean_S |x_j|, so the bound (both dtypes) is
  |err| <= 1 ULP(y) + 4 u (|x_i| + mean_S |x_j|), against an exact
  (fractions.Fraction) reference; 0 exactly off the support.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

import fastact
from cases import SIMD_LEVELS
from fastact import reference as R
from softmax_rows import make_rows
from ulp_check import check_ulp, ulp_errors

DTYPES = [np.float32, np.float64]
GATED = [("glu", {}), ("geglu", {}), ("geglu", {"approximate": "tanh"}), ("swiglu", {}),
         ("swiglu", {"beta": 1.7}), ("reglu", {})]
GATED_IDS = ["glu", "geglu", "geglu_tanh", "swiglu", "swiglu_b1.7", "reglu"]
_ACT = {"glu": "sigmoid", "geglu": "gelu", "swiglu": "silu", "reglu": "relu"}


def _bits_equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    nan = np.isnan(a) & np.isnan(b)
    return bool(np.all(nan | ((a == b) & (np.signbit(a) == np.signbit(b)))))


def _cond(c):
    return np.minimum(np.nan_to_num(np.asarray(c, np.float64), nan=0.0, posinf=1e300), 1e300)


def _masks(rows, seed):
    rng = np.random.default_rng(seed)
    out = []
    for i, x in enumerate(rows):
        w = rng.random(x.size) < [0.5, 0.9, 0.1, 1.0][i % 4]
        if i % 7 == 3:
            w[:] = False
        out.append(w)
    return out


# ---- softmin and the masked softmax family: accuracy ---------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_softmin_accuracy(dtype, simd_level):
    for i, x in enumerate(make_rows(dtype, seed=11)):
        xx = -x.astype(np.float64)
        if dtype == np.float32:
            check_ulp(fastact.softmin(x), R.softmin(x), dtype, 2.0,
                      what=f"softmin float32 row {i}", inputs=[("x", x)])
        else:
            check_ulp(fastact.softmin(x), R.softmin_hp(x), dtype,
                      4 + 2 * _cond(R.softmax_cond(xx)), what=f"softmin float64 row {i}",
                      inputs=[("x", x)])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_masked_accuracy(name, dtype, simd_level):
    """Masked rows: the kept entries within the unmasked bounds (the masked
    values -- here NaN and +inf, which would poison the row -- take no
    part); dropped entries exactly 0 (log_softmax: -inf); an all-masked row
    0 / -inf."""
    rows = make_rows(dtype, seed=12, n_rows=30, max_len=600)
    fill = 0.0 if name != "log_softmax" else -np.inf
    ref_fn = {"softmax": "masked_softmax", "log_softmax": "masked_log_softmax",
              "softmin": "softmin"}[name]
    for i, (x, w) in enumerate(zip(rows, _masks(rows, 13))):
        x = x.copy()
        x[~w] = [np.nan, np.inf, -np.inf][i % 3]
        y = getattr(fastact, name)(x, where=w)
        assert np.all(y[~w] == fill), (name, i)
        if not w.any():
            continue
        xk = np.where(w, x, 0).astype(np.float64)
        if dtype == np.float32:
            ref = getattr(R, ref_fn)(xk, where=w)
            check_ulp(y[w], ref[w], dtype, 2.0, what=f"{name} masked float32 row {i}")
        else:
            ref = getattr(R, ref_fn + "_hp")(xk, where=w)
            xc = np.where(w, -xk if name == "softmin" else xk, -np.inf)
            c = getattr(R, "log_softmax_cond" if name == "log_softmax" else "softmax_cond")(xc)
            check_ulp(y[w], ref[w], dtype, 4 + 2 * _cond(c)[w],
                      what=f"{name} masked float64 row {i}")


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_where_all_true_is_bitwise_unmasked(name, simd_level):
    rng = np.random.default_rng(14)
    for dtype in DTYPES:
        x = (rng.standard_normal((9, 333)) * 7).astype(dtype)
        f = getattr(fastact, name)
        assert _bits_equal(f(x, where=np.ones(x.shape, bool)), f(x))
        assert _bits_equal(f(x, where=np.True_), f(x))


# ---- logsumexp --------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_accuracy(dtype, simd_level):
    rows = make_rows(dtype, seed=15)
    for i, (x, w) in enumerate(zip(rows, _masks(rows, 16))):
        for where in (None, w):
            got = fastact.logsumexp(x, where=where)
            if dtype == np.float32:
                check_ulp(got, R.logsumexp(x, where=where), dtype, 1.0,
                          what=f"logsumexp float32 row {i}", inputs=[("x", x)])
            else:
                c = _cond(R.logsumexp_cond(x, where=where))
                check_ulp(got, R.logsumexp_hp(x, where=where), dtype, 1 + 2 * c,
                          what=f"logsumexp float64 row {i}")


def test_logsumexp_f32_ulp(simd_level):
    """The documented float32 figure: within 0.5 ULP + 2^-29 relative, i.e.
    the float64 value correctly rounded or its neighbour (measured on 3000
    typical rows of 1..2000 entries)."""
    rng = np.random.default_rng(17)
    worst = 0.0
    for n in rng.integers(1, 2000, 60):
        x = (rng.standard_normal((50, n)) * rng.choice([0.1, 1, 5, 30])).astype(np.float32)
        worst = max(worst, check_ulp(fastact.logsumexp(x), R.logsumexp_hp(x), np.float32, 1.0,
                                     what="logsumexp float32"))
    assert worst <= 1.0


def test_logsumexp_dominating_entry_keeps_tiny_result():
    """log(1 + e^-50) ~ 1.9e-22: the log1p split keeps it (log of a rounded
    1 + tiny would give 0)."""
    for dtype in DTYPES:
        x = np.array([0.0, -50.0, -60.0], dtype)
        ref = math.log1p(math.exp(-50.0) + math.exp(-60.0))
        got = fastact.logsumexp(x)
        assert abs(float(got) - ref) <= 2 * np.spacing(dtype(ref)), (dtype, got, ref)


@pytest.mark.parametrize("axis", [0, 1, -1, (0, 2), (2, 0), (0, 1, 2), None], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_axes(axis, keepdims):
    rng = np.random.default_rng(18)
    x = rng.standard_normal((4, 5, 6)) * 3
    w = rng.random(x.shape) < 0.7
    for where in (None, w):
        got = fastact.logsumexp(x, axis=axis, keepdims=keepdims, where=where)
        ref = R.logsumexp_hp(x, axis=axis, keepdims=keepdims, where=where)
        assert np.shape(got) == ref.shape
        c = _cond(R.logsumexp_cond(x, axis=axis, where=where))
        if keepdims:
            c = np.reshape(c, ref.shape)
        check_ulp(got, ref, np.float64, 1 + 2 * c, what=f"logsumexp axis={axis}")
        g = rng.standard_normal(ref.shape)
        d = fastact.logsumexp_grad(g, x, axis=axis, keepdims=keepdims, where=where)
        assert d.shape == x.shape
        dref = R.logsumexp_grad(g, x, axis=axis, keepdims=keepdims, where=where)
        np.testing.assert_allclose(d, dref, rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_accuracy(dtype, simd_level):
    rows = make_rows(dtype, seed=19, n_rows=24, max_len=800)
    rng = np.random.default_rng(20)
    for i, (x, w) in enumerate(zip(rows, _masks(rows, 21))):
        g = dtype(rng.standard_normal())
        d = fastact.logsumexp_grad(g, x, where=w)
        assert np.all(d[~w] == 0)
        if dtype == np.float32:
            check_ulp(d, R.logsumexp_grad(g, x, where=w), dtype, 3.0,
                      what=f"logsumexp_grad float32 row {i}")
        else:
            xc = np.where(w, x, -np.inf)
            c = np.where(w, _cond(R.softmax_cond(xc)), 0)
            ref = np.float64(g).astype(np.longdouble) * R.masked_softmax_hp(x, where=w)
            check_ulp(d, ref, dtype, 5 + 2 * c, what=f"logsumexp_grad float64 row {i}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_fused_path_is_the_general_one(dtype, simd_level):
    """C-contiguous last-axis calls run one fused kernel (g_r times the softmax
    row, fa_rows_axis.h); it must give bitwise what the general path gives (an
    F-ordered copy goes there), infinite g included, at 1 and 2 threads."""
    rng = np.random.default_rng(22)
    for shape in [(7, 33), (300, 700), (3, 1), (2, 5, 300)]:
        x = (3 * rng.standard_normal(shape)).astype(dtype)
        g = rng.standard_normal(shape[:-1]).astype(dtype)
        g.reshape(-1)[0] = np.inf
        want = fastact.logsumexp_grad(g, np.asfortranarray(x))
        for nt in (1, 2):
            with fastact.num_threads(nt):
                got = fastact.logsumexp_grad(g, x)
            np.testing.assert_array_equal(got, want)
        got = fastact.logsumexp_grad(g[..., None], x, keepdims=True)
        np.testing.assert_array_equal(got, want)


def test_logsumexp_special_rows():
    inf, nan = np.inf, np.nan
    for dtype in DTYPES:
        big = np.finfo(dtype).max
        xd = np.array([[1.0, inf, 2.0], [1.0, nan, inf], [-inf, -inf, -inf], [-inf, 0.0, -inf],
                       [big, big, -big]], dtype)
        got = fastact.logsumexp(xd)
        assert got[0] == inf and np.isnan(got[1]) and got[2] == -inf and got[3] == 0.0
        assert got[4] == big           # big + log 2 rounds to big: no overflow
        # masked NaN / inf take no part; all masked: -inf (log 0), gradient 0
        w = np.array([True, False, True])
        got = fastact.logsumexp(xd, where=w)
        assert np.isfinite(got[0]) and got[2] == -inf
        assert fastact.logsumexp(xd, where=np.zeros(3, bool)).tolist() == [-inf] * 5
        d = fastact.logsumexp_grad(np.ones(5, dtype), xd, where=np.zeros(3, bool))
        assert np.all(d == 0)


# ---- sparsemax --------------------------------------------------------------

def _sparsemax_exact(row):
    """(y as Fractions, tau) for a finite float row: support from the sort
    criterion, evaluated exactly."""
    fr = [Fraction(float(v)) for v in row]
    z = sorted(fr, reverse=True)
    cs, k, s_k = Fraction(0), 0, Fraction(0)
    for j, v in enumerate(z, 1):
        cs += v
        if 1 + j * v > cs:
            k, s_k = j, cs
    tau = (s_k - 1) / k
    return [max(v - tau, Fraction(0)) for v in fr], tau


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparsemax_exact_reference(dtype, simd_level):
    rng = np.random.default_rng(22)
    u = float(np.finfo(dtype).eps) / 2
    for i, n in enumerate([1, 2, 3, 7, 16, 17, 100, 257, 600]):
        scale = [0.05, 0.5, 1, 3, 10, 100][i % 6]
        x = (rng.standard_normal(n) * scale + [0, 1e3, -5][i % 3]).astype(dtype)
        y = fastact.sparsemax(x)
        ye, tau = _sparsemax_exact(x)
        supp = [v > 0 for v in ye]
        mean_abs = float(sum(abs(Fraction(float(v))) for v, s in zip(x, supp) if s)
                         / max(sum(supp), 1))
        for j in range(n):
            if not supp[j]:
                assert y[j] == 0, (n, j)
                continue
            exact = float(ye[j])
            err = abs(Fraction(float(y[j])) - ye[j])
            tol = Fraction(float(np.spacing(dtype(abs(exact))))) + Fraction(
                4 * u * (abs(float(x[j])) + mean_abs))
            assert err <= tol, (dtype, n, j, float(y[j]), exact, float(err), float(tol))
        assert abs(float(np.sum(y, dtype=np.float64)) - 1) <= 4 * n * u


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparsemax_rows_vs_sort_reference(dtype, simd_level):
    """Longer rows against the sort-based long-double reference: the same support
    (up to entries within 1e-9 of tau) and close values."""
    for i, x in enumerate(make_rows(dtype, seed=23, n_rows=24, max_len=3000)):
        if not np.all(np.isfinite(x)):
            continue
        y = fastact.sparsemax(x)
        ref = R.sparsemax_hp(x)      # long double: its cumulative sum errs n 2^-64 |x|
        xd = x.astype(np.float64)
        tau = xd.max() - ref.max()
        far = np.abs(xd - tau) > 1e-5 * (1 + np.abs(xd))
        assert np.all(((y > 0) == (ref > 0)) | ~far), i
        scale = np.abs(x.astype(np.float64)).max() + 1
        atol = (16 * np.finfo(dtype).eps + x.size * 2.0**-63) * scale
        assert np.all(np.abs(y - ref) <= atol), (i, float(np.abs(y - ref).max()), atol)


def test_sparsemax_special_rows():
    inf, nan = np.inf, np.nan
    x = np.array([[1.0, inf, 2.0, inf], [1.0, nan, 0.0, 0.0], [-inf] * 4,
                  [-inf, 0.3, -inf, 0.1], [5.0, 5.0, 5.0, 5.0]])
    for dtype in DTYPES:
        y = fastact.sparsemax(x.astype(dtype))
        assert y[0].tolist() == [0, 0.5, 0, 0.5]
        assert np.all(np.isnan(y[1])) and np.all(np.isnan(y[2]))
        assert y[3].tolist() == [0.0, dtype(0.6), 0.0, dtype(0.4)] or np.allclose(
            y[3], [0, 0.6, 0, 0.4], atol=4 * np.finfo(dtype).eps)
        assert np.all(y[4] == dtype(0.25))


def test_sparsemax_huge_offsets_keep_their_support(simd_level):
    """Rows far from 0: tau = (sum - 1)/k rounds to the entries themselves
    (1e20 - 1/4 is 1e20 in double); the support test uses tau's low part."""
    for dtype in DTYPES:
        big = dtype(1e20) if dtype == np.float64 else dtype(1e15)
        y = fastact.sparsemax(np.full((2, 4), big, dtype))
        assert np.all(y == dtype(0.25)), y
        # the third entry is one ulp of big (>= 64) below: out of the support
        x = np.array([big, big, np.nextafter(big, dtype(0)), -big], dtype)
        assert fastact.sparsemax(x).tolist() == [0.5, 0.5, 0.0, 0.0]
        d = fastact.sparsemax_grad(np.arange(4, dtype=dtype), x)
        assert d.tolist() == [-0.5, 0.5, 0.0, 0.0]


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparsemax_grad_analytic(dtype, simd_level):
    rng = np.random.default_rng(24)
    x = (rng.standard_normal((40, 50)) * 2).astype(dtype)
    g = rng.standard_normal(x.shape).astype(dtype)
    y = fastact.sparsemax(x)
    ref = R.sparsemax_grad(g, x)
    d = fastact.sparsemax_grad(g, x)
    assert _bits_equal(d, fastact.sparsemax_grad(g, y, from_output=True))
    assert np.all(d[y == 0] == 0)
    # g_i - mean: one rounding of the difference of g and the exact-ish mean
    scale = np.abs(g.astype(np.float64)) + np.abs(np.where(y > 0, g, 0)).max(-1, keepdims=True)
    np.testing.assert_array_less(np.abs(d - ref), 2 * np.finfo(dtype).eps * scale + 1e-300)


# ---- gated family ------------------------------------------------------------

def _gated_tols(name, params, b, beta):
    act = _ACT[name]
    kw = {"approximate": params["approximate"]} if "approximate" in params else {}
    z = beta * b
    with np.errstate(all="ignore"):
        cf = _cond(getattr(R, act + "_cond")(z, **kw))
        cg = _cond(getattr(R, act + "_grad_cond")(z, **kw))
    return 5 + 2 * cf, 5 + 2 * cg


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,params", GATED, ids=GATED_IDS)
def test_gated_accuracy(name, params, dtype, simd_level):
    rng = np.random.default_rng(25)
    mp = name == "geglu" and params.get("approximate", "none") == "none"
    h = 150 if (mp and dtype == np.float64) else 3000
    x = np.concatenate([rng.standard_normal((2, 2 * h)) * 4,
                        rng.uniform(-30, 30, (1, 2 * h))]).astype(dtype)
    g = rng.standard_normal((3, h)).astype(dtype)
    f = getattr(fastact, name)
    fg = getattr(fastact, name + "_grad")
    y, d = f(x, **params), fg(g, x, **params)
    assert y.shape == (3, h) and d.shape == x.shape
    if dtype == np.float32:
        in_float = name in ("glu", "swiglu") and params.get("beta", 1.0) == 1.0
        check_ulp(y, getattr(R, name)(x, **params), dtype, 2.0 if in_float else 1.0,
                  what=f"{name} float32")
        dref = getattr(R, name + "_grad")(g, x, **params)
        check_ulp(d[:, :h], dref[:, :h], dtype, 2.0 if in_float else 1.0,
                  what=f"{name}_grad (a half) float32")
        check_ulp(d[:, h:], dref[:, h:], dtype, 4.0 if in_float else 1.0,
                  what=f"{name}_grad (b half) float32")
        return
    ref = getattr(R, name + "_hp")(x, **params)
    dref = getattr(R, name + "_grad_hp")(g, x, **params)
    b = x[:, h:].astype(np.float64)
    tf, tg = _gated_tols(name, params, b, params.get("beta", 1.0))
    tiny = np.finfo(np.float64).tiny
    ok = (np.abs(ref) >= tiny) | (ref == 0)
    check_ulp(y[ok], ref[ok], dtype, tf[ok], what=f"{name} float64")
    check_ulp(d[:, :h], dref[:, :h], dtype, tf, what=f"{name}_grad (a half) float64")
    okb = (np.abs(dref[:, h:]) >= tiny) | (dref[:, h:] == 0)
    check_ulp(d[:, h:][okb], dref[:, h:][okb], dtype, tg[okb],
              what=f"{name}_grad (b half) float64")


@pytest.mark.parametrize("name,params", GATED, ids=GATED_IDS)
def test_gated_axis_convention(name, params):
    """The activation applies to the second half (torch's F.glu convention),
    along any axis; the gradient halves are da, db in that order."""
    rng = np.random.default_rng(26)
    x = rng.standard_normal((4, 6, 4))
    f = getattr(fastact, name)
    act = getattr(R, _ACT[name])
    kw = {"approximate": params["approximate"]} if "approximate" in params else {}
    beta = params.get("beta", 1.0)
    for axis in (0, 1, 2, -1, -3):
        a, b = np.split(x, 2, axis=axis)
        ref = a * (act(beta * b, **kw) / beta if name == "swiglu" else act(b, **kw))
        np.testing.assert_allclose(f(x, axis=axis, **params), ref, rtol=1e-14, atol=1e-300)
    if name == "glu":
        torch = pytest.importorskip("torch")
        t = torch.from_numpy(x)
        for axis in (0, 1, 2):
            np.testing.assert_allclose(fastact.glu(x, axis=axis),
                                       torch.nn.functional.glu(t, axis).numpy(), rtol=1e-14)


def test_gated_special_values():
    inf, nan = np.inf, np.nan
    x = np.array([[2.0, 0.0, nan, 1.0, inf, -inf, 3.0, -inf]])  # a = [2, 0, nan, 1]
    for dtype in DTYPES:
        xd = x.astype(dtype)
        y = fastact.glu(xd)
        assert y[0, 0] == 2 and y[0, 1] == 0 and np.isnan(y[0, 2]) and y[0, 3] == 0
        y = fastact.reglu(xd)
        assert y[0].tolist()[:2] == [2 * inf, 0.0] and y[0, 3] == 0
        d = fastact.glu_grad(np.ones((1, 4), dtype), xd)
        # da = g sigmoid(b) needs no a; db = g a sigmoid'(b) is NaN for a = NaN
        assert d[0, 0] == 1 and d[0, 4] == 0 and not np.isnan(d[0, 2]) and np.isnan(d[0, 6])


# ---- gradients: finite differences in float64 ----------------------------------

def _fd_vjp(f, x, g, h=2.0**-10):
    """sum(g * f(x)) differentiated by 4th-order central differences, every
    coordinate (x small)."""
    out = np.empty_like(x)
    for k in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[k] = h

        def phi(t):
            return np.sum(g * f(x + t * e))
        out[k] = (phi(-2) - 8 * phi(-1) + 8 * phi(1) - phi(2)) / (12 * h)
    return out


FD_CASES = [
    ("softmin", {}), ("softmax", {"mask": True}), ("log_softmax", {"mask": True}),
    ("softmin", {"mask": True}), ("logsumexp", {}), ("logsumexp", {"mask": True}),
    ("sparsemax", {}),
] + [(n, p) for n, p in GATED]


@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("name,params", FD_CASES,
                         ids=[n + ("_masked" if p.get("mask") else "")
                              + ("_" + "_".join(f"{k}{v}" for k, v in p.items() if k != "mask")
                                 if any(k != "mask" for k in p) else "")
                              for n, p in FD_CASES])
def test_grad_matches_finite_differences(name, params, axis, simd_level):
    """x of shape (6, 3, 6): the axis (0) and the last axis have the same
    length, so a kernel reducing along the wrong one gives a wrong but
    well-shaped answer.  Tolerance 1e-7 relative + 1e-9 * sum|g| absolute
    (truncation h^4 f^(5) ~ 1e-12, rounding ~ 1e-13; a wrong axis or formula
    is off by O(0.1))."""
    rng = np.random.default_rng(27)
    params = dict(params)
    mask = params.pop("mask", False)
    x = rng.standard_normal((6, 3, 6)) * 1.5
    kw = dict(params)
    if mask:
        w = rng.random(x.shape) < 0.6
        w[1, 1] = False  # an all-masked row along both axes
        w[:, 1, 1] = False
        kw["where"] = w
    fwd = getattr(fastact, name)
    grad_fn = getattr(fastact, name + "_grad")

    def f(v, **k):   # masked log_softmax / logsumexp entries are -inf: constant, left out
        y = fwd(v, **k)
        return np.where(np.isneginf(y), 0.0, y) if mask else y
    if name == "sparsemax":
        x = rng.uniform(-1, 1, x.shape)   # a support of several entries per row
    if name == "reglu":
        x = np.where(np.abs(x) < 0.05, 0.5, x)     # away from the kink
    out = f(x, axis=axis, **kw)
    g = rng.standard_normal(np.shape(out))
    d = grad_fn(g, x, axis=axis, **kw)
    fd = _fd_vjp(lambda v: f(v, axis=axis, **kw), x, g)
    if name == "sparsemax":
        # FD straddling a support change is not a derivative: skip those entries
        y = f(x, axis=axis)
        keep = np.ones(x.shape, bool)
        tau_gap = np.abs(y) + np.where(y == 0, 1, 0) * 0
        keep &= ~((y > 0) & (y < 4 * 2.0**-10))
        keep &= np.isfinite(tau_gap)
        d, fd = d[keep], fd[keep]
    scale = np.abs(g).sum()
    np.testing.assert_allclose(d, fd, rtol=1e-7, atol=1e-9 * scale)
    if mask:
        assert np.all(grad_fn(g, x, axis=axis, **kw)[~w] == 0)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_masked_grad_analytic_and_from_output(name):
    rng = np.random.default_rng(28)
    x = rng.standard_normal((7, 9)) * 3
    w = rng.random(x.shape) < 0.6
    w[2] = False
    g = rng.standard_normal(x.shape)
    f, fg = getattr(fastact, name), getattr(fastact, name + "_grad")
    y = f(x, where=w)
    d = fg(g, x, where=w)
    assert np.all(d[~w] == 0) and np.all(d[2] == 0)
    np.testing.assert_allclose(fg(g, y, where=w, from_output=True), d, rtol=1e-13, atol=1e-15)
    p = R.masked_softmax(-x if name == "softmin" else x, where=w)
    gm = np.where(w, g, 0)
    if name == "log_softmax":
        ref = gm - p * gm.sum(-1, keepdims=True)
    else:
        ref = p * (gm - (gm * p).sum(-1, keepdims=True)) * (-1 if name == "softmin" else 1)
    np.testing.assert_allclose(d, np.where(w, ref, 0), rtol=1e-12, atol=1e-15)


# ---- all-masked policy and special values -------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_all_masked_policy(dtype):
    x = np.array([[1.0, np.nan, np.inf], [0.0, 1.0, 2.0]], dtype)
    w = np.array([[False, False, False], [True, False, True]])
    g = np.ones_like(x)
    for name, fill in [("softmax", 0.0), ("softmin", 0.0), ("log_softmax", -np.inf)]:
        y = getattr(fastact, name)(x, where=w)
        assert np.all(y[0] == fill) and y[1, 1] == fill and np.all(np.isfinite(y[1, [0, 2]]))
        for fo in (False, True):
            d = getattr(fastact, name + "_grad")(g, y if fo else x, where=w, from_output=fo)
            assert np.all(d[0] == 0) and d[1, 1] == 0 and np.all(np.isfinite(d))
    assert fastact.logsumexp(x, where=w)[0] == -np.inf
    assert np.all(fastact.logsumexp_grad(np.ones(2, dtype), x, where=w)[0] == 0)


def test_softmin_special_rows():
    inf, nan = np.inf, np.nan
    x = np.array([[inf, 0.0, 1.0], [-inf, 0.0, 1.0], [inf, inf, inf], [1.0, nan, 0.0]])
    for dtype in DTYPES:
        y = fastact.softmin(x.astype(dtype))
        assert y[0, 0] == 0 and np.isclose(y[0, 1:].sum(), 1)
        assert np.all(np.isnan(y[1])) and np.all(np.isnan(y[2])) and np.all(np.isnan(y[3]))


# ---- layouts, out=, in place ----------------------------------------------------

def _calls():
    """(label, f(x, axis, **kw) -> result, x-shaped result?)"""
    rng = np.random.default_rng(29)
    w = rng.random((6, 8, 10)) < 0.7
    G = {}

    def gfor(shape):
        if shape not in G:
            G[shape] = np.random.default_rng(30).standard_normal(shape)
        return G[shape]
    return [
        ("softmin", lambda x, ax: fastact.softmin(x, ax)),
        ("softmax_where", lambda x, ax: fastact.softmax(x, ax, where=w)),
        ("log_softmax_where", lambda x, ax: fastact.log_softmax(x, ax, where=w)),
        ("logsumexp", lambda x, ax: fastact.logsumexp(x, ax)),
        ("logsumexp_where", lambda x, ax: fastact.logsumexp(x, ax, where=w)),
        ("sparsemax", lambda x, ax: fastact.sparsemax(x, ax)),
        ("glu", lambda x, ax: fastact.glu(x, ax)),
        ("swiglu", lambda x, ax: fastact.swiglu(x, ax, beta=0.7)),
        ("softmin_grad", lambda x, ax: fastact.softmin_grad(gfor(x.shape), x, ax)),
        ("softmax_grad_where",
         lambda x, ax: fastact.softmax_grad(gfor(x.shape), x, ax, where=w)),
        ("logsumexp_grad", lambda x, ax: fastact.logsumexp_grad(
            gfor(tuple(int(n) for n in np.delete(x.shape, ax % 3))), x, ax)),
        ("sparsemax_grad", lambda x, ax: fastact.sparsemax_grad(gfor(x.shape), x, ax)),
        ("geglu_grad", lambda x, ax: fastact.geglu_grad(
            gfor(tuple(n // 2 if i == ax % 3 else n for i, n in enumerate(x.shape))), x, ax)),
    ]


@pytest.mark.parametrize("call", _calls(), ids=lambda c: c[0])
def test_layouts_agree_bitwise(call):
    """C order, F order, a strided view and a float32 copy of other layouts all
    give the C-order result, on every axis."""
    _, f = call
    rng = np.random.default_rng(31)
    for dtype in DTYPES:
        x = (rng.standard_normal((6, 8, 10)) * 3).astype(dtype)
        big = np.zeros((12, 8, 20), dtype)
        big[::2, :, ::2] = x
        for ax in (0, 1, 2, -1):
            ref = f(np.ascontiguousarray(x), ax)
            assert _bits_equal(f(np.asfortranarray(x), ax), ref)
            assert _bits_equal(f(big[::2, :, ::2], ax), ref)


@pytest.mark.parametrize("dtype", DTYPES)
def test_out_and_in_place(dtype):
    rng = np.random.default_rng(32)
    x = (rng.standard_normal((6, 8)) * 3).astype(dtype)
    w = rng.random(x.shape) < 0.5
    g = rng.standard_normal(x.shape).astype(dtype)
    for f in (lambda v, **k: fastact.softmin(v, **k),
              lambda v, **k: fastact.softmax(v, where=w, **k),
              lambda v, **k: fastact.log_softmax(v, 0, where=w, **k),
              lambda v, **k: fastact.sparsemax(v, **k),
              lambda v, **k: fastact.softmin_grad(g, v, where=w, **k),
              lambda v, **k: fastact.sparsemax_grad(g, v, 0, **k),
              lambda v, **k: fastact.glu_grad(g[:, :4], v, **k),
              lambda v, **k: fastact.swiglu_grad(g[:3], v, 0, **k)):
        ref = f(x)
        xc = x.copy()
        assert f(xc, out=xc) is xc and _bits_equal(xc, ref)
        o = np.empty_like(x)
        assert f(x, out=o) is o and _bits_equal(o, ref)
        of = np.empty(x.shape, dtype, order="F")
        assert f(x, out=of) is of and _bits_equal(of, ref)
    o = np.empty(6, dtype)
    assert fastact.logsumexp(x, out=o) is o and _bits_equal(o, fastact.logsumexp(x))
    o = np.empty((6, 4), dtype)
    assert fastact.reglu(x, out=o) is o and _bits_equal(o, fastact.reglu(x))
    o = np.empty((6, 1), dtype)
    assert fastact.logsumexp(x, keepdims=True, out=o) is o


def test_float16_and_integer_inputs():
    x16 = np.linspace(-3, 3, 24, dtype=np.float16).reshape(3, 8)
    for f in (fastact.softmin, fastact.logsumexp, fastact.sparsemax, fastact.glu):
        r = f(x16)
        assert r.dtype == np.float16
        np.testing.assert_allclose(r.astype(np.float64), f(x16.astype(np.float64)),
                                   rtol=2e-3, atol=2e-3)
        assert f(np.arange(8).reshape(2, 4)).dtype == np.float64


# ---- threads and batch independence ----------------------------------------------

def _thread_calls():
    rng = np.random.default_rng(33)
    x = (rng.standard_normal((256, 1024)) * 4).astype(np.float32)
    w = rng.random(x.shape) < 0.8
    g = rng.standard_normal(x.shape).astype(np.float32)
    gh = g[:, :512]
    return [
        lambda d: fastact.softmin(x.astype(d)),
        lambda d: fastact.softmax(x.astype(d), where=w),
        lambda d: fastact.log_softmax(x.astype(d), where=w),
        lambda d: fastact.logsumexp(x.astype(d), where=w),
        lambda d: fastact.sparsemax(x.astype(d)),
        lambda d: fastact.sparsemax_grad(g.astype(d), x.astype(d)),
        lambda d: fastact.softmin_grad(g.astype(d), x.astype(d), where=w),
        lambda d: fastact.logsumexp_grad(g[:, 0].astype(d), x.astype(d)),
        lambda d: fastact.glu(x.astype(d)),
        lambda d: fastact.geglu(x.astype(d), approximate="tanh"),
        lambda d: fastact.swiglu_grad(gh.astype(d), x.astype(d)),
        lambda d: fastact.reglu_grad(gh.astype(d), x.astype(d)),
    ]


@pytest.mark.parametrize("i", range(12))
def test_one_thread_equals_two_threads(i):
    f = _thread_calls()[i]
    for dtype in DTYPES:
        with fastact.num_threads(1):
            one = f(dtype)
        with fastact.num_threads(2):
            two = f(dtype)
        assert _bits_equal(one, two)


def test_row_independent_of_batch(simd_level):
    rng = np.random.default_rng(34)
    x = rng.standard_normal((23, 130)) * 5
    w = rng.random(x.shape) < 0.7
    for f in (lambda v, m: fastact.softmin(v, where=m), lambda v, m: fastact.logsumexp(v, where=m),
              lambda v, m: fastact.sparsemax(v), lambda v, m: fastact.swiglu(v)):
        full = f(x, w)
        for i in range(x.shape[0]):
            assert _bits_equal(f(x[i], w[i]), full[i])


def test_every_simd_level_agrees_closely():
    """Each SIMD level is checked against the references above; here the
    levels also agree with one another to a few ULP (float32 logsumexp is
    rounded once from double, so exactly; glu runs in float lanes at the FMA
    levels, in double at baseline: each within 2 ULP of the exact value)."""
    rng = np.random.default_rng(35)
    x = (rng.standard_normal((8, 256)) * 3).astype(np.float32)
    res = {}
    for level in SIMD_LEVELS:
        prev = fastact._core.set_simd(level)
        try:
            res[level] = (fastact.logsumexp(x), fastact.glu(x), fastact.softmin(x))
        finally:
            fastact._core.set_simd(prev)
    base = res[SIMD_LEVELS[0]]
    for level, r in res.items():
        assert _bits_equal(r[0], base[0]), level
        assert ulp_errors(r[1], base[1].astype(np.float64), np.float32).max() <= 4, level
        assert ulp_errors(r[2], base[2].astype(np.float64), np.float32).max() <= 4


# ---- errors ---------------------------------------------------------------

def test_errors_name_function_and_argument():
    x = np.zeros((3, 5))
    xe = np.zeros((3, 6))
    cases = [
        (lambda: fastact.softmin(x, axis=2), ValueError, "softmin: axis"),
        (lambda: fastact.softmin(x, axis=1.5), TypeError, "softmin: axis"),
        (lambda: fastact.logsumexp(x, axis=(0, 0)), ValueError, "repeated"),
        (lambda: fastact.logsumexp(x, keepdims="yes"), TypeError, "logsumexp: keepdims"),
        (lambda: fastact.softmax(x, where=np.ones((3, 5), int)), TypeError, "softmax: where"),
        (lambda: fastact.softmax(x, where=np.ones((2, 5), bool)), ValueError, "softmax: where"),
        (lambda: fastact.log_softmax_grad(x, x, where=np.ones(4, bool)), ValueError,
         "log_softmax_grad: where"),
        (lambda: fastact.logsumexp(x, where=[1, 0, 1, 0, 1]), TypeError, "logsumexp: where"),
        (lambda: fastact.glu(x), ValueError, "glu: the length of axis 1 is 5"),
        (lambda: fastact.glu(xe, axis=0), ValueError, "length of axis 0 is 3"),
        (lambda: fastact.geglu(xe, axis=(0, 1)), TypeError, "geglu: axis must be an int"),
        (lambda: fastact.geglu(xe, approximate="fast"), ValueError, "geglu: approximate"),
        (lambda: fastact.swiglu(xe, beta=np.nan), ValueError, "swiglu: beta"),
        (lambda: fastact.swiglu(xe, beta="1"), TypeError, "swiglu: beta"),
        (lambda: fastact.glu_grad(np.zeros((3, 2)), xe), ValueError, "glu_grad: grad"),
        (lambda: fastact.logsumexp_grad(np.zeros(5), x), ValueError, "logsumexp_grad: grad"),
        (lambda: fastact.softmin(x, out=np.zeros((3, 4))), ValueError, "softmin: out"),
        (lambda: fastact.logsumexp(x, out=np.zeros(3, np.float32)), TypeError,
         "logsumexp: out"),
        (lambda: fastact.glu(xe, out=np.zeros((3, 6))), ValueError, "glu: out"),
        (lambda: fastact.reglu_grad(np.zeros((3, 3)), xe, out=np.zeros((3, 3))), ValueError,
         "reglu_grad: out"),
        (lambda: fastact.sparsemax(np.array(["a"])), TypeError, "sparsemax: x"),
        (lambda: fastact.sparsemax_grad(x, x, out=[0]), TypeError, "sparsemax_grad: out"),
    ]
    for fn, exc, msg in cases:
        with pytest.raises(exc, match=msg):
            fn()


def test_caller_arrays_untouched_on_error():
    rng = np.random.default_rng(36)
    x = rng.standard_normal((4, 6))
    g = rng.standard_normal((4, 3))
    x0, g0 = x.copy(), g.copy()
    with pytest.raises(ValueError):
        fastact.softmin(x, where=np.ones((3, 6), bool), out=x)
    with pytest.raises(ValueError):
        fastact.glu_grad(g[:, :2], x, out=x)
    with pytest.raises(TypeError):
        fastact.logsumexp_grad(g[:, 0], x, where=np.ones(6, int), out=x)
    assert _bits_equal(x, x0) and _bits_equal(g, g0)


def test_dask_along_axis():
    da = pytest.importorskip("dask.array")
    x = np.random.default_rng(37).standard_normal((8, 10))
    dx = da.from_array(x, chunks=(4, 10))
    assert _bits_equal(fastact.softmin(dx).compute(), fastact.softmin(x))
    assert _bits_equal(fastact.sparsemax(dx).compute(), fastact.sparsemax(x))
    assert _bits_equal(fastact.softmin_grad(dx, dx).compute(), fastact.softmin_grad(x, x))
    with pytest.raises(ValueError, match="rechunk"):
        fastact.softmin(da.from_array(x, chunks=(4, 5)))
    with pytest.raises(TypeError, match="where"):
        fastact.softmax(dx, where=x > 0)


def test_c_api_entry_points_bitwise():
    """The C API's softmin / softmin_grad_y / sparsemax / sparsemax_grad_y /
    logsumexp (fastact.h) equal the Python functions: called through the
    capsule's table with ctypes (struct: int version; size_t size; then four
    pointers per API entry, in tools/gen_capi.py's order)."""
    import ctypes
    import importlib.util
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    spec = importlib.util.spec_from_file_location("gen_capi", os.path.join(root, "tools",
                                                                            "gen_capi.py"))
    if spec is None or not os.path.exists(spec.origin):
        pytest.skip("tools/gen_capi.py not available (installed package)")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    names = [e[0] for e in gen.API]
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    base = get(fastact._C_API, b"fastact._C_API")
    ptr = ctypes.POINTER(ctypes.c_void_p)
    rng = np.random.default_rng(38)
    for dtype, k, ct in [(np.float32, 0, ctypes.c_float), (np.float64, 2, ctypes.c_double)]:
        P = ctypes.POINTER(ct)
        rows = ctypes.CFUNCTYPE(ctypes.c_int, P, P, ctypes.c_ssize_t, ctypes.c_ssize_t)
        grads = ctypes.CFUNCTYPE(ctypes.c_int, P, P, P, ctypes.c_ssize_t, ctypes.c_ssize_t)

        def fn(name, proto, mt=0):
            off = 16 + 8 * (4 * names.index(name) + k + mt)
            return proto(ctypes.cast(base + off, ptr)[0])

        def p(a):
            return a.ctypes.data_as(P)
        x = (rng.standard_normal((7, 33)) * 3).astype(dtype)
        g = rng.standard_normal(x.shape).astype(dtype)
        for name, ref in [("softmin", fastact.softmin(x)), ("sparsemax", fastact.sparsemax(x))]:
            for mt in (0, 1):
                y = np.empty_like(x)
                assert fn(name, rows, mt)(p(x), p(y), 7, 33) == 0
                assert _bits_equal(y, ref), name
            yv = ref
            o = np.empty_like(x)
            assert fn(name + "_grad_y", grads)(p(g), p(yv), p(o), 7, 33) == 0
            assert _bits_equal(o, getattr(fastact, name + "_grad")(g, yv, from_output=True))
        y = np.empty(7, dtype)
        assert fn("logsumexp", rows)(p(x), p(y), 7, 33) == 0
        assert _bits_equal(y, fastact.logsumexp(x))
        assert fn("logsumexp", rows)(p(x), p(y), 7, 0) == 0 and np.all(y == -np.inf)
        assert fn("logsumexp", rows)(p(x), p(y), -1, 3) == -1
