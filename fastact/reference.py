"""Reference oracle for fastact: the exact math of every activation.

Pure NumPy; SciPy and mpmath are imported lazily where needed.  This module is
used by the test-suite only and never by the compiled kernels.

Public functions (same names and parameters as fastact)
------------------------------------------------------
``NAME(x, **params)`` and ``NAME_grad(g, x, **params)`` for every op
(relu, leaky_relu, elu, selu, gelu, silu, sigmoid, tanh, softplus, softmax,
log_softmax) compute in float64 and are meant for checking float32 results.

``NAME_hp(x, **params)`` / ``NAME_grad_hp(g, x, **params)`` return
``np.longdouble`` arrays and are meant for checking float64 results.  They
compute in x87 extended precision (64-bit significand) except for
``gelu(approximate="none")`` which uses mpmath (``mp.dps = 40``) point by
point (use it on samples: about 25 us per element).

``NAME_grad_from_output(g, y, **params)`` (and ``..._hp``) evaluate the
derivative written in terms of the forward output ``y`` (relu, leaky_relu,
elu, selu, sigmoid, tanh, softmax, log_softmax): exact given ``y``.

``NAME_cond(x, **params)`` / ``NAME_grad_cond(x, **params)`` give the relative
condition numbers |x f'(x)/f(x)| and |x f''(x)/f'(x)| (float64, a few digits
are enough: they only size tolerances).

``NAME_mp(x, **params)`` / ``NAME_grad_mp(g, x, **params)`` evaluate with
mpmath at 40 digits, element by element (slow: for validating the others).

``ulp_error(actual, reference, dtype)`` measures errors in ULPs.

Accuracy of the reference itself (checked by tests/test_reference_oracle.py)
----------------------------------------------------------------------------
* float64 path, for inputs that are float32 values: relative error below
  1e-12 for every op, every input and every tail where |result| >= 1e-300
  (typically a few 1e-16; below 1e-300 the absolute error is < 1e-300),
  i.e. below 2e-5 float32 ULP.  The worst cases are the far tails of
  gelu/gelu' (x**2*eps from the erfc argument) and the gelu-tanh tail
  (|u|*eps).  The interior zeros of gelu', gelu-tanh' and silu'
  (x ~ -0.7518, -0.7525, -1.2785) would lose relative accuracy to
  cancellation: within 1/64 of each root the derivative is evaluated from its
  Taylor series about the root (root and 15 coefficients from mpmath at 50
  digits, cached), so the relative accuracy holds there too, down to the
  float32 values closest to the root.
* long-double path (``*_hp``): relative error below 1e-18 * (1 + cond)
  wherever the result is a normal float64 number (cond = the function's
  condition number, which amplifies the long-double rounding of inner
  arguments such as u or x**2/2 in the far tails), i.e. below
  0.005 * (1 + cond) float64 ULP, far inside the float64 tolerance
  4 + 2*cond.  Close to the interior zeros of gelu-tanh' and silu' the
  absolute error stays below 1e-18 (cond is unbounded there).  Requires a long
  double with >= 64 significand bits
  (x86-64 Linux); on other platforms the ``*_hp`` functions fall back to
  mpmath element by element.
* mpmath paths: correctly rounded to float64 (double-double conversion of a
  40-digit result).

Conventions
-----------
* ``NAME_grad(g, x)`` is ``g * f'(x)`` with f' at the kinks following PyTorch
  (relu'(0) = 0, leaky_relu'(0) = negative_slope, elu'(0) = alpha) and the
  limits at +-inf (e.g. silu'(-inf) = 0, silu'(inf) = 1).  NaN x gives NaN.
  Tests use finite g only.
* softplus follows PyTorch: ``(1/beta) * log1p(exp(beta*x))`` and exactly x
  where ``beta*x > threshold``; the comparison is made on the float64 product
  ``beta * x`` in every path.
* softmax/log_softmax: ``axis`` is an int, a tuple of ints or None (all
  axes), as in scipy.special.softmax.  A slice of all -inf gives NaN.
"""

import math

import numpy as np

__all__ = [
    "SELU_ALPHA", "SELU_SCALE", "ulp", "ulp_error", "max_ulp_error", "grad_zero",
    "ELEMENTWISE", "FROM_OUTPUT",
]

SELU_ALPHA_STR = "1.6732632423543772848170429916717"
SELU_SCALE_STR = "1.0507009873554804934193349852946"
SELU_ALPHA = float(SELU_ALPHA_STR)
SELU_SCALE = float(SELU_SCALE_STR)
_PI_STR = "3.14159265358979323846264338327950288419716939937510"
_GELU_A_STR = "0.044715"

from . import reference_catalogue as _CAT  # noqa: E402

ELEMENTWISE = ("relu", "leaky_relu", "elu", "selu", "gelu", "silu",
               "sigmoid", "tanh", "softplus") + _CAT.NAMES
FROM_OUTPUT = ("relu", "leaky_relu", "elu", "selu", "sigmoid", "tanh",
               "softmax", "log_softmax") + _CAT.FROM_OUTPUT

LD = np.longdouble
_LD_OK = np.finfo(LD).nmant >= 63


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _arr(x, dtype):
    a = np.asarray(x)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"reference: unsupported dtype {a.dtype}")
    return a.astype(dtype)


def _const(s, dtype):
    return dtype(s) if dtype is LD else np.float64(float(s))


