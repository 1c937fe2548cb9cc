"""Row generators and error bounds for the softmax-family tests (not a test
module)."""

import math

import numpy as np

from fastact import reference as R


def make_rows(dtype, seed, n_rows=48, max_len=4096):
    """Rows of random lengths 1..max_len with varied contents: moderate and
    wide spreads, huge offsets (x + 1e4), -inf entries, a dominating entry,
    ties.  Every row holds at least one finite entry."""
    rng = np.random.default_rng(seed)
    rows = []
    kinds = ["normal", "offset", "neg_inf", "dominant", "ties", "wide"]
    for i in range(n_rows):
        n = int(rng.integers(1, max_len + 1)) if i % 6 else int(rng.integers(1, 9))
        kind = kinds[i % len(kinds)]
        scale = [0.1, 1.0, 5.0, 30.0][i % 4]
        x = rng.standard_normal(n) * scale
        if kind == "offset":
            x = rng.standard_normal(n) * 3 + [1e4, -1e4, 80.0, 1e3][i % 4]
        elif kind == "neg_inf" and n > 1:
            x[rng.random(n) < 0.3] = -np.inf
            x[rng.integers(n)] = rng.standard_normal()
        elif kind == "dominant":
            x[rng.integers(n)] = x.max() + [12.0, 50.0, 100.0, 20.0][i % 4]
        elif kind == "ties":
            x[:] = rng.standard_normal()
        elif kind == "wide":
            x = rng.uniform(-100, 100, n)
        rows.append(x.astype(dtype))
    return rows


def unit_roundoff(dtype):
    return float(np.finfo(dtype).eps) / 2


def _log2n(n):
    return math.ceil(math.log2(max(n, 2)))


def softmax_vjp_tol(g, y, ref, dtype, n, cond_max=0.0):
    """Tolerance in ULPs for softmax_grad, per element.

    v_i = y_i (g_i - s), s = sum_j g_j y_j.  If y carries a relative error
    (2 ULP in float32 = 4u, (4 + 2 cond) ULP in float64) and the sum is
    accumulated with a pairwise/compensated or wider accumulator
    (log2(n) u), first-order error analysis gives
      |err_i| <= 4 ulp(v_i) + K u |y_i| (|g_i| + sum_j |g_j y_j|),
      K = 8 + 4 cond_max + 2 ceil(log2 n)
    (the cancellation in g_i - s is the only reason not to ask 4 ULP)."""
    u = unit_roundoff(dtype)
    g, y = np.broadcast_arrays(np.asarray(g, np.float64), np.asarray(y, np.float64))
    k = 8 + 4 * cond_max + 2 * _log2n(n)
    with np.errstate(all="ignore"):
        gy = np.where(y == 0, 0.0, np.abs(g * y))
        tot = np.sum(gy, axis=-1, keepdims=True)
        bound = k * u * np.abs(y) * (np.abs(g) + tot)
        return np.minimum(4 + bound / R.ulp(ref, dtype).astype(np.float64), 1e300)


def log_softmax_vjp_tol(g, p, ref, dtype, n, cond_max=0.0):
    """Tolerance in ULPs for log_softmax_grad, per element.

    v_i = g_i - p_i G, G = sum_j g_j, p = softmax.  With p carrying a
    relative error as above:  |err_i| <= 4 ulp(v_i) + u |g_i|
    + K u p_i sum_j |g_j|,  K = 8 + 4 cond_max + 2 ceil(log2 n)."""
    u = unit_roundoff(dtype)
    g, p = np.broadcast_arrays(np.asarray(g, np.float64), np.asarray(p, np.float64))
    k = 8 + 4 * cond_max + 2 * _log2n(n)
    with np.errstate(all="ignore"):
        tot = np.sum(np.abs(g), axis=-1, keepdims=True)
        bound = u * np.abs(g) + k * u * p * tot
        return np.minimum(4 + bound / R.ulp(ref, dtype).astype(np.float64), 1e300)
