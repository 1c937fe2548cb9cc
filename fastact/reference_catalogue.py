"""Reference math of the catalogue's elementwise activations (used by
fastact.reference, which exposes them under the same public names and
conventions as the core ops: ``NAME``, ``NAME_grad``, ``NAME_hp``, ...).

Each formula is the textbook definition, rearranged only where the direct
form cancels in float64 / long double (tanhshrink near 0: Taylor series;
squareplus for x < 0; log_sigmoid via logaddexp).  ``f(name, x, p)`` and
``fp(name, x, p)`` take float64 or long-double arrays; ``mp_f``/``mp_fp``
take one mpmath number.  Kinks follow PyTorch's *_backward kernels.
"""

import numpy as np

NAMES = ("relu6", "hardtanh", "threshold", "hardsigmoid", "hardswish", "softshrink",
         "hardshrink", "sparse_plus", "sparse_sigmoid", "celu", "log_sigmoid", "softsign",
         "mish", "tanhshrink", "squareplus", "logit")
FROM_OUTPUT = ("relu6", "hardtanh", "hardsigmoid", "softshrink", "hardshrink",
               "sparse_sigmoid", "celu")

_TANH_SERIES = {}


def _tanhshrink_series(x):
    """x - tanh(x) = sum_k c_k x^(2k+1), k >= 1, for |x| <= 1/4: 14 terms (the
    ratio of successive terms is below 0.026 there: truncation < 1e-21)."""
    dt = x.dtype.type
    if dt not in _TANH_SERIES:
        import mpmath as mp
        with mp.workdps(40):
            c = mp.taylor(mp.tanh, 0, 31)
            coeffs = [-c[2 * k + 1] for k in range(1, 16)]
            _TANH_SERIES[dt] = [dt(mp.nstr(v, 35)) if dt is np.longdouble else float(v)
                                for v in coeffs]
    t = x * x
    acc = np.zeros_like(x)
    for c in reversed(_TANH_SERIES[dt]):
        acc = acc * t + c
    return acc * t * x