def _expit(x):
    """Stable logistic function for float64 or long double arrays."""
    if x.dtype == np.float64:
        from scipy.special import expit
        return expit(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _sqrt_2_over_pi(dtype):
    if dtype is LD:
        return np.sqrt(LD(2) / LD(_PI_STR))
    return np.float64(math.sqrt(2 / math.pi))


def _inv_sqrt_2pi(dtype):
    if dtype is LD:
        return 1 / np.sqrt(2 * LD(_PI_STR))
    return np.float64(1 / math.sqrt(2 * math.pi))


def _quiet(fn):
    def wrapped(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


def _nan_where_nan(x, y):
    return np.where(np.isnan(x), np.nan, y).astype(y.dtype)


# --------------------------------------------------------------------------
# Taylor expansions of f' around its interior zero (gelu', gelu-tanh', silu')
# --------------------------------------------------------------------------
_TAYLOR_HALF_WIDTH = 1.0 / 64
_TAYLOR_TERMS = 15
_taylor_cache = {}


def _mp_module():
    import mpmath
    return mpmath


def _taylor_data(key):
    """(r_hi, r_lo, [c1..cN]) for f' = derivative named by key."""
    if key not in _taylor_cache:
        mp = _mp_module()
        with mp.workdps(60):
            fp = {"gelu": lambda t: _mp_fp("gelu", t, {}),
                  "gelu_tanh": lambda t: _mp_fp("gelu", t, {"approximate": "tanh"}),
                  "silu": lambda t: _mp_fp("silu", t, {}),
                  "mish": lambda t: _mp_fp("mish", t, {})}[key]
            guess = {"gelu": -0.7518, "gelu_tanh": -0.7525, "silu": -1.2785,
                     "mish": -1.1924}[key]
            r = mp.findroot(fp, mp.mpf(guess))
            coeffs = mp.taylor(fp, r, _TAYLOR_TERMS)
            r_hi = float(r)
            r_lo = float(r - r_hi)
            _taylor_cache[key] = (r_hi, r_lo, [float(c) for c in coeffs[1:]])
    return _taylor_cache[key]


def grad_zero(name, approximate="none"):
    """The interior zero of f' (float64 nearest): gelu (-0.7517915...),
    gelu with approximate="tanh" (-0.7524614...), silu (-1.2784645...)."""
    key = "gelu_tanh" if (name == "gelu" and approximate == "tanh") else name
    return _taylor_data(key)[0]


def _apply_root_taylor(key, x, value):
    """Replace value by the Taylor series of f' where x is near the root.

    x and value are float64 arrays of the same shape."""
    r_hi, r_lo, coeffs = _taylor_data(key)
    near = np.abs(x - r_hi) <= _TAYLOR_HALF_WIDTH
    if not np.any(near):
        return value
    d = (x[near] - r_hi) - r_lo          # x - r_hi is exact (Sterbenz)
    acc = np.full_like(d, coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = acc * d + c
    value = value.copy()
    value[near] = acc * d
    return value


# --------------------------------------------------------------------------
# elementwise forward f(x) and derivative f'(x), generic over float64 / LD
# --------------------------------------------------------------------------
@_quiet
def _f(name, x, p):
    dt = LD if x.dtype == LD else np.float64
    if name in _CAT.NAMES:
        return _CAT.f(name, x, p)
    if name == "relu":
        return np.maximum(x, 0)
    if name == "leaky_relu":
        s = p.get("negative_slope", 0.01)
        y = np.where(x > 0, x, x * s)
        return np.where(np.isinf(x) & (x < 0) & (s == 0), 0, y).astype(x.dtype)
    if name in ("elu", "selu"):
        if name == "elu":
            alpha, scale = x.dtype.type(p.get("alpha", 1.0)), 1
        else:
            alpha, scale = _const(SELU_ALPHA_STR, dt), _const(SELU_SCALE_STR, dt)
        neg = alpha * np.expm1(np.minimum(x, 0))
        return (scale * np.where(x > 0, x, neg)).astype(x.dtype)
    if name == "sigmoid":
        return _expit(x)
    if name == "tanh":
        return np.tanh(x)
    if name == "silu":
        y = x * _expit(x.dtype.type(p.get("beta", 1.0)) * x)
        return np.where(x == -np.inf, 0, y).astype(x.dtype)
    if name == "softplus":
        beta = p.get("beta", 1.0)
        thr = p.get("threshold", 20.0)
        bx = x.dtype.type(beta) * x
        sp = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / x.dtype.type(beta)
        over = (np.float64(beta) * x.astype(np.float64)) > thr
        return np.where(over, x, sp).astype(x.dtype)
    if name == "gelu":
        if p.get("approximate", "none") == "tanh":
            xc = np.clip(x, -1e5, 1e5)
            u = _sqrt_2_over_pi(dt) * (xc + _const(_GELU_A_STR, dt) * (xc * xc * xc))
            y = x * _expit(2 * u)
            return np.where(x == -np.inf, 0, y).astype(x.dtype)
        if x.dtype == LD:
            return _mp_eval_f("gelu", x, p)
        from scipy.special import ndtr
        y = x * ndtr(x)
        return np.where(x == -np.inf, 0.0, y)
    raise ValueError(f"unknown op {name}")


@_quiet
def _fp(name, x, p):
    """f'(x), following PyTorch at kinks, limits at infinities, NaN at NaN."""
    dt = LD if x.dtype == LD else np.float64
    one = x.dtype.type(1)
    if name in _CAT.NAMES:
        v = _CAT.fp(name, x, p)
        return _apply_root_taylor("mish", x, v) if name == "mish" and x.dtype == np.float64 \
            else v
    if name == "silu" and p.get("beta", 1.0) != 1.0:
        # swish'(x; beta) = silu'(beta x): the silu branch below at z = beta x
        return _fp("silu", x.dtype.type(p["beta"]) * x, {})
    if name == "relu":
        return _nan_where_nan(x, np.where(x > 0, one, 0 * one))
    if name == "leaky_relu":
        s = x.dtype.type(p.get("negative_slope", 0.01))
        return _nan_where_nan(x, np.where(x > 0, one, s))
    if name in ("elu", "selu"):
        if name == "elu":
            alpha, scale = x.dtype.type(p.get("alpha", 1.0)), one
        else:
            alpha, scale = _const(SELU_ALPHA_STR, dt), _const(SELU_SCALE_STR, dt)
        neg = (scale * alpha) * np.exp(np.minimum(x, 0))
        return np.where(x > 0, scale, neg).astype(x.dtype)
    if name == "sigmoid":
        return _expit(x) * _expit(-x)
    if name == "tanh":
        a = np.exp(-2 * np.abs(x))
        return 4 * a / ((1 + a) * (1 + a))
    if name == "silu":
        v = _expit(x) * (1 + x * _expit(-x))
        v = np.where(x == np.inf, one, np.where(x == -np.inf, 0 * one, v))
        v = v.astype(x.dtype)
        if x.dtype == np.float64:
            v = _apply_root_taylor("silu", x, v)
        return v
    if name == "softplus":
        beta = p.get("beta", 1.0)
        thr = p.get("threshold", 20.0)
        over = (np.float64(beta) * x.astype(np.float64)) > thr
        return np.where(over, one, _expit(x.dtype.type(beta) * x)).astype(x.dtype)
    if name == "gelu":
        if p.get("approximate", "none") == "tanh":
            c = _sqrt_2_over_pi(dt)
            a = _const(_GELU_A_STR, dt)
            xc = np.clip(x, -1e5, 1e5)
            u = c * (xc + a * (xc * xc * xc))
            du = c * (1 + 3 * a * xc * xc)
            v = _expit(2 * u) * (1 + 2 * xc * du * _expit(-2 * u))
            v = np.where(np.isnan(x), np.nan, v).astype(x.dtype)
            if x.dtype == np.float64:
                v = _apply_root_taylor("gelu_tanh", x, v)
            return v
        if x.dtype == LD:
            return _mp_eval_fp("gelu", x, p)
        from scipy.special import ndtr
        xc = np.clip(x, -1e5, 1e5)
        v = ndtr(x) + xc * (np.exp(-0.5 * xc * xc) * _inv_sqrt_2pi(np.float64))
        return _apply_root_taylor("gelu", x, v)
    raise ValueError(f"unknown op {name}")


@_quiet
def _fp_from_output(name, y, p):
    dt = LD if y.dtype == LD else np.float64
    one = y.dtype.type(1)
    if name in _CAT.NAMES:
        return _CAT.fp_from_output(name, y, p)
    if name == "relu":
        return _nan_where_nan(y, np.where(y > 0, one, 0 * one))
    if name == "leaky_relu":
        s = y.dtype.type(p.get("negative_slope", 0.01))
        return _nan_where_nan(y, np.where(y > 0, one, s))
    if name == "elu":
        alpha = y.dtype.type(p.get("alpha", 1.0))
        return np.where(y > 0, one, y + alpha).astype(y.dtype)
    if name == "selu":
        a = _const(SELU_ALPHA_STR, dt)
        s = _const(SELU_SCALE_STR, dt)
        return np.where(y > 0, s, y + s * a).astype(y.dtype)
    if name == "sigmoid":
        return y * (1 - y)
    if name == "tanh":
        return (1 - y) * (1 + y)
    raise ValueError(f"{name} has no from_output gradient")


# --------------------------------------------------------------------------
# mpmath evaluation (scalar, 40 digits)
# --------------------------------------------------------------------------
def _mp_f(name, t, p):
    mp = _mp_module()
    if name in _CAT.NAMES:
        return _CAT.mp_f(mp, name, t, p)
    if name == "relu":
        return t if t > 0 else mp.mpf(0)
    if name == "leaky_relu":
        return t if t > 0 else t * mp.mpf(p.get("negative_slope", 0.01))
    if name == "elu":
        return t if t > 0 else mp.mpf(p.get("alpha", 1.0)) * mp.expm1(t)
    if name == "selu":
        a, s = mp.mpf(SELU_ALPHA_STR), mp.mpf(SELU_SCALE_STR)
        return s * (t if t > 0 else a * mp.expm1(t))
    if name == "sigmoid":
        return 1 / (1 + mp.exp(-t))
    if name == "tanh":
        return mp.tanh(t)
    if name == "silu":
        return t / (1 + mp.exp(-mp.mpf(p.get("beta", 1.0)) * t))
    if name == "softplus":
        beta = p.get("beta", 1.0)
        if beta * float(t) > p.get("threshold", 20.0):
            return t
        return mp.log1p(mp.exp(mp.mpf(beta) * t)) / mp.mpf(beta)
    if name == "gelu":
        if p.get("approximate", "none") == "tanh":
            u = mp.sqrt(2 / mp.pi) * (t + mp.mpf(_GELU_A_STR) * t ** 3)
            return t / (1 + mp.exp(-2 * u))
        if abs(t) > 1000:      # Phi(t) is 0 or 1 to 200000 digits
            return t if t > 0 else mp.mpf(0)
        return t * mp.ncdf(t)
    raise ValueError(name)


def _mp_fp(name, t, p):
    mp = _mp_module()
    if name in _CAT.NAMES:
        return _CAT.mp_fp(mp, name, t, p)
    if name == "silu" and p.get("beta", 1.0) != 1.0:
        return _mp_fp("silu", mp.mpf(p["beta"]) * t, {})
    if name == "relu":
        return mp.mpf(1) if t > 0 else mp.mpf(0)
    if name == "leaky_relu":
        return mp.mpf(1) if t > 0 else mp.mpf(p.get("negative_slope", 0.01))
    if name == "elu":
        return mp.mpf(1) if t > 0 else mp.mpf(p.get("alpha", 1.0)) * mp.exp(t)
    if name == "selu":
        a, s = mp.mpf(SELU_ALPHA_STR), mp.mpf(SELU_SCALE_STR)
        return s if t > 0 else s * a * mp.exp(t)
    if name == "sigmoid":
        e = mp.exp(-abs(t))
        return e / (1 + e) ** 2
    if name == "tanh":
        return mp.sech(t) ** 2
    if name == "silu":
        s = 1 / (1 + mp.exp(-t))
        return s + t * s / (1 + mp.exp(t))
    if name == "softplus":
        beta = p.get("beta", 1.0)
        if beta * float(t) > p.get("threshold", 20.0):
            return mp.mpf(1)
        return 1 / (1 + mp.exp(-mp.mpf(beta) * t))
    if name == "gelu":
        if p.get("approximate", "none") == "tanh":
            c = mp.sqrt(2 / mp.pi)
            a = mp.mpf(_GELU_A_STR)
            u = c * (t + a * t ** 3)
            du = c * (1 + 3 * a * t * t)
            s = 1 / (1 + mp.exp(-2 * u))
            sm = 1 / (1 + mp.exp(2 * u))
            return s + 2 * t * du * s * sm
        if abs(t) > 1000:
            return mp.mpf(1) if t > 0 else mp.mpf(0)
        return mp.ncdf(t) + t * mp.npdf(t)
    raise ValueError(name)


def _mp_to_ld(v):
    hi = float(v)
    if not math.isfinite(hi) or hi == 0.0:
        return LD(hi)
    lo = float(v - hi)
    return LD(hi) + LD(lo)


@_quiet
def _mp_eval(scalar_fn, x, p, fallback):
    """Evaluate scalar_fn at every finite element of x with mpmath.

    Non-finite elements take the float64 result (their limits are exact)."""
    mp = _mp_module()
    x64 = np.asarray(x).astype(np.float64)
    out = np.asarray(fallback(x64), dtype=LD).copy()
    flat_in = x64.reshape(-1)
    flat_out = out.reshape(-1)
    with mp.workdps(40):
        for i in np.flatnonzero(np.isfinite(flat_in)):
            flat_out[i] = _mp_to_ld(scalar_fn(mp.mpf(float(flat_in[i]))))
    return out


def _mp_eval_f(name, x, p):
    return _mp_eval(lambda t: _mp_f(name, t, p), x, p,
                    lambda v: _f(name, v, p))


def _mp_eval_fp(name, x, p):
    return _mp_eval(lambda t: _mp_fp(name, t, p), x, p,
                    lambda v: _fp(name, v, p))


# --------------------------------------------------------------------------
# condition numbers (float64; only used to size tolerances)
# --------------------------------------------------------------------------
def _cond(name, x, p):
    x = _arr(x, np.float64)
    ax = np.abs(x)
    if name in _CAT.NAMES:
        return _CAT.cond(name, x, p)
    if name == "silu" and p.get("beta", 1.0) != 1.0:
        return _cond("silu", p["beta"] * x, {})
    if name in ("relu", "leaky_relu"):
        return np.ones_like(x)
    if name in ("elu", "selu"):
        v = np.where(x < 0, x / -np.expm1(-np.minimum(x, 0)), 1.0)
        return np.where(x == 0, 1.0, np.abs(v))
    if name == "sigmoid":
        return np.abs(x * _expit(-x))
    if name == "tanh":
        return np.where(ax < 1e-8, 1.0, np.abs(2 * x / np.sinh(2 * x)))
    if name == "silu":
        return np.abs(1 + x * _expit(-x))
    if name == "softplus":
        beta = p.get("beta", 1.0)
        bx = beta * x
        sp = np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))
        v = np.where(bx < -30, np.abs(bx), np.abs(bx * _expit(bx) / sp))
        return np.where(bx > p.get("threshold", 20.0), 1.0, v)
    if name == "gelu":
        if p.get("approximate", "none") == "tanh":
            c, a = _sqrt_2_over_pi(np.float64), float(_GELU_A_STR)
            xc = np.clip(x, -1e5, 1e5)
            u = c * (xc + a * (xc * xc * xc))
            du = c * (1 + 3 * a * xc * xc)
            return np.abs(1 + 2 * xc * du * _expit(-2 * u))
        from scipy.special import log_ndtr
        xc = np.clip(x, -1e5, 1e5)
        logphi = -0.5 * xc * xc - 0.5 * math.log(2 * math.pi)
        return np.abs(1 + x * np.exp(logphi - log_ndtr(xc)))
    raise ValueError(name)


def _grad_cond(name, x, p):
    x = _arr(x, np.float64)
    if name in _CAT.NAMES:
        return _CAT.grad_cond(name, x, p)
    if name == "silu" and p.get("beta", 1.0) != 1.0:
        return _grad_cond("silu", p["beta"] * x, {})
    v = _grad_cond_formula(name, x, p)
    if name == "silu" or name == "gelu":
        # within the Taylor window of the zero of f', divide by the accurate f'
        key = "gelu_tanh" if p.get("approximate", "none") == "tanh" else name
        r_hi = _taylor_data(key)[0]
        near = np.abs(x - r_hi) <= _TAYLOR_HALF_WIDTH
        if np.any(near):
            xn = x[near]
            v = v.copy()
            v[near] = np.abs(xn * _fpp(key, xn) / _fp(name, xn, p))
    return v


def _fpp(key, x):
    """f'' near the zeros of f' (moderate x only)."""
    if key == "silu":
        return _expit(x) * _expit(-x) * (2 - x * np.tanh(x / 2))
    if key == "gelu":
        return np.exp(-0.5 * x * x) * _inv_sqrt_2pi(np.float64) * (2 - x * x)
    c, a = _sqrt_2_over_pi(np.float64), float(_GELU_A_STR)
    u = c * (x + a * x ** 3)
    du = c * (1 + 3 * a * x * x)
    d2u = 6 * a * c * x
    s, t = _expit(2 * u), _expit(-2 * u)
    return s * t * (4 * du + 2 * x * d2u - 4 * x * du * du * np.tanh(u))


def _grad_cond_formula(name, x, p):
    if name in ("relu", "leaky_relu"):
        return np.zeros_like(x)
    if name in ("elu", "selu"):
        return np.where(x < 0, np.abs(x), 0.0)
    if name == "sigmoid":
        return np.abs(x * np.tanh(x / 2))
    if name == "tanh":
        return np.abs(2 * x * np.tanh(x))
    if name == "silu":
        sm = _expit(-x)
        return np.abs(x * sm * (2 - x * np.tanh(x / 2)) / (1 + x * sm))
    if name == "softplus":
        beta = p.get("beta", 1.0)
        bx = beta * x
        return np.where(bx > p.get("threshold", 20.0), 0.0, np.abs(bx * _expit(-bx)))
    if name == "gelu":
        xc = np.clip(x, -1e5, 1e5)
        if p.get("approximate", "none") == "tanh":
            c, a = _sqrt_2_over_pi(np.float64), float(_GELU_A_STR)
            u = c * (xc + a * (xc * xc * xc))
            du = c * (1 + 3 * a * xc * xc)
            d2u = 6 * a * c * xc
            t = _expit(-2 * u)          # f''/f' = t * [...] / (1 + 2 x u' t)
            num = t * (4 * du + 2 * xc * d2u - 4 * xc * du * du * np.tanh(u))
            return np.abs(xc * num / (1 + 2 * xc * du * t))
        from scipy.special import log_ndtr
        logphi = -0.5 * xc * xc - 0.5 * math.log(2 * math.pi)
        mills = np.exp(log_ndtr(xc) - logphi)          # Phi/phi
        return np.abs(xc * (2 - xc * xc) / (mills + xc))
    raise ValueError(name)


# --------------------------------------------------------------------------
# softmax family
# --------------------------------------------------------------------------
def _axes(axis, ndim):
    from numpy.lib.array_utils import normalize_axis_tuple
    if axis is None:
        return tuple(range(ndim))
    return normalize_axis_tuple(axis, ndim)


def _softmax_parts(x, axis):
    """Returns (x - m, e, s, rest) with keepdims reductions over axes."""
    ax = _axes(axis, x.ndim)
    m = np.max(x, axis=ax, keepdims=True)
    d = x - m
    e = np.exp(d)
    s = np.sum(e, axis=ax, keepdims=True)
    return ax, d, e, s


@_quiet
def _softmax(x, axis):
    if x.size == 0:
        return x.copy()
    _, _, e, s = _softmax_parts(x, axis)
    return e / s


@_quiet
def _log_softmax(x, axis):
    if x.size == 0:
        return x.copy()
    ax, d, e, s = _softmax_parts(x, axis)
    # log(s) = log1p(sum of e over all but one maximal element): no rounding
    # of 1 + tiny, so the result is accurate when one element dominates.
    k = len(ax)
    tail = tuple(range(x.ndim - k, x.ndim))
    em = np.moveaxis(e, ax, tail).copy()
    dm = np.moveaxis(d, ax, tail)
    batch = em.shape[:x.ndim - k]
    flat = em.reshape(batch + (-1,))
    idx = np.argmax(dm.reshape(flat.shape), axis=-1)[..., None]
    np.put_along_axis(flat, idx, 0, axis=-1)      # exp(0) == 1 removed exactly
    log_s = np.log1p(np.sum(flat, axis=-1)).reshape(batch + (1,) * k)
    return d - np.moveaxis(log_s, tail, ax)


def _softmax_grad(g, y, axis):
    """VJP given the (exact) output y."""
    ax = _axes(axis, y.ndim)
    if y.size == 0:
        return (g * y).copy()
    return y * (g - np.sum(g * y, axis=ax, keepdims=True))


def _log_softmax_grad(g, p, axis):
    """VJP given p = softmax(x) = exp(log_softmax(x))."""
    ax = _axes(axis, p.ndim)
    if p.size == 0:
        return (g * p).copy()
    return g - p * np.sum(g, axis=ax, keepdims=True)


def _bcast(g, x, dtype):
    g, x = np.broadcast_arrays(_arr(g, dtype), _arr(x, dtype))
    return np.ascontiguousarray(g), np.ascontiguousarray(x)


# --------------------------------------------------------------------------
# public API: float64 (for checking float32)
# --------------------------------------------------------------------------
def _unary(name, dtype):
    def forward(x, **p):
        with np.errstate(all="ignore"):
            return _f(name, _arr(x, dtype), p)
    return forward


def _grad(name, dtype):
    def grad(g, x, **p):
        with np.errstate(all="ignore"):
            g, x = _bcast(g, x, dtype)
            return g * _fp(name, x, p)
    return grad


def _grad_y(name, dtype):
    def grad(g, y, **p):
        with np.errstate(all="ignore"):
            g, y = _bcast(g, y, dtype)
            return g * _fp_from_output(name, y, p)
    return grad


def _mp_forward(name):
    def forward(x, **p):
        return _mp_eval_f(name, _arr(x, np.float64), p)
    return forward


def _mp_grad(name):
    def grad(g, x, **p):
        g, x = _bcast(g, x, np.float64)
        return g.astype(LD) * _mp_eval_fp(name, x, p)
    return grad


def _cond_fn(name, which):
    def cond(x, **p):
        # capped at 1e300 so that a tolerance built from it stays finite
        # (an infinite tolerance would accept NaN or inf results)
        with np.errstate(all="ignore"):
            return np.minimum(which(name, x, p), 1e300)
    return cond


def _make_public():
    ns = globals()
    for name in ELEMENTWISE:
        fns = {
            "": _unary(name, np.float64),
            "_grad": _grad(name, np.float64),
            "_hp": _unary(name, LD) if _LD_OK else _mp_forward(name),
            "_grad_hp": _grad(name, LD) if _LD_OK else _mp_grad(name),
            "_mp": _mp_forward(name),
            "_grad_mp": _mp_grad(name),
            "_cond": _cond_fn(name, _cond),
            "_grad_cond": _cond_fn(name, _grad_cond),
        }
        if name in FROM_OUTPUT:
            fns["_grad_from_output"] = _grad_y(name, np.float64)
            fns["_grad_from_output_hp"] = _grad_y(name, LD)
        for suffix, fn in fns.items():
            fn.__name__ = fn.__qualname__ = name + suffix
            ns[name + suffix] = fn
            __all__.append(name + suffix)


_make_public()


@_quiet
def softmax(x, axis=-1):
    """softmax along axis, float64."""
    return _softmax(_arr(x, np.float64), axis)


@_quiet
def softmax_hp(x, axis=-1):
    """softmax along axis, long double."""
    return _softmax(_arr(x, LD), axis)


@_quiet
def log_softmax(x, axis=-1):
    """log_softmax along axis, float64 (log1p form, accurate near 0)."""
    return _log_softmax(_arr(x, np.float64), axis)


@_quiet
def log_softmax_hp(x, axis=-1):
    """log_softmax along axis, long double."""
    return _log_softmax(_arr(x, LD), axis)


@_quiet
def softmax_grad(g, x, axis=-1):
    g, x = _bcast(g, x, np.float64)
    return _softmax_grad(g, _softmax(x, axis), axis)


@_quiet
def softmax_grad_hp(g, x, axis=-1):
    g, x = _bcast(g, x, LD)
    return _softmax_grad(g, _softmax(x, axis), axis)


@_quiet
def log_softmax_grad(g, x, axis=-1):
    g, x = _bcast(g, x, np.float64)
    return _log_softmax_grad(g, _softmax(x, axis), axis)


@_quiet
def log_softmax_grad_hp(g, x, axis=-1):
    g, x = _bcast(g, x, LD)
    return _log_softmax_grad(g, _softmax(x, axis), axis)


@_quiet
def softmax_grad_from_output(g, y, axis=-1):
    g, y = _bcast(g, y, np.float64)
    return _softmax_grad(g, y, axis)


@_quiet
def softmax_grad_from_output_hp(g, y, axis=-1):
    g, y = _bcast(g, y, LD)
    return _softmax_grad(g, y, axis)


@_quiet
def log_softmax_grad_from_output(g, y, axis=-1):
    g, y = _bcast(g, y, np.float64)
    return _log_softmax_grad(g, np.exp(y), axis)


@_quiet
def log_softmax_grad_from_output_hp(g, y, axis=-1):
    g, y = _bcast(g, y, LD)
    return _log_softmax_grad(g, np.exp(y), axis)


@_quiet
def softmax_cond(x, axis=-1):
    """Componentwise relative condition number of softmax:
    (|x_i|(1 - y_i) + sum_{j != i} |x_j| y_j) per element."""
    x = _arr(x, np.float64)
    if x.size == 0:
        return x.copy()
    y = _softmax(x, axis)
    ax = _axes(axis, x.ndim)
    ay = np.where(y == 0, 0.0, np.abs(x) * y)        # 0 * inf -> 0
    tot = np.sum(ay, axis=ax, keepdims=True)
    return np.abs(x) * (1 - y) + (tot - ay)


@_quiet
def log_softmax_cond(x, axis=-1):
    """Componentwise relative condition number of log_softmax:
    (|x_i|(1 - y_i) + sum_{j != i} |x_j| y_j) / |log_softmax_i|."""
    x = _arr(x, np.float64)
    if x.size == 0:
        return x.copy()
    return softmax_cond(x, axis) / np.abs(_log_softmax(x, axis))


__all__ += [n for n in ("softmax", "softmax_hp", "log_softmax", "log_softmax_hp",
                        "softmax_grad", "softmax_grad_hp", "log_softmax_grad",
                        "log_softmax_grad_hp", "softmax_grad_from_output",
                        "softmax_grad_from_output_hp", "log_softmax_grad_from_output",
                        "log_softmax_grad_from_output_hp", "softmax_cond",
                        "log_softmax_cond")]


# --------------------------------------------------------------------------
# along-an-axis catalogue: softmin, logsumexp, sparsemax, gated family
# --------------------------------------------------------------------------
def _masked(x, where, fill):
    return x if where is None else np.where(where, x, fill)


@_quiet
def _logsumexp(x, axis, keepdims, where):
    x = _masked(x, where, -np.inf)
    ax = _axes(axis, x.ndim)
    if any(x.shape[a] == 0 for a in ax):           # the sum of no terms: log(0)
        kept = tuple(1 if i in ax else n for i, n in enumerate(x.shape))
        res = np.full(kept, -np.inf, x.dtype)
        return res if keepdims else res.reshape([n for i, n in enumerate(x.shape) if i not in ax])
    if x.size == 0:
        return np.sum(x, axis=ax, keepdims=keepdims)   # empty batch: an empty result
    m = np.max(x, axis=ax, keepdims=True)
    mf = np.where(np.isfinite(m), m, 0)
    k = len(ax)
    tail = tuple(range(x.ndim - k, x.ndim))
    e = np.moveaxis(np.exp(x - mf), ax, tail).copy()
    batch = e.shape[:x.ndim - k]
    flat = e.reshape(batch + (-1,))
    d = np.moveaxis(x - mf, ax, tail).reshape(flat.shape)
    idx = np.argmax(np.where(np.isnan(d), -np.inf, d), axis=-1)[..., None]
    top = np.take_along_axis(flat, idx, axis=-1)
    np.put_along_axis(flat, idx, 0, axis=-1)
    # log(s) = log1p(s - 1) with the max entry's exp(0) = 1 taken out exactly
    ls = np.log1p(np.sum(flat, axis=-1) + (top[..., 0] - 1))
    res = mf.reshape(batch) + ls
    nan = np.any(np.isnan(x), axis=ax).reshape(batch)
    mm = m.reshape(batch)
    res = np.where(np.isfinite(mm), res, mm)
    res = np.where(nan, np.nan, res)
    if keepdims:
        res = np.expand_dims(res, ax)
    return res


def softmin(x, axis=-1, where=None):
    """softmin = softmax(-x) along axis, float64 (where: masked entries 0, an
    all-masked slice 0)."""
    return _masked_softmax(-_arr(x, np.float64), axis, where, False)


def softmin_hp(x, axis=-1, where=None):
    return _masked_softmax(-_arr(x, LD), axis, where, False)


@_quiet
def _masked_softmax(x, axis, where, log):
    if where is None:
        return _log_softmax(x, axis) if log else _softmax(x, axis)
    where = np.broadcast_to(where, x.shape)
    xm = np.where(where, x, -np.inf)
    y = _log_softmax(xm, axis) if log else _softmax(xm, axis)
    none = ~np.any(where, axis=_axes(axis, x.ndim), keepdims=True)
    return np.where(none, -np.inf if log else 0.0, y)


def masked_softmax(x, axis=-1, where=None):
    """softmax with where= (masked entries 0; an all-masked slice all 0), float64."""
    return _masked_softmax(_arr(x, np.float64), axis, where, False)


def masked_softmax_hp(x, axis=-1, where=None):
    return _masked_softmax(_arr(x, LD), axis, where, False)


def masked_log_softmax(x, axis=-1, where=None):
    """log_softmax with where= (masked -inf; an all-masked slice all -inf), float64."""
    return _masked_softmax(_arr(x, np.float64), axis, where, True)


def masked_log_softmax_hp(x, axis=-1, where=None):
    return _masked_softmax(_arr(x, LD), axis, where, True)


def logsumexp(x, axis=-1, keepdims=False, where=None):
    """log(sum(exp(x))) along axis (max-shifted, log1p form), float64; -inf for
    an empty or all-masked slice."""
    return _logsumexp(_arr(x, np.float64), axis, keepdims, where)


def logsumexp_hp(x, axis=-1, keepdims=False, where=None):
    return _logsumexp(_arr(x, LD), axis, keepdims, where)


@_quiet
def logsumexp_cond(x, axis=-1, where=None):
    """Relative condition number sum_i |x_i| p_i / |logsumexp(x)| (masked
    entries excluded)."""
    x = _arr(x, np.float64)
    p = _masked_softmax(x, axis, where, False)
    ax = _axes(axis, x.ndim)
    num = np.sum(np.where(p == 0, 0.0, np.abs(x) * p), axis=ax)
    return np.minimum(num / np.abs(_logsumexp(x, axis, False, where)), 1e300)


def logsumexp_grad(g, x, axis=-1, keepdims=False, where=None):
    """g (logsumexp's shape) broadcast back, times softmax(x), float64."""
    x = _arr(x, np.float64)
    ax = _axes(axis, x.ndim)
    g = _arr(g, np.float64)
    if not keepdims:
        g = np.expand_dims(g, ax)
    with np.errstate(all="ignore"):
        return g * _masked_softmax(x, axis, where, False)


@_quiet
def _sparsemax(x, axis):
    ax = _axes(axis, x.ndim)
    k = len(ax)
    tail = tuple(range(x.ndim - k, x.ndim))
    xm = np.moveaxis(x, ax, tail)
    shape = xm.shape
    flat = xm.reshape(shape[:x.ndim - k] + (-1,))
    z = -np.sort(-flat, axis=-1)
    kk = np.arange(1, z.shape[-1] + 1, dtype=x.dtype)
    cs = np.cumsum(z, axis=-1)
    supp = 1 + kk * z > cs
    n = np.sum(supp, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cs, n - 1, axis=-1) - 1) / n
    y = np.maximum(flat - tau, 0)
    return np.moveaxis(y.reshape(shape), tail, ax)


