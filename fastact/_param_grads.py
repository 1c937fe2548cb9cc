"""d f/d theta for the learnable scalar parameters, at float64 t = x (+ bias):
the per-element factors that fastact._dispatch.param_sum weights by grad and
sums.  Each is written without cancellation where the obvious form has it,
so the float64 sum is accurate for float32 and float64 inputs alike."""

import numpy as np


def _sig(z):
    """sigmoid(z) without overflow."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def leaky_slope(t, s):
    """d/ds of (t if t > 0 else s t) = t for t <= 0."""
    return np.where(t > 0, 0.0, t)


def elu_alpha(t, alpha):
    """d/d alpha of alpha expm1(t) (t <= 0) = expm1(t)."""
    return np.where(t > 0, 0.0, np.expm1(np.minimum(t, 0.0)))


def celu_alpha(t, alpha):
    """d/d alpha of alpha expm1(t/alpha) (t <= 0) = expm1(u) - u e^u, u = t/alpha,
    = -(u^2/2 + u^3/3 + u^4/8 + u^5/30 + u^6/144 + ...): the series below
    |u| = 1/64, where the closed form cancels (truncation < u^7/840 relative
    to u^2/2, below 2^-53)."""
    u = np.minimum(t, 0.0) / alpha
    closed = np.expm1(u) - u * np.exp(u)
    series = -u * u * (1 / 2 + u * (1 / 3 + u * (1 / 8 + u * (1 / 30 + u / 144))))
    v = np.where(np.abs(u) < 1 / 64, series, closed)
    v = np.where(np.isinf(u), np.where(u < 0, -1.0, np.nan), v)
    return np.where(t > 0, 0.0, v)


def softplus_beta(t, beta, threshold):
    """d/d beta of softplus(beta t)/beta = (z s(z) - softplus(z))/beta^2, z = beta t,
    as -(z s(-z) + log1p(e^-z)) for z > 0 (the obvious difference cancels) and
    z s(z) - log1p(e^z) for z <= 0 (both terms negative); 0 where beta t >
    threshold (the function is t there)."""
    z = beta * t
    e = np.exp(-np.abs(z))
    zc = np.where(np.isinf(z), 0.0, z)  # z e^-|z| -> 0 at +-inf
    pos = -(zc * e / (1 + e) + np.log1p(e))
    neg = zc * e / (1 + e) - np.log1p(e)
    v = np.where(z > 0, pos, neg) / (beta * beta)
    return np.where(z > threshold, 0.0, np.where(np.isnan(t), np.nan, v))


def swish_beta(t, beta):
    """d/d beta of t sigmoid(beta t) = t^2 s(z) s(-z) = t^2 e/(1+e)^2, e = e^-|z|."""
    z = beta * t
    e = np.exp(-np.abs(z))
    v = t * t * e / ((1 + e) * (1 + e))
    return np.where(np.isinf(t), 0.0, v)