def _expit(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _clamp_bounds(name, p):
    if name == "relu6":
        return 0.0, 6.0
    return p.get("min_val", -1.0), p.get("max_val", 1.0)


def f(name, x, p):
    one = x.dtype.type(1)
    if name in ("relu6", "hardtanh"):
        lo, hi = _clamp_bounds(name, p)
        return np.where(np.isnan(x), x, np.clip(x, lo, hi))
    if name == "threshold":
        return np.where(np.isnan(x) | (x > p["threshold"]), x, p["value"]).astype(x.dtype)
    if name == "hardsigmoid":
        return np.clip(x + 3, 0, 6) / 6
    if name == "hardswish":
        return np.where(x <= -3, -0.0, x * np.clip(x + 3, 0, 6) / 6).astype(x.dtype)
    if name == "softshrink":
        lam = p.get("lambd", 0.5)
        r = np.where(x > lam, x - lam, np.where(x < -lam, x + lam, 0 * one))
        return np.where(np.isnan(x), x, r)
    if name == "hardshrink":
        lam = p.get("lambd", 0.5)
        return np.where(np.isnan(x) | (np.abs(x) > lam), x, 0 * one)
    if name == "sparse_plus":
        return np.where(x <= -1, 0 * one, np.where(x >= 1, x, (x + 1) ** 2 / 4))
    if name == "sparse_sigmoid":
        return np.clip((x + 1) / 2, 0, 1)
    if name == "celu":
        a = x.dtype.type(p.get("alpha", 1.0))
        return np.where(x > 0, x, a * np.expm1(np.minimum(x, 0) / a))
    if name == "log_sigmoid":
        return -np.logaddexp(0 * one, -x)
    if name == "softsign":
        xc = np.clip(x, -np.finfo(x.dtype).max, np.finfo(x.dtype).max)
        return xc / (1 + np.abs(xc))
    if name == "mish":
        sp = np.logaddexp(0 * one, x)
        return np.where(x == -np.inf, -0.0, x * np.tanh(sp)).astype(x.dtype)
    if name == "tanhshrink":
        small = np.abs(x) <= 0.25
        xs = np.where(small, x, 0)
        return np.where(small, _tanhshrink_series(xs), x - np.tanh(x))
    if name == "squareplus":
        b = x.dtype.type(p.get("b", 4.0))
        s = np.sqrt(x * x + b)
        s = np.where(np.abs(x) > 1e150, np.abs(x), s)
        return np.where(x >= 0, (x + s) / 2, (b / 2) / (s - x))
    if name == "logit":
        eps = p.get("eps")
        if eps is not None:
            x = np.clip(x, eps, 1 - eps)
        return np.log(x) - np.log1p(-x)
    raise ValueError(name)


def fp(name, x, p):
    one = x.dtype.type(1)
    zero = 0 * one
    nan = np.isnan(x)

    def masked(cond, v):
        return np.where(nan, np.nan, np.where(cond, v, zero)).astype(x.dtype)

    if name in ("relu6", "hardtanh"):
        lo, hi = _clamp_bounds(name, p)
        return masked((x > lo) & (x < hi), one)
    if name == "threshold":
        return masked(x > p["threshold"], one)
    if name == "hardsigmoid":
        return masked((x > -3) & (x < 3), one / 6)
    if name == "hardswish":
        return np.where(x <= -3, zero, np.where(x >= 3, one, (2 * x + 3) / 6))
    if name in ("softshrink", "hardshrink"):
        lam = p.get("lambd", 0.5)
        return masked(np.abs(x) > lam, one)
    if name == "sparse_plus":
        return np.where(x <= -1, zero, np.where(x >= 1, one, (x + 1) / 2))
    if name == "sparse_sigmoid":
        return masked((x > -1) & (x < 1), one / 2)
    if name == "celu":
        a = x.dtype.type(p.get("alpha", 1.0))
        return np.where(x > 0, one, np.exp(np.minimum(x, 0) / a))
    if name == "log_sigmoid":
        return _expit(-x)
    if name == "softsign":
        d = 1 + np.abs(x)
        return one / d / d
    if name == "mish":
        sp = np.logaddexp(zero, x)
        th = np.tanh(sp)
        xc = np.clip(x, -np.finfo(x.dtype).max, np.finfo(x.dtype).max)
        v = th + xc * (1 - th) * (1 + th) * _expit(x)
        return np.where(nan, np.nan, v)
    if name == "tanhshrink":
        return np.tanh(x) ** 2
    if name == "squareplus":
        b = x.dtype.type(p.get("b", 4.0))
        s = np.sqrt(x * x + b)
        s = np.where(np.abs(x) > 1e150, np.abs(x), s)
        pos = (1 + np.where(s > 0, x / np.where(s > 0, s, 1), 0)) / 2
        return np.where(nan, np.nan, np.where(x >= 0, pos, (b / 2) / (s * (s - x))))
    if name == "logit":
        eps = p.get("eps")
        v = 1 / (x * (1 - x))
        if eps is not None:
            return np.where(nan, np.nan, np.where((x < eps) | (x > 1 - eps), zero, v))
        return np.where((x < 0) | (x > 1), np.nan, v)
    raise ValueError(name)


def fp_from_output(name, y, p):
    one = y.dtype.type(1)
    zero = 0 * one
    nan = np.isnan(y)
    if name in ("relu6", "hardtanh"):
        lo, hi = _clamp_bounds(name, p)
        return np.where(nan, np.nan, np.where((y > lo) & (y < hi), one, zero))
    if name == "hardsigmoid":
        return np.where(nan, np.nan, np.where((y > 0) & (y < 1), one / 6, zero))
    if name == "sparse_sigmoid":
        return np.where(nan, np.nan, np.where((y > 0) & (y < 1), one / 2, zero))
    if name in ("softshrink", "hardshrink"):
        return np.where(nan, np.nan, np.where(y != 0, one, zero))
    if name == "celu":
        a = y.dtype.type(p.get("alpha", 1.0))
        return np.where(y > 0, one, (y + a) / a)
    raise ValueError(f"{name} has no from_output gradient")


def mp_f(mp, name, t, p):
    if name in ("relu6", "hardtanh"):
        lo, hi = _clamp_bounds(name, p)
        return min(max(t, mp.mpf(lo)), mp.mpf(hi))
    if name == "threshold":
        return t if t > p["threshold"] else mp.mpf(p["value"])
    if name == "hardsigmoid":
        return min(max(t + 3, 0), 6) / 6
    if name == "hardswish":
        return t * min(max(t + 3, 0), 6) / 6
    if name == "softshrink":
        lam = mp.mpf(p.get("lambd", 0.5))
        return t - lam if t > lam else (t + lam if t < -lam else mp.mpf(0))
    if name == "hardshrink":
        return t if abs(t) > p.get("lambd", 0.5) else mp.mpf(0)
    if name == "sparse_plus":
        return mp.mpf(0) if t <= -1 else (t if t >= 1 else (t + 1) ** 2 / 4)
    if name == "sparse_sigmoid":
        return min(max((t + 1) / 2, 0), 1)
    if name == "celu":
        a = mp.mpf(p.get("alpha", 1.0))
        return t if t > 0 else a * mp.expm1(t / a)
    if name == "log_sigmoid":
        return -mp.log1p(mp.exp(-t))
    if name == "softsign":
        return t / (1 + abs(t))
    if name == "mish":
        return t * mp.tanh(mp.log1p(mp.exp(t)))
    if name == "tanhshrink":
        return t - mp.tanh(t)
    if name == "squareplus":
        return (t + mp.sqrt(t * t + mp.mpf(p.get("b", 4.0)))) / 2
    if name == "logit":
        eps = p.get("eps")
        if eps is not None:
            t = min(max(t, mp.mpf(eps)), 1 - mp.mpf(eps))
        return mp.log(t / (1 - t)) if 0 < t < 1 else mp.nan
    raise ValueError(name)


def mp_fp(mp, name, t, p):
    if name in ("relu6", "hardtanh"):
        lo, hi = _clamp_bounds(name, p)
        return mp.mpf(1) if lo < t < hi else mp.mpf(0)
    if name == "threshold":
        return mp.mpf(1) if t > p["threshold"] else mp.mpf(0)
    if name == "hardsigmoid":
        return mp.mpf(1) / 6 if -3 < t < 3 else mp.mpf(0)
    if name == "hardswish":
        return mp.mpf(0) if t <= -3 else (mp.mpf(1) if t >= 3 else (2 * t + 3) / 6)
    if name in ("softshrink", "hardshrink"):
        return mp.mpf(1) if abs(t) > p.get("lambd", 0.5) else mp.mpf(0)
    if name == "sparse_plus":
        return mp.mpf(0) if t <= -1 else (mp.mpf(1) if t >= 1 else (t + 1) / 2)
    if name == "sparse_sigmoid":
        return mp.mpf(1) / 2 if -1 < t < 1 else mp.mpf(0)
    if name == "celu":
        return mp.mpf(1) if t > 0 else mp.exp(t / mp.mpf(p.get("alpha", 1.0)))
    if name == "log_sigmoid":
        return 1 / (1 + mp.exp(t))
    if name == "softsign":
        return 1 / (1 + abs(t)) ** 2
    if name == "mish":
        sp = mp.log1p(mp.exp(t))
        return mp.tanh(sp) + t * mp.sech(sp) ** 2 / (1 + mp.exp(-t))
    if name == "tanhshrink":
        return mp.tanh(t) ** 2
    if name == "squareplus":
        return (1 + t / mp.sqrt(t * t + mp.mpf(p.get("b", 4.0)))) / 2
    if name == "logit":
        eps = p.get("eps")
        if eps is not None and (t < eps or t > 1 - eps):
            return mp.mpf(0)
        return 1 / (t * (1 - t)) if 0 <= t <= 1 else mp.nan
    raise ValueError(name)


def cond(name, x, p):
    """|x f'(x)/f(x)| from the formulas above (float64)."""
    with np.errstate(all="ignore"):
        v = np.abs(x * fp(name, x, p) / f(name, x, p))
        return np.where(np.isfinite(v), v, np.where(np.isnan(x), 0.0, 1e300))


def grad_cond(name, x, p):
    """|x f''(x)/f'(x)|, f'' by a central difference of f' (relative step
    2^-20: a few digits, which is all a tolerance needs)."""
    with np.errstate(all="ignore"):
        h = np.maximum(np.abs(x), 1e-300) * 2.0 ** -20
        d2 = (fp(name, x + h, p) - fp(name, x - h, p)) / (2 * h)
        v = np.abs(x * d2 / fp(name, x, p))
        return np.where(np.isfinite(v), v, np.where(np.isnan(x), 0.0, 1e300))