def sparsemax(x, axis=-1):
    """sparsemax (sort-based, Martins & Astudillo 2016), float64, finite x.
    Its own rounding is that of a length-n cumulative sum (checking float32)."""
    return _sparsemax(_arr(x, np.float64), axis)


def sparsemax_hp(x, axis=-1):
    return _sparsemax(_arr(x, LD), axis)


def sparsemax_grad(g, x, axis=-1):
    """On the support S: g - mean_S g; 0 off S, float64."""
    y = sparsemax(x, axis)
    g = np.broadcast_to(_arr(g, np.float64), y.shape)
    ax = _axes(axis, y.ndim)
    s = y > 0
    mean = np.sum(np.where(s, g, 0), axis=ax, keepdims=True) / np.sum(s, axis=ax, keepdims=True)
    return np.where(s, g - mean, 0.0)


_GATES = {"glu": ("sigmoid", {}), "geglu": ("gelu", {}), "swiglu": ("silu", {}),
          "reglu": ("relu", {})}


def _halves(x, axis):
    n = x.shape[axis]
    a, b = np.split(x, [n // 2], axis=axis)
    return a, b


def _gate_act(name, params, hp):
    act, p = _GATES[name]
    p = dict(p)
    if name == "geglu":
        p["approximate"] = params.get("approximate", "none")
    suffix = "_hp" if hp else ""
    return (globals()[act + suffix], globals()[act + "_grad" + suffix], p)


def _gated_ref(name, x, axis, hp, **params):
    x = _arr(x, LD if hp else np.float64)
    a, b = _halves(x, axis)
    f, _, p = _gate_act(name, params, hp)
    beta = params.get("beta", 1.0)
    with np.errstate(all="ignore"):
        if name == "swiglu" and beta != 1.0:
            return a * (f(beta * b, **p) / beta)
        return a * f(b, **p)


def _gated_grad_ref(name, g, x, axis, hp, **params):
    x = _arr(x, LD if hp else np.float64)
    g = _arr(g, LD if hp else np.float64)
    a, b = _halves(x, axis)
    f, fp, p = _gate_act(name, params, hp)
    beta = params.get("beta", 1.0)
    with np.errstate(all="ignore"):
        if name == "swiglu" and beta != 1.0:
            da = g * (f(beta * b, **p) / beta)
            db = fp(g * a, beta * b, **p)
        else:
            da = g * f(b, **p)
            db = fp(g * a, b, **p)
    return np.concatenate([np.asarray(da), np.asarray(db)], axis=axis)


def _make_gated():
    ns = globals()
    for name in _GATES:
        def fwd(x, axis=-1, _n=name, **params):
            return _gated_ref(_n, x, axis, False, **params)

        def fwd_hp(x, axis=-1, _n=name, **params):
            return _gated_ref(_n, x, axis, True, **params)

        def grad(g, x, axis=-1, _n=name, **params):
            return _gated_grad_ref(_n, g, x, axis, False, **params)

        def grad_hp(g, x, axis=-1, _n=name, **params):
            return _gated_grad_ref(_n, g, x, axis, True, **params)
        for suffix, fn in (("", fwd), ("_hp", fwd_hp), ("_grad", grad), ("_grad_hp", grad_hp)):
            fn.__name__ = fn.__qualname__ = name + suffix
            fn.__doc__ = (f"{name}{suffix}: the gated form a * act(b), (a, b) the halves of x "
                          "along axis; the gradient with respect to the whole x"
                          + (" (long double)" if "hp" in suffix else " (float64)") + ".")
            ns[name + suffix] = fn
            __all__.append(name + suffix)


_make_gated()


def softmin_grad(g, x, axis=-1, where=None):
    y = softmin(x, axis, where)
    with np.errstate(all="ignore"):
        r = -_softmax_grad(np.where(y == 0, 0.0, _arr(g, np.float64)), y, axis)
    return r if where is None else np.where(where, r, 0.0)


__all__ += ["softmin", "softmin_hp", "softmin_grad", "masked_softmax", "masked_softmax_hp",
            "masked_log_softmax", "masked_log_softmax_hp", "logsumexp", "logsumexp_hp",
            "logsumexp_cond", "logsumexp_grad", "sparsemax", "sparsemax_hp", "sparsemax_grad"]


# --------------------------------------------------------------------------
# ULP error
# --------------------------------------------------------------------------
def ulp(reference, dtype):
    """Spacing of ``dtype`` at each reference value (its ULP there).

    For |ref| below the smallest normal: the smallest subnormal.  For |ref|
    beyond the largest finite value: the ULP of the largest finite value."""
    dtype = np.dtype(dtype)
    fi = np.finfo(dtype)
    wide = LD if dtype.itemsize >= 8 else np.float64
    r = np.abs(np.asarray(reference).astype(wide))
    with np.errstate(all="ignore"):
        _, e = np.frexp(np.where(np.isfinite(r), r, 0))
    e = np.where(r == 0, fi.minexp + 1, e).astype(np.int64)
    # |r| in [2**(e-1), 2**e): ulp = 2**(e-1-nmant), clamped to the range.
    k = np.clip(e - 1, fi.minexp, fi.maxexp - 1) - fi.nmant
    return np.ldexp(wide(1), k)


def ulp_error(actual, reference, dtype):
    """|actual - reference| / ulp(reference) in ULPs of ``dtype``.

    ``reference`` should be more precise than ``dtype`` (float64 for float32,
    long double for float64).  Special values: NaN vs NaN -> 0, NaN vs
    anything else -> inf; if the reference is infinite, or rounds to an
    infinity in ``dtype``, an equal infinity gives 0; an infinite actual with
    a reference that does not round to the same infinity gives inf.  The sign
    of zero is ignored."""
    dtype = np.dtype(dtype)
    wide = LD if dtype.itemsize >= 8 else np.float64
    a, r = np.broadcast_arrays(np.asarray(actual), np.asarray(reference))
    with np.errstate(all="ignore"):
        a = a.astype(wide)
        r = r.astype(wide)
        r_round = r.astype(dtype).astype(wide)
        err = np.abs(a - r) / ulp(r, dtype)
        nan_a, nan_r = np.isnan(a), np.isnan(r)
        err = np.where(nan_a & nan_r, 0.0, err)
        err = np.where(nan_a ^ nan_r, np.inf, err)
        inf_a = np.isinf(a)
        inf_r = np.isinf(r_round)
        err = np.where(inf_a & inf_r & (a == r_round), 0.0, err)
        err = np.where(inf_a & ~(inf_r & (a == r_round)), np.inf, err)
        err = np.where(np.isinf(r) & ~inf_a & ~nan_a, np.inf, err)
    return err.astype(np.float64)


def max_ulp_error(actual, reference, dtype):
    e = ulp_error(actual, reference, dtype)
    return float(np.max(e)) if e.size else 0.0
