"""``python -m fastact bench``: fastact against NumPy, SciPy, numexpr and PyTorch.

Method (see ``--help`` and ``bench/README.md``):

* one *cell* = (case, dtype, size, threads, input kind, layout); every
  implementation of a cell is timed round-robin in this process, interleaved
  (each round visits every implementation, starting one further each round);
* each implementation is warmed up, then calibrated: ``number`` calls per
  sample so that a sample holds >= ~20 us of work; the result is the time per
  call, with the harness overhead (Python call of an empty implementation and
  the timer) measured at start-up and subtracted;
* implementations that overwrite an input (``ip``: in place) get a fresh copy
  of it before *every* call, outside the timed region, so each call sees the
  same data;
* statistics: median and inter-quartile range over the samples.

The case table (``CASES``) is the single description of what is compared; the
pytest-benchmark suite in ``bench/`` is parametrized from it too.
"""

import argparse
import functools
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field

import numpy as np

import fastact as fa

# ---------------------------------------------------------------------------
# Peers (imported lazily: the module must import with NumPy alone)
# ---------------------------------------------------------------------------

torch = F = aten = None   # PyTorch, torch.nn.functional, torch.ops.aten
_smb = _lsmb = None       # aten._softmax_backward_data, aten._log_softmax_backward_data
sp = None                 # scipy.special
ne = None                 # numexpr

PEERS = ("numpy", "scipy", "numexpr", "torch")
_peer_status = {"numpy": np.__version__}


def load_peers(wanted=PEERS, log=None):
    """Import the optional peers; returns {name: version or None}.  Logs one line
    per missing peer."""
    global torch, F, aten, sp, ne, _smb, _lsmb
    for name in wanted:
        if name in _peer_status:
            continue
        try:
            if name == "scipy":
                import scipy
                import scipy.special
                sp = scipy.special
                _peer_status[name] = scipy.__version__
            elif name == "numexpr":
                import numexpr
                ne = numexpr
                _peer_status[name] = numexpr.__version__
            elif name == "torch":
                import torch as _torch
                import torch.nn.functional as _F
                torch, F, aten = _torch, _F, _torch.ops.aten
                _smb, _lsmb = aten._softmax_backward_data, aten._log_softmax_backward_data
                _peer_status[name] = _torch.__version__
            else:
                raise ValueError(f"unknown peer {name!r}; choose from {PEERS}")
        except ImportError as exc:
            _peer_status[name] = None
            if log:
                log(f"{name} not installed ({exc.__class__.__name__}: {exc}): skipped")
    return {k: _peer_status.get(k) for k in wanted}


def peer_available(lib):
    return lib in ("fastact", "numpy") or bool(_peer_status.get(lib))


# ---------------------------------------------------------------------------
# Constants of the reference formulas
# ---------------------------------------------------------------------------

SLOPE = 0.01                                   # leaky_relu default
SELU_A = 1.6732632423543772848170429916717
SELU_S = 1.0507009873554804934193349852946
SQRT1_2 = 0.70710678118654752440
SQRT_2_PI = 0.79788456080286535588             # sqrt(2/pi)
INV_SQRT_2PI = 0.39894228040143267794          # 1/sqrt(2*pi)
GC = 0.044715
ROW = 1024                                     # softmax row length


# ---------------------------------------------------------------------------
# The case table
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Impl:
    """One implementation of a case.

    fn(*args) computes the case; args are the case's inputs (("x",), ("g", "x")
    or ("g", "y")) converted for ``lib`` (torch: ``torch.from_numpy``), plus a
    preallocated output array when ``out`` is set.  ``inplace``: fn overwrites
    args[0] (the harness restores it before every call)."""
    label: str
    lib: str          # fastact | numpy | scipy | numexpr | torch
    role: str         # fastact | obvious | best | peer
    fn: object
    inplace: bool = False
    out: bool = False
    contiguous: bool = False   # only valid on contiguous arrays (skipped for --layout strided)


@dataclass(frozen=True)
class Case:
    name: str         # e.g. "sigmoid_grad_y"
    family: str       # e.g. "sigmoid" (gelu and gelu_tanh share "gelu")
    grad: bool
    from_output: bool
    rows: bool        # softmax family: shape (n // 1024, 1024)
    inputs: tuple     # ("x",) | ("g", "x") | ("g", "y")
    impls: tuple      # Impl, fastact's in-place form first
    forward: object = None   # y = forward(x) for from_output cases
    doc: str = ""
    # the forward's result per row: "same" (softmax...), "reduce" (logsumexp: one
    # value) or "half" (glu...: half the row); grad's shape follows it
    out_kind: str = "same"
    in_default: bool = True  # in the default op set (else only when named in --ops)

    @property
    def n_arrays(self):
        """Arrays read + written per element (for GB/s): inputs + 1 output,
        counting a reduced result as 0 and a half-length one as 1/2."""
        part = {"same": 1.0, "reduce": 0.0, "half": 0.5}[self.out_kind]
        if not self.grad:
            return 1 + part
        return part + 2      # g (result-shaped), x, and the x-shaped gradient

    def impl(self, label):
        for i in self.impls:
            if i.label == label:
                return i
        raise KeyError(label)


def _fastact_impls(func, grad, kw):
    """fastact's training form (in place: out=x / out=grad) and allocating form.

    The keyword arguments are written into the call (a ``**kw`` splat costs
    ~0.2 us per call, as much as the whole 1K relu kernel)."""
    args = "g, x" if grad else "x"
    target = args.split(",")[0]
    extra = "".join(f", {k}={v!r}" for k, v in kw.items())
    ip = eval(f"lambda {args}: func({args}, out={target}{extra})", {"func": func})
    new = eval(f"lambda {args}: func({args}{extra})", {"func": func})
    return (Impl("fastact ip", "fastact", "fastact", ip, inplace=True),
            Impl("fastact", "fastact", "fastact", new))


def _case(name, family, func, kw=None, *, grad=False, from_output=False, rows=False,
          obvious=None, best=None, peers=(), forward=None, doc="", out_kind="same",
          in_default=True):
    kw = dict(kw or {})
    if from_output:
        kw["from_output"] = True
    impls = list(_fastact_impls(func, grad, kw))
    if out_kind != "same":     # out=x / out=grad have the wrong shape: allocating only
        impls = impls[1:]
    if obvious is not None:
        lib, fn = obvious if isinstance(obvious, tuple) else ("numpy", obvious)
        impls.append(Impl("numpy" if lib == "numpy" else f"numpy+{lib}", lib, "obvious", fn))
    if best is not None:
        lib, fn = best if isinstance(best, tuple) else ("numpy", best)
        impls.append(Impl("numpy ip" if lib == "numpy" else f"{lib} ip", lib, "best", fn,
                          inplace=True))
    impls.extend(peers)
    inputs = ("g", "y" if from_output else "x") if grad else ("x",)
    return Case(name, family, grad, from_output, rows, inputs, tuple(impls), forward, doc,
                out_kind, in_default)


def P(label, lib, fn, *, ip=False, out=False, contiguous=False):
    return Impl(label, lib, "peer", fn, inplace=ip, out=out, contiguous=contiguous)


# --- NumPy reference code: forwards -----------------------------------------

RRELU_MEAN = (1 / 8 + 1 / 3) / 2


def _np_mish_d(x):
    sp = np.logaddexp(0, x)
    t = np.tanh(sp)
    return t + x * (1 - t * t) / (1 + np.exp(-x))


def _np_elu_ip(x, a=1.0, s=None):
    t = np.minimum(x, 0)
    np.expm1(t, out=t)
    if a != 1.0:
        t *= a
    np.maximum(x, 0, out=x)
    x += t
    if s is not None:
        x *= s
    return x


def _np_gelu_ip(x):
    t = x * SQRT1_2
    sp.erf(t, out=t)
    t += 1
    t *= 0.5
    x *= t
    return x


def _np_gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(SQRT_2_PI * (x + GC * x ** 3)))


def _np_gelu_tanh_ip(x):
    t = x * x
    t *= GC
    t += 1
    t *= x
    t *= SQRT_2_PI
    np.tanh(t, out=t)
    t += 1
    t *= 0.5
    x *= t
    return x


def _np_silu_ip(x):
    t = np.negative(x)
    np.exp(t, out=t)
    t += 1
    return np.divide(x, t, out=x)


def _np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _np_sigmoid_ip(x):
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1
    return np.reciprocal(x, out=x)


def _np_softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _np_softmax_ip(x):
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def _np_log_softmax(x):
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _np_log_softmax_ip(x):
    x -= x.max(axis=-1, keepdims=True)
    x -= np.log(np.exp(x).sum(axis=-1, keepdims=True))
    return x


def _ne(expr, out_name):
    """numexpr, writing into the array bound to out_name."""
    def run(*args):
        names = ("x",) if len(args) == 1 else ("g", "x")
        local = dict(zip(names, args))
        return ne.evaluate(expr, local_dict=local, out=local[out_name], casting="unsafe")
    return run


# --- NumPy reference code: gradients -----------------------------------------

def _np_selu_grad_ip(g, x):
    t = np.exp(np.minimum(x, 0))
    t *= SELU_S * SELU_A
    np.copyto(t, SELU_S, where=x > 0)
    g *= t
    return g


def _np_selu_grad_y_ip(g, y):
    t = y + SELU_S * SELU_A
    np.copyto(t, SELU_S, where=y > 0)
    g *= t
    return g


def _np_gelu_grad(g, x):
    cdf = 0.5 * (1 + sp.erf(x * SQRT1_2))
    pdf = np.exp(-0.5 * x * x) * INV_SQRT_2PI
    return g * (cdf + x * pdf)


def _np_gelu_grad_ip(g, x):
    t = x * SQRT1_2
    sp.erf(t, out=t)
    t += 1
    t *= 0.5
    p = x * x
    p *= -0.5
    np.exp(p, out=p)
    p *= x
    p *= INV_SQRT_2PI
    t += p
    g *= t
    return g


def _np_gelu_tanh_grad(g, x):
    th = np.tanh(SQRT_2_PI * (x + GC * x ** 3))
    return g * (0.5 * (1 + th) + 0.5 * x * (1 - th * th) * SQRT_2_PI * (1 + 3 * GC * x * x))


def _np_gelu_tanh_grad_ip(g, x):
    x2 = x * x
    u = x2 * GC
    u += 1
    u *= x
    u *= SQRT_2_PI
    np.tanh(u, out=u)             # th
    d = u * u
    np.subtract(1, d, out=d)      # 1 - th^2
    x2 *= 3 * GC
    x2 += 1
    x2 *= 0.5 * SQRT_2_PI
    x2 *= x
    x2 *= d
    u += 1
    u *= 0.5
    u += x2
    g *= u
    return g


def _np_silu_grad(g, x):
    s = _np_sigmoid(x)
    return g * s * (1 + x * (1 - s))


def _np_sigmoid_inplace_of(x):
    s = np.negative(x)
    np.exp(s, out=s)
    s += 1
    return np.reciprocal(s, out=s)


def _np_silu_grad_ip(g, x):
    s = _np_sigmoid_inplace_of(x)
    t = np.subtract(1, s)
    t *= x
    t += 1
    t *= s
    g *= t
    return g


def _sp_silu_grad(g, x):
    s = sp.expit(x)
    return g * s * (1 + x * (1 - s))


def _np_sigmoid_grad(g, x):
    s = _np_sigmoid(x)
    return g * s * (1 - s)


def _np_sigmoid_grad_ip(g, x):
    s = _np_sigmoid_inplace_of(x)
    t = np.subtract(1, s)
    t *= s
    g *= t
    return g


def _sp_sigmoid_grad(g, x):
    s = sp.expit(x)
    return g * s * (1 - s)


def _np_sigmoid_grad_y_ip(g, y):
    t = np.subtract(1, y)
    t *= y
    g *= t
    return g


def _np_tanh_grad_ip(g, x):
    t = np.tanh(x)
    t *= t
    np.subtract(1, t, out=t)
    g *= t
    return g


def _np_tanh_grad_y_ip(g, y):
    t = y * y
    np.subtract(1, t, out=t)
    g *= t
    return g


def _np_softplus_grad_ip(g, x):
    t = np.negative(x)
    np.exp(t, out=t)
    t += 1
    return np.divide(g, t, out=g)


def _np_softmax_grad_y(g, y):
    return y * (g - (g * y).sum(axis=-1, keepdims=True))


def _np_softmax_grad_y_ip(g, y):
    s = np.einsum("...i,...i->...", g, y)[..., None]
    g -= s
    g *= y
    return g


def _np_log_softmax_grad_ip(g, x):
    p = _np_softmax(x)
    p *= g.sum(axis=-1, keepdims=True)
    g -= p
    return g


def _np_log_softmax_grad_y_ip(g, y):
    p = np.exp(y)
    p *= g.sum(axis=-1, keepdims=True)
    g -= p
    return g


# --- NumPy reference code: the along-an-axis catalogue ----------------------------

def _np_logsumexp(x):
    m = x.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True)))[..., 0]


def _np_sparsemax(x):
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, x.shape[-1] + 1, dtype=x.dtype)
    cs = np.cumsum(z, axis=-1)
    n = np.sum(1 + k * z > cs, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cs, n - 1, axis=-1) - 1) / n
    return np.maximum(x - tau.astype(x.dtype), 0)


def _np_sparsemax_grad_y(g, y):
    s = y > 0
    mean = np.where(s, g, 0).sum(axis=-1, keepdims=True) / s.sum(axis=-1, keepdims=True)
    return np.where(s, g - mean, 0)


def _halves(x):
    h = x.shape[-1] // 2
    return x[..., :h], x[..., h:]


def _np_glu(x):
    a, b = _halves(x)
    return a * _np_sigmoid(b)


def _np_glu_grad(g, x):
    a, b = _halves(x)
    s = _np_sigmoid(b)
    return np.concatenate([g * s, g * a * s * (1 - s)], axis=-1)


def _np_swiglu(x):
    a, b = _halves(x)
    return a * b * _np_sigmoid(b)


def _np_reglu(x):
    a, b = _halves(x)
    return a * np.maximum(b, 0)


def _np_geglu(x):
    a, b = _halves(x)
    return a * (0.5 * b * (1 + sp.erf(b * SQRT1_2)))


def _torch_gated(act):
    def run(t):
        a, b = t.chunk(2, -1)
        return a * act(b)
    return run


# --- the table -------------------------------------------------------------------

def _build_cases():
    C = []
    add = C.append

    # ---- forwards ----
    add(_case("relu", "relu", fa.relu,
              obvious=lambda x: np.maximum(x, 0),
              best=lambda x: np.maximum(x, 0, out=x),
              peers=[P("torch", "torch", lambda t: torch.relu(t)),
                     P("torch ip", "torch", lambda t: torch.relu_(t), ip=True),
                     P("numexpr ip", "numexpr", _ne("where(x > 0, x, 0)", "x"), ip=True)]))
    add(_case("leaky_relu", "leaky_relu", fa.leaky_relu,
              obvious=lambda x: np.where(x > 0, x, SLOPE * x),
              best=lambda x: np.maximum(x, x * SLOPE, out=x),
              peers=[P("torch", "torch", lambda t: F.leaky_relu(t, SLOPE)),
                     P("torch ip", "torch", lambda t: F.leaky_relu_(t, SLOPE), ip=True),
                     P("numexpr ip", "numexpr", _ne("where(x > 0, x, 0.01 * x)", "x"),
                       ip=True)]))
    add(_case("elu", "elu", fa.elu,
              obvious=lambda x: np.where(x > 0, x, np.exp(x) - 1),
              best=_np_elu_ip,
              peers=[P("torch", "torch", lambda t: F.elu(t)),
                     P("torch ip", "torch", lambda t: F.elu_(t), ip=True),
                     P("numexpr ip", "numexpr", _ne("where(x > 0, x, exp(x) - 1)", "x"),
                       ip=True)]))
    add(_case("selu", "selu", fa.selu,
              obvious=lambda x: SELU_S * np.where(x > 0, x, SELU_A * (np.exp(x) - 1)),
              best=lambda x: _np_elu_ip(x, SELU_A, SELU_S),
              peers=[P("torch", "torch", lambda t: torch.selu(t)),
                     P("torch ip", "torch", lambda t: torch.selu_(t), ip=True)]))
    add(_case("gelu", "gelu", fa.gelu,
              obvious=("scipy", lambda x: 0.5 * x * (1 + sp.erf(x * SQRT1_2))),
              best=("scipy", _np_gelu_ip),
              peers=[P("torch", "torch", lambda t: F.gelu(t)),
                     P("torch ip", "torch", lambda t: aten.gelu_(t), ip=True)],
              doc="NumPy has no erf: the NumPy baseline uses scipy.special.erf"))
    add(_case("gelu_tanh", "gelu", fa.gelu, {"approximate": "tanh"},
              obvious=_np_gelu_tanh, best=_np_gelu_tanh_ip,
              peers=[P("torch", "torch", lambda t: F.gelu(t, approximate="tanh")),
                     P("torch ip", "torch", lambda t: aten.gelu_(t, approximate="tanh"),
                       ip=True),
                     P("numexpr ip", "numexpr",
                       _ne("0.5 * x * (1 + tanh(0.7978845608028654 * "
                           "(x + 0.044715 * x * x * x)))", "x"), ip=True)]))
    add(_case("silu", "silu", fa.silu,
              obvious=lambda x: x / (1 + np.exp(-x)),
              best=_np_silu_ip,
              peers=[P("scipy", "scipy", lambda x: x * sp.expit(x)),
                     P("torch", "torch", lambda t: F.silu(t)),
                     P("torch ip", "torch", lambda t: F.silu(t, inplace=True), ip=True),
                     P("numexpr ip", "numexpr", _ne("x / (1 + exp(-x))", "x"), ip=True)]))
    add(_case("sigmoid", "sigmoid", fa.sigmoid,
              obvious=_np_sigmoid, best=_np_sigmoid_ip,
              peers=[P("scipy", "scipy", lambda x: sp.expit(x)),
                     P("scipy ip", "scipy", lambda x: sp.expit(x, out=x), ip=True),
                     P("torch", "torch", lambda t: torch.sigmoid(t)),
                     P("torch ip", "torch", lambda t: torch.sigmoid_(t), ip=True),
                     P("numexpr ip", "numexpr", _ne("1 / (1 + exp(-x))", "x"), ip=True)]))
    add(_case("tanh", "tanh", fa.tanh,
              obvious=lambda x: np.tanh(x),
              best=lambda x: np.tanh(x, out=x),
              peers=[P("torch", "torch", lambda t: torch.tanh(t)),
                     P("torch ip", "torch", lambda t: torch.tanh_(t), ip=True),
                     P("numexpr ip", "numexpr", _ne("tanh(x)", "x"), ip=True)]))
    add(_case("softplus", "softplus", fa.softplus,
              obvious=lambda x: np.log1p(np.exp(x)),
              best=lambda x: np.logaddexp(0, x, out=x),
              peers=[P("torch", "torch", lambda t: F.softplus(t)),
                     P("torch ip", "torch", lambda t: aten.softplus.out(t, 1, 20, out=t),
                       ip=True),
                     P("numexpr ip", "numexpr", _ne("log1p(exp(x))", "x"), ip=True)]))
    add(_case("softmax", "softmax", fa.softmax, rows=True,
              obvious=_np_softmax, best=_np_softmax_ip,
              peers=[P("scipy", "scipy", lambda x: sp.softmax(x, axis=-1)),
                     P("torch", "torch", lambda t: torch.softmax(t, -1)),
                     P("torch out", "torch",
                       lambda t, o: aten._softmax.out(t, -1, False, out=o), out=True)]))
    add(_case("log_softmax", "log_softmax", fa.log_softmax, rows=True,
              obvious=_np_log_softmax, best=_np_log_softmax_ip,
              peers=[P("scipy", "scipy", lambda x: sp.log_softmax(x, axis=-1)),
                     P("torch", "torch", lambda t: torch.log_softmax(t, -1)),
                     P("torch out", "torch",
                       lambda t, o: aten._log_softmax.out(t, -1, False, out=o), out=True)]))

    # ---- gradients (args g, x; or g, y for *_y = from_output) ----
    # torch: the aten backward kernels, allocating and with grad_input=g (in place).
    # Written out call by call: a **kwargs splat would add ~0.2 us per call.
    def tb(alloc, ip, contiguous=False):
        return [P("torch", "torch", alloc), P("torch ip", "torch", ip, ip=True,
                                              contiguous=contiguous)]

    relu_tb = tb(lambda g, a: aten.threshold_backward(g, a, 0),
                 lambda g, a: aten.threshold_backward.grad_input(g, a, 0, grad_input=g))
    for y in (False, True):
        add(_case("relu_grad" + "_y" * y, "relu", fa.relu_grad, grad=True, from_output=y,
                  forward=fa.relu,
                  obvious=lambda g, a: g * (a > 0),
                  best=lambda g, a: np.multiply(g, a > 0, out=g),
                  peers=relu_tb
                  + [P("numexpr ip", "numexpr", _ne("where(x > 0, g, 0)", "g"), ip=True)]))

    add(_case("leaky_relu_grad", "leaky_relu", fa.leaky_relu_grad, grad=True,
              obvious=lambda g, x: np.where(x > 0, g, SLOPE * g),
              best=lambda g, x: np.multiply(g, SLOPE, out=g, where=x <= 0),
              peers=tb(lambda g, x: aten.leaky_relu_backward(g, x, SLOPE, False),
                       lambda g, x: aten.leaky_relu_backward.grad_input(
                           g, x, SLOPE, False, grad_input=g))))
    add(_case("leaky_relu_grad_y", "leaky_relu", fa.leaky_relu_grad, grad=True,
              from_output=True, forward=fa.leaky_relu,
              obvious=lambda g, y: np.where(y > 0, g, SLOPE * g),
              best=lambda g, y: np.multiply(g, SLOPE, out=g, where=y <= 0),
              peers=tb(lambda g, y: aten.leaky_relu_backward(g, y, SLOPE, True),
                       lambda g, y: aten.leaky_relu_backward.grad_input(
                           g, y, SLOPE, True, grad_input=g))))

    # elu_backward(grad, alpha, scale, input_scale, is_result, self_or_result)
    add(_case("elu_grad", "elu", fa.elu_grad, grad=True,
              obvious=lambda g, x: np.where(x > 0, g, g * np.exp(x)),
              best=lambda g, x: np.multiply(g, np.exp(np.minimum(x, 0)), out=g),
              peers=tb(lambda g, x: aten.elu_backward(g, 1.0, 1.0, 1.0, False, x),
                       lambda g, x: aten.elu_backward.grad_input(
                           g, 1.0, 1.0, 1.0, False, x, grad_input=g))))
    add(_case("elu_grad_y", "elu", fa.elu_grad, grad=True, from_output=True, forward=fa.elu,
              obvious=lambda g, y: np.where(y > 0, g, g * (y + 1)),
              best=lambda g, y: np.multiply(g, np.minimum(y + 1, 1), out=g),
              peers=tb(lambda g, y: aten.elu_backward(g, 1.0, 1.0, 1.0, True, y),
                       lambda g, y: aten.elu_backward.grad_input(
                           g, 1.0, 1.0, 1.0, True, y, grad_input=g))))
    add(_case("selu_grad", "selu", fa.selu_grad, grad=True,
              obvious=lambda g, x: np.where(x > 0, SELU_S * g,
                                            g * (SELU_S * SELU_A) * np.exp(x)),
              best=_np_selu_grad_ip,
              peers=tb(lambda g, x: aten.elu_backward(g, SELU_A, SELU_S, 1.0, False, x),
                       lambda g, x: aten.elu_backward.grad_input(
                           g, SELU_A, SELU_S, 1.0, False, x, grad_input=g))))
    add(_case("selu_grad_y", "selu", fa.selu_grad, grad=True, from_output=True,
              forward=fa.selu,
              obvious=lambda g, y: np.where(y > 0, SELU_S * g, g * (y + SELU_S * SELU_A)),
              best=_np_selu_grad_y_ip,
              peers=tb(lambda g, y: aten.elu_backward(g, SELU_A, SELU_S, 1.0, True, y),
                       lambda g, y: aten.elu_backward.grad_input(
                           g, SELU_A, SELU_S, 1.0, True, y, grad_input=g))))

    add(_case("gelu_grad", "gelu", fa.gelu_grad, grad=True,
              obvious=("scipy", _np_gelu_grad), best=("scipy", _np_gelu_grad_ip),
              peers=tb(lambda g, x: aten.gelu_backward(g, x),
                       lambda g, x: aten.gelu_backward.grad_input(g, x, grad_input=g)),
              doc="NumPy has no erf: the NumPy baseline uses scipy.special.erf"))
    add(_case("gelu_tanh_grad", "gelu", fa.gelu_grad, {"approximate": "tanh"}, grad=True,
              obvious=_np_gelu_tanh_grad, best=_np_gelu_tanh_grad_ip,
              peers=tb(lambda g, x: aten.gelu_backward(g, x, approximate="tanh"),
                       lambda g, x: aten.gelu_backward.grad_input(
                           g, x, approximate="tanh", grad_input=g))))

    add(_case("silu_grad", "silu", fa.silu_grad, grad=True,
              obvious=_np_silu_grad, best=_np_silu_grad_ip,
              peers=[P("scipy", "scipy", _sp_silu_grad)]
              + tb(lambda g, x: aten.silu_backward(g, x),
                   lambda g, x: aten.silu_backward.grad_input(g, x, grad_input=g))))

    # torch's sigmoid and tanh backward take the output: from x, the forward runs first
    add(_case("sigmoid_grad", "sigmoid", fa.sigmoid_grad, grad=True,
              obvious=_np_sigmoid_grad, best=_np_sigmoid_grad_ip,
              peers=[P("scipy", "scipy", _sp_sigmoid_grad)]
              + tb(lambda g, x: aten.sigmoid_backward(g, torch.sigmoid(x)),
                   lambda g, x: aten.sigmoid_backward.grad_input(
                       g, torch.sigmoid(x), grad_input=g)),
              doc="torch: sigmoid(x) then sigmoid_backward"))
    add(_case("sigmoid_grad_y", "sigmoid", fa.sigmoid_grad, grad=True, from_output=True,
              forward=fa.sigmoid,
              obvious=lambda g, y: g * y * (1 - y), best=_np_sigmoid_grad_y_ip,
              peers=tb(lambda g, y: aten.sigmoid_backward(g, y),
                       lambda g, y: aten.sigmoid_backward.grad_input(g, y, grad_input=g))
              + [P("numexpr ip", "numexpr", _ne("g * x * (1 - x)", "g"), ip=True)]))
    add(_case("tanh_grad", "tanh", fa.tanh_grad, grad=True,
              obvious=lambda g, x: g * (1 - np.tanh(x) ** 2), best=_np_tanh_grad_ip,
              peers=tb(lambda g, x: aten.tanh_backward(g, torch.tanh(x)),
                       lambda g, x: aten.tanh_backward.grad_input(
                           g, torch.tanh(x), grad_input=g)),
              doc="torch: tanh(x) then tanh_backward"))
    add(_case("tanh_grad_y", "tanh", fa.tanh_grad, grad=True, from_output=True,
              forward=fa.tanh,
              obvious=lambda g, y: g * (1 - y * y), best=_np_tanh_grad_y_ip,
              peers=tb(lambda g, y: aten.tanh_backward(g, y),
                       lambda g, y: aten.tanh_backward.grad_input(g, y, grad_input=g))
              + [P("numexpr ip", "numexpr", _ne("g * (1 - x * x)", "g"), ip=True)]))

    add(_case("softplus_grad", "softplus", fa.softplus_grad, grad=True,
              obvious=lambda g, x: g / (1 + np.exp(-x)), best=_np_softplus_grad_ip,
              peers=[P("scipy", "scipy", lambda g, x: g * sp.expit(x)),
                     P("scipy ip", "scipy", lambda g, x: np.multiply(g, sp.expit(x), out=g),
                       ip=True)]
              + tb(lambda g, x: aten.softplus_backward(g, x, 1, 20),
                   lambda g, x: aten.softplus_backward.grad_input(g, x, 1, 20, grad_input=g))))

    # softmax family: (grad, output, dim, input dtype); "torch out" writes a separate
    # buffer.  torch writes a strided grad_input as if it were contiguous (torch 2.13):
    # its in-place form is skipped for --layout strided.
    def sm_peers(alloc, out, ip):
        return [P("torch", "torch", alloc), P("torch out", "torch", out, out=True),
                P("torch ip", "torch", ip, ip=True, contiguous=True)]

    add(_case("softmax_grad", "softmax", fa.softmax_grad, grad=True, rows=True,
              obvious=lambda g, x: _np_softmax_grad_y(g, _np_softmax(x)),
              best=lambda g, x: _np_softmax_grad_y_ip(g, _np_softmax(x)),
              peers=sm_peers(
                  lambda g, x: _smb(g, torch.softmax(x, -1), -1, g.dtype),
                  lambda g, x, o: _smb.out(g, torch.softmax(x, -1), -1, g.dtype, grad_input=o),
                  lambda g, x: _smb.out(g, torch.softmax(x, -1), -1, g.dtype, grad_input=g)),
              doc="numpy and torch compute softmax(x) first"))
    add(_case("softmax_grad_y", "softmax", fa.softmax_grad, grad=True, rows=True,
              from_output=True, forward=fa.softmax,
              obvious=_np_softmax_grad_y, best=_np_softmax_grad_y_ip,
              peers=sm_peers(
                  lambda g, y: _smb(g, y, -1, g.dtype),
                  lambda g, y, o: _smb.out(g, y, -1, g.dtype, grad_input=o),
                  lambda g, y: _smb.out(g, y, -1, g.dtype, grad_input=g))))
    add(_case("log_softmax_grad", "log_softmax", fa.log_softmax_grad, grad=True, rows=True,
              obvious=lambda g, x: g - _np_softmax(x) * g.sum(axis=-1, keepdims=True),
              best=_np_log_softmax_grad_ip,
              peers=sm_peers(
                  lambda g, x: _lsmb(g, torch.log_softmax(x, -1), -1, g.dtype),
                  lambda g, x, o: _lsmb.out(g, torch.log_softmax(x, -1), -1, g.dtype, out=o),
                  lambda g, x: _lsmb.out(g, torch.log_softmax(x, -1), -1, g.dtype, out=g)),
              doc="numpy computes softmax(x), torch log_softmax(x) first"))
    add(_case("log_softmax_grad_y", "log_softmax", fa.log_softmax_grad, grad=True, rows=True,
              from_output=True, forward=fa.log_softmax,
              obvious=lambda g, y: g - np.exp(y) * g.sum(axis=-1, keepdims=True),
              best=_np_log_softmax_grad_y_ip,
              peers=sm_peers(
                  lambda g, y: _lsmb(g, y, -1, g.dtype),
                  lambda g, y, o: _lsmb.out(g, y, -1, g.dtype, out=o),
                  lambda g, y: _lsmb.out(g, y, -1, g.dtype, out=g))))

    # ---- the elementwise catalogue: not in the default run either; name them in
    # --ops (e.g. --ops mish,hardswish) or --ops catalogue for all of them ----
    def cat(name, func, obvious, torch_fwd, torch_ip=None, kw=None):
        peers = [P("torch", "torch", torch_fwd)]
        if torch_ip is not None:
            peers.append(P("torch ip", "torch", torch_ip, ip=True))
        add(_case(name, name, func, kw, obvious=obvious, peers=peers, in_default=False))

    def cat_grad(name, func, obvious, torch_bwd, kw=None):
        add(_case(name + "_grad", name, func, kw, grad=True, obvious=obvious,
                  peers=[P("torch", "torch", torch_bwd)], in_default=False))

    cat("relu6", fa.relu6, lambda x: np.clip(x, 0, 6), lambda t: F.relu6(t),
        lambda t: F.relu6(t, inplace=True))
    cat("hardtanh", fa.hardtanh, lambda x: np.clip(x, -1, 1), lambda t: F.hardtanh(t),
        lambda t: F.hardtanh_(t))
    cat("hardsigmoid", fa.hardsigmoid, lambda x: np.clip(x + 3, 0, 6) / 6,
        lambda t: F.hardsigmoid(t), lambda t: F.hardsigmoid(t, inplace=True))
    cat("hardswish", fa.hardswish, lambda x: x * np.clip(x + 3, 0, 6) / 6,
        lambda t: F.hardswish(t), lambda t: F.hardswish(t, inplace=True))
    cat("softshrink", fa.softshrink,
        lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
        lambda t: F.softshrink(t, 0.5))
    cat("hardshrink", fa.hardshrink, lambda x: np.where(np.abs(x) > 0.5, x, 0),
        lambda t: F.hardshrink(t, 0.5))
    cat("celu", fa.celu, lambda x: np.where(x > 0, x, np.expm1(x)), lambda t: F.celu(t),
        lambda t: F.celu_(t))
    cat("log_sigmoid", fa.log_sigmoid, lambda x: -np.logaddexp(0, -x),
        lambda t: F.logsigmoid(t))
    cat("softsign", fa.softsign, lambda x: x / (1 + np.abs(x)), lambda t: F.softsign(t))
    cat("mish", fa.mish, lambda x: x * np.tanh(np.logaddexp(0, x)), lambda t: F.mish(t),
        lambda t: F.mish(t, inplace=True))
    cat("tanhshrink", fa.tanhshrink, lambda x: x - np.tanh(x), lambda t: F.tanhshrink(t))
    cat("squareplus", fa.squareplus, lambda x: (x + np.sqrt(x * x + 4)) / 2,
        lambda t: (t + torch.sqrt(t * t + 4)) / 2)
    cat("sparse_plus", fa.sparse_plus,
        lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        lambda t: torch.where(t <= -1, 0, torch.where(t >= 1, t, (t + 1) ** 2 / 4)))
    cat("sparse_sigmoid", fa.sparse_sigmoid, lambda x: np.clip((x + 1) / 2, 0, 1),
        lambda t: torch.clamp((t + 1) / 2, 0, 1))
    cat("logit", fa.logit, lambda x: np.log(x / (1 - x)), lambda t: torch.logit(t),
        lambda t: torch.logit_(t))
    cat("threshold", fa.threshold, lambda x: np.where(x > 0.5, x, -2.0),
        lambda t: F.threshold(t, 0.5, -2.0), lambda t: F.threshold_(t, 0.5, -2.0),
        kw={"threshold": 0.5, "value": -2.0})
    add(_case("prelu", "prelu", fa.prelu, {"weight": [0.25]},
              obvious=lambda x: np.where(x > 0, x, 0.25 * x),
              peers=[P("torch", "torch", lambda t: F.prelu(t, t.new_tensor([0.25])))],
              in_default=False,
              doc="prelu: one slope (0.25) for the whole array"))
    add(_case("rrelu", "rrelu", fa.rrelu,
              obvious=lambda x: np.where(x > 0, x, RRELU_MEAN * x),
              peers=[P("torch", "torch", lambda t: F.rrelu(t, training=False)),
                     P("torch ip", "torch", lambda t: F.rrelu_(t, training=False), ip=True)],
              in_default=False, doc="rrelu: eval mode (the mean slope)"))
    cat_grad("hardswish", fa.hardswish_grad,
             lambda g, x: g * np.where(x <= -3, 0, np.where(x >= 3, 1, (2 * x + 3) / 6)),
             lambda g, x: aten.hardswish_backward(g, x))
    cat_grad("mish", fa.mish_grad,
             lambda g, x: g * _np_mish_d(x), lambda g, x: aten.mish_backward(g, x))
    cat_grad("celu", fa.celu_grad, lambda g, x: np.where(x > 0, g, g * np.exp(x)),
             lambda g, x: aten.elu_backward(g, 1.0, 1.0, 1.0, False, x))
    cat_grad("log_sigmoid", fa.log_sigmoid_grad,
             lambda g, x: g / (1 + np.exp(x)),
             lambda g, x: aten.log_sigmoid_backward(g, x, aten.log_sigmoid_forward(x)[1]))
    cat_grad("hardsigmoid", fa.hardsigmoid_grad,
             lambda g, x: np.where((x > -3) & (x < 3), g / 6, 0),
             lambda g, x: aten.hardsigmoid_backward(g, x))

    # ---- the along-an-axis catalogue: not in the default run (keeps it short);
    # name them in --ops (e.g. --ops softmin,logsumexp,glu) ----
    add(_case("softmin", "softmin", fa.softmin, rows=True, in_default=False,
              obvious=lambda x: _np_softmax(-x),
              peers=[P("scipy", "scipy", lambda x: sp.softmax(-x, axis=-1)),
                     P("torch", "torch", lambda t: F.softmin(t, -1))]))
    add(_case("softmin_grad_y", "softmin", fa.softmin_grad, grad=True, rows=True,
              from_output=True, forward=fa.softmin, in_default=False,
              obvious=lambda g, y: -_np_softmax_grad_y(g, y),
              peers=[P("torch", "torch", lambda g, y: torch.neg(_smb(g, y, -1, g.dtype)))]))
    add(_case("logsumexp", "logsumexp", fa.logsumexp, rows=True, out_kind="reduce",
              in_default=False, obvious=_np_logsumexp,
              peers=[P("scipy", "scipy", lambda x: sp.logsumexp(x, axis=-1)),
                     P("torch", "torch", lambda t: torch.logsumexp(t, -1))]))
    add(_case("logsumexp_grad", "logsumexp", fa.logsumexp_grad, grad=True, rows=True,
              out_kind="reduce", in_default=False,
              obvious=lambda g, x: g[..., None] * _np_softmax(x),
              peers=[P("torch", "torch", lambda g, x: g.unsqueeze(-1) * torch.softmax(x, -1))],
              doc="numpy and torch: g times softmax(x)"))
    add(_case("sparsemax", "sparsemax", fa.sparsemax, rows=True, in_default=False,
              obvious=_np_sparsemax, doc="numpy: the sort-based algorithm"))
    add(_case("sparsemax_grad_y", "sparsemax", fa.sparsemax_grad, grad=True, rows=True,
              from_output=True, forward=fa.sparsemax, in_default=False,
              obvious=_np_sparsemax_grad_y))
    add(_case("glu", "glu", fa.glu, rows=True, out_kind="half", in_default=False,
              obvious=_np_glu, peers=[P("torch", "torch", lambda t: F.glu(t, -1))]))
    add(_case("glu_grad", "glu", fa.glu_grad, grad=True, rows=True, out_kind="half",
              in_default=False, obvious=_np_glu_grad,
              peers=[P("torch", "torch", lambda g, x: aten.glu_backward(g, x, -1))]))
    add(_case("geglu", "geglu", fa.geglu, rows=True, out_kind="half", in_default=False,
              obvious=("scipy", _np_geglu),
              peers=[P("torch", "torch", _torch_gated(lambda b: F.gelu(b)))],
              doc="torch has no fused geglu/swiglu/reglu: a * act(b) on chunks"))
    add(_case("swiglu", "swiglu", fa.swiglu, rows=True, out_kind="half", in_default=False,
              obvious=_np_swiglu, peers=[P("torch", "torch", _torch_gated(lambda b: F.silu(b)))],
              doc="torch has no fused geglu/swiglu/reglu: a * act(b) on chunks"))
    add(_case("reglu", "reglu", fa.reglu, rows=True, out_kind="half", in_default=False,
              obvious=_np_reglu, peers=[P("torch", "torch", _torch_gated(lambda b: F.relu(b)))],
              doc="torch has no fused geglu/swiglu/reglu: a * act(b) on chunks"))
    return tuple(C)


CASES = _build_cases()
CASE_BY_NAME = {c.name: c for c in CASES}


def select_cases(ops=None, grad=True, forward=True):
    """Cases matching the comma-separated names/families in ``ops`` (all when
    None): 'gelu' selects gelu, gelu_tanh and their gradients; 'gelu_tanh' and
    'sigmoid_grad_y' select exactly those; 'catalogue' selects every case
    outside the default set."""
    tokens = None
    if ops:
        tokens = [t.strip() for t in (ops.split(",") if isinstance(ops, str) else ops)
                  if t.strip()]
        known = {c.name for c in CASES} | {c.family for c in CASES} | {"catalogue"}
        bad = [t for t in tokens if t not in known]
        if bad:
            raise ValueError(f"unknown op(s) {bad}; known: {sorted(known)}")
    out = []
    for c in CASES:
        if c.grad and not grad or not c.grad and not forward:
            continue
        if tokens is None:
            if c.in_default:
                out.append(c)
            continue
        # a family token selects forwards and grads; an exact forward name
        # (e.g. gelu_tanh) also selects its gradients (gelu_tanh_grad)
        base = c.name[:-len("_grad_y")] if c.name.endswith("_grad_y") else (
            c.name[:-len("_grad")] if c.name.endswith("_grad") else c.name)
        if any(t in (c.name, c.family, base) for t in tokens) or (
                "catalogue" in tokens and not c.in_default):
            out.append(c)
    return out


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

INPUT_KINDS = ("typical", "saturated", "subnormal")
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(s):
    s = str(s).strip().upper()
    unit = s[-1] if s and s[-1] in "KMG" else ""
    num = s[:-1] if unit else s
    v = float(num) * SIZE_UNITS[unit]
    if v < 1 or v != int(v):
        raise ValueError(f"bad size {s!r}")
    return int(v)


def fmt_size(n):
    for u in ("G", "M", "K"):
        m = SIZE_UNITS[u]
        if n >= m and n % m == 0:
            return f"{n // m}{u}"
    return str(n)


def shape_for(case, n):
    if case.rows:
        return (n // ROW, ROW) if n >= ROW and n % ROW == 0 else (1, n)
    return (n,)


def _values(kind, shape, dtype, rng):
    if kind == "typical":
        v = 3.0 * rng.standard_normal(shape)
    elif kind == "saturated":
        v = rng.choice([-1.0, 1.0], size=shape) * (20.0 + 20.0 * rng.random(shape))
    elif kind == "subnormal":
        tiny = np.finfo(dtype).smallest_normal
        v = rng.choice([-1.0, 1.0], size=shape) * rng.random(shape) * float(tiny)
        return v.astype(dtype)    # cast last: float64 subnormals are 0 as float32 otherwise
    else:
        raise ValueError(f"unknown input kind {kind!r}; choose from {INPUT_KINDS}")
    return v.astype(dtype)


def _alloc(shape, dtype, layout):
    """An array of `shape` in the requested layout ('strided': every other
    element of a twice-as-long buffer along the last axis)."""
    if layout == "contiguous":
        return np.empty(shape, dtype)
    if layout == "strided":
        big = np.empty(shape[:-1] + (2 * shape[-1],), dtype)
        return big[..., ::2]
    raise ValueError(f"unknown layout {layout!r}")


def make_inputs(case, n, dtype, kind="typical", layout="contiguous", seed=0):
    """The case's source arrays {"x" or "y", "g"} (never written by the harness
    after creation)."""
    rng = np.random.default_rng(seed)
    shape = shape_for(case, n)
    x = _alloc(shape, dtype, layout)
    x[...] = _values(kind, shape, dtype, rng)
    arrays = {}
    if case.from_output:
        y = _alloc(shape, dtype, layout)
        y[...] = case.forward(np.ascontiguousarray(x))
        arrays["y"] = y
    else:
        arrays["x"] = x
    if case.grad:
        gshape = {"same": shape, "reduce": shape[:-1],
                  "half": shape[:-1] + (shape[-1] // 2,)}[case.out_kind]
        g = _alloc(gshape, dtype, layout) if gshape else np.empty(gshape, dtype)
        g[...] = rng.standard_normal(gshape).astype(dtype)
        arrays["g"] = g
    return arrays


# ---------------------------------------------------------------------------
# Binding implementations to arrays
# ---------------------------------------------------------------------------

def _convert(lib, a):
    return torch.from_numpy(a) if lib == "torch" else a


@dataclass
class Bound:
    """An implementation bound to a cell's arrays: ``call()`` runs it once;
    ``restore()`` (untimed) refreshes the in-place target; ``pre()`` (untimed)
    runs before each sample."""
    impl: Impl
    call: object
    restore: object = None
    pre: object = None
    label: str = ""
    number: int = 1
    samples: list = field(default_factory=list)
    t_call: float = 0.0
    t_restore: float = 0.0
    check: dict = None
    work: object = None

    def result(self, ret):
        """The array this implementation produced (after a call that returned ret)."""
        r = self.work if self.impl.inplace else ret
        if torch is not None and isinstance(r, torch.Tensor):
            r = r.numpy()
        return np.asarray(r)


def bind(case, impl, arrays, work=None):
    """Bound call of `impl` on `arrays` (from make_inputs).  In-place
    implementations write into `work` (a buffer like args[0], shared by a cell's
    in-place implementations); each call is preceded by an untimed restore."""
    names = case.inputs
    src = [arrays[k] for k in names]
    if impl.inplace:
        if work is None:
            work = _alloc(src[0].shape, src[0].dtype,
                          "contiguous" if src[0].flags.c_contiguous else "strided")
        np.copyto(work, src[0])
        args = [work] + src[1:]
        restore = functools.partial(np.copyto, work, src[0])
    else:
        args = list(src)
        restore = None
    args = [_convert(impl.lib, a) for a in args]
    if impl.out:   # the implementation's own output buffer: always contiguous
        args.append(_convert(impl.lib, np.empty(src[0].shape, src[0].dtype)))
    return Bound(impl, functools.partial(impl.fn, *args), restore, label=impl.label,
                 work=work)


# ---------------------------------------------------------------------------
# Timing engine
# ---------------------------------------------------------------------------

_clock = time.perf_counter_ns
_OVERHEAD = {}


def _null(*args):
    return None


def calibrate_overhead(reps=20000):
    """Harness cost per call (ns) of an empty implementation: 'batch' (a loop
    of calls between two clock reads) and 'each' (clock read around every
    call).  Subtracted from every sample."""
    call = functools.partial(_null, 0)
    best_b = best_e = float("inf")
    for _ in range(5):
        t0 = _clock()
        for _ in range(reps):
            call()
        best_b = min(best_b, (_clock() - t0) / reps)
        tot = 0
        for _ in range(reps // 4):
            t0 = _clock()
            call()
            tot += _clock() - t0
        best_e = min(best_e, tot / (reps // 4))
    _OVERHEAD["batch"], _OVERHEAD["each"] = best_b, best_e
    return dict(_OVERHEAD)


def _sample(b):
    """Seconds per call for one sample of b (b.number calls)."""
    if not _OVERHEAD:
        calibrate_overhead()
    if b.pre is not None:
        b.pre()
    call, n = b.call, b.number
    if b.restore is None:
        t0 = _clock()
        for _ in range(n):
            call()
        tot = _clock() - t0 - n * _OVERHEAD["batch"]
    else:
        restore = b.restore
        tot = 0
        for _ in range(n):
            restore()
            t0 = _clock()
            call()
            tot += _clock() - t0
        tot -= n * _OVERHEAD["each"]
    return max(tot, 0.0) * 1e-9 / n


@dataclass
class Budget:
    target: float = 20e-6      # minimum work per sample (s)
    cell_time: float = 0.3     # aim for this much timed work per cell (s)
    min_samples: int = 7
    max_samples: int = 41
    warmup: int = 2


def run_cell(bounds, budget):
    """Time `bounds` round-robin; fills each Bound's samples (s per call)."""
    # warm-up and calibration
    for b in bounds:
        for _ in range(budget.warmup):
            if b.pre is not None:
                b.pre()
            if b.restore is not None:
                b.restore()
            b.call()
        b.number = 1
        t = min(_sample(b) for _ in range(2))
        b.t_call = max(t, 1e-9)
        b.number = max(1, min(10 ** 6, math.ceil(budget.target / b.t_call)))
        if b.restore is not None:
            t0 = _clock()
            b.restore()
            b.t_restore = (_clock() - t0) * 1e-9
    per_round = sum(b.number * (b.t_call + b.t_restore) for b in bounds)
    rounds = int(budget.cell_time / max(per_round, 1e-9))
    rounds = max(budget.min_samples, min(budget.max_samples, rounds))
    k = len(bounds)
    for r in range(rounds):
        for j in range(k):
            b = bounds[(r + j) % k]
            b.samples.append(_sample(b))
    return rounds


def stats(samples):
    a = np.asarray(samples, dtype=np.float64)
    if a.size == 0:
        return None
    q1, med, q3 = np.percentile(a, [25, 50, 75])
    return {"median": float(med), "q1": float(q1), "q3": float(q3), "iqr": float(q3 - q1),
            "min": float(a.min()), "mean": float(a.mean()), "n": int(a.size)}


def _check(case, bounds, dtype):
    """Run every implementation once on fresh data and compare with fastact's
    allocating form; records max |diff| / tolerance in Bound.check."""
    ref_b = next(b for b in bounds if b.impl.label == "fastact")
    if ref_b.restore is not None:
        ref_b.restore()
    ref = ref_b.result(ref_b.call()).copy()
    f32 = np.dtype(dtype) == np.float32
    rtol, atol = (2e-3, 1e-5) if f32 else (1e-8, 1e-12)
    # the largest finite |value| (a NaN or inf in ref -- logit outside (0, 1)
    # -- made every tolerance NaN and every finite entry a mismatch)
    fin = np.isfinite(ref)
    scale = max(float(np.max(np.abs(ref[fin]))) if fin.any() else 0.0, 1.0)
    problems = []
    for b in bounds:
        if b.restore is not None:
            b.restore()
        try:
            r = b.result(b.call())
        except Exception as exc:  # noqa: BLE001 - reported, implementation dropped
            b.check = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            problems.append(b)
            continue
        if r.shape != ref.shape:
            b.check = {"ok": False, "error": f"shape {r.shape} != {ref.shape}"}
            problems.append(b)
            continue
        with np.errstate(all="ignore"):
            diff = np.abs(r.astype(np.float64) - ref)
            bad = (~(diff <= atol * scale + rtol * np.abs(ref)) & ~(np.isnan(r) & np.isnan(ref))
                   & ~(r == ref))  # equal infinities (inf - inf is NaN)
        nbad = int(np.count_nonzero(bad))
        b.check = {"ok": nbad == 0, "mismatches": nbad,
                   "max_abs_diff": float(np.nanmax(diff)) if diff.size else 0.0}
        if nbad:
            problems.append(b)
    return problems


def _apply_check(case, n, dtype, bounds, log):
    """Check every implementation against fastact; drop the ones that fail or
    disagree (except the NumPy baseline, kept and flagged) -- unless fastact
    disagrees with most of them, which points at fastact instead."""
    problems = _check(case, bounds, dtype)
    where = f"{case.name} {fmt_size(n)} {np.dtype(dtype).name}"
    others = [b for b in bounds if b.impl.lib != "fastact"]
    differ = [b for b in problems if b.impl.lib != "fastact" and "error" not in b.check]
    suspect_fastact = len(others) >= 2 and 2 * len(differ) > len(others)
    if suspect_fastact and log:
        log(f"warning: {where}: fastact differs from {len(differ)} of {len(others)} other "
            f"implementations ({', '.join(b.label for b in differ)}): check fastact")
    for b in problems:
        if "error" in b.check:
            why = f"failed ({b.check['error']})"
        else:
            why = (f"differs from fastact at {b.check['mismatches']} of {n} elements "
                   f"(max |diff| {b.check['max_abs_diff']:.3g})")
        drop = "error" in b.check or not (suspect_fastact or b.impl.role == "obvious"
                                          or b.impl.lib == "fastact")
        if log and (drop or not suspect_fastact):
            log(f"warning: {where}: {b.label} {why}" + ("; not timed" if drop else ""))
        if drop:
            bounds.remove(b)


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------

def _set_threads(n):
    fa.set_num_threads(n)
    if torch is not None:
        torch.set_num_threads(n)
    if ne is not None:
        ne.set_num_threads(n)


def save_threads():
    """The thread settings of fastact and the loaded peers, for restore_threads."""
    return (fa._core.get_user_threads(), torch.get_num_threads() if torch else None,
            ne.get_num_threads() if ne else None)


def restore_threads(saved):
    fa_user, t, n = saved
    fa._core.set_user_threads(fa_user)
    if torch is not None and t:
        torch.set_num_threads(t)
    if ne is not None and n:
        ne.set_num_threads(n)


def _bytes(case, n, itemsize):
    return case.n_arrays * n * itemsize


def bench_cell(case, n, dtype, kind, layout, budget, peers, seed=0, log=None, check=True):
    """Time every available implementation of one cell.  Returns a result dict."""
    arrays = make_inputs(case, n, dtype, kind, layout, seed)
    work = None
    bounds = []
    for impl in case.impls:
        if not peer_available(impl.lib) or impl.lib not in ("fastact", "numpy", *peers):
            continue
        if impl.contiguous and layout != "contiguous":
            continue
        if impl.inplace and work is None:
            src0 = arrays[case.inputs[0]]
            work = _alloc(src0.shape, src0.dtype, layout)
        try:
            bounds.append(bind(case, impl, arrays, work if impl.inplace else None))
        except Exception as exc:  # noqa: BLE001
            if log:
                log(f"warning: {case.name}/{impl.label}: cannot bind ({exc}); skipped")
    with np.errstate(all="ignore"):
        if check:
            _apply_check(case, n, dtype, bounds, log)
        rounds = run_cell(bounds, budget)
    itemsize = np.dtype(dtype).itemsize
    res = {"case": case.name, "family": case.family, "grad": case.grad,
           "from_output": case.from_output, "size": n, "shape": list(shape_for(case, n)),
           "dtype": np.dtype(dtype).name, "inputs": kind, "layout": layout,
           "bytes": _bytes(case, n, itemsize), "rounds": rounds, "impls": []}
    for b in bounds:
        st = stats(b.samples)
        res["impls"].append({"label": b.label, "lib": b.impl.lib, "role": b.impl.role,
                             "inplace": b.impl.inplace, "number": b.number,
                             "check": b.check, "samples_s": b.samples, **st})
    return res


def bench_membw(n, dtype, layout, budget):
    """In-place read+write bandwidth of np.multiply(x, 1.0, out=x) at size n."""
    x = _alloc((n,), dtype, layout)
    x[...] = np.random.default_rng(1).standard_normal(n)
    src = x.copy()
    b = Bound(Impl("np.multiply ip", "numpy", "reference", None, inplace=True),
              functools.partial(np.multiply, x, 1.0, out=x),
              functools.partial(np.copyto, x, src), label="np.multiply(x, 1.0, out=x)")
    run_cell([b], budget)
    st = stats(b.samples)
    nbytes = 2 * n * np.dtype(dtype).itemsize
    return {"size": n, "dtype": np.dtype(dtype).name, "layout": layout, "bytes": nbytes,
            "gbps": nbytes / st["median"] / 1e9, "samples_s": b.samples, **st}


# ---------------------------------------------------------------------------
# Machine record
# ---------------------------------------------------------------------------

def _cpuinfo():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" not in line:
                    continue
                k, v = (s.strip() for s in line.split(":", 1))
                if k in ("model name", "flags", "cpu MHz", "vendor_id", "cpu family", "model",
                         "cache size") and k not in info:
                    info[k] = v
    except OSError:
        pass
    if "flags" in info:
        info["flags"] = info["flags"].split()
    return info


def _openmp_libs():
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1]
                base = os.path.basename(p)
                if any(s in base for s in ("libgomp", "libiomp", "libomp")):
                    libs.add(p)
    except OSError:
        pass
    return sorted(libs)


_LOAD_AT_START = [None]


def _loadavg():
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def machine_record():
    rec = {"cpu": _cpuinfo(), "platform": platform.platform(),
           "python": platform.python_version(), "cpu_count": os.cpu_count(),
           "fastact": fa.runtime_info(), "openmp_runtimes": _openmp_libs(),
           "peers": {k: v for k, v in _peer_status.items()},
           "env": {k: v for k, v in os.environ.items()
                   if k.startswith(("OMP_", "GOMP_", "KMP_", "FASTACT_", "MKL_", "OPENBLAS_"))},
           "harness_overhead_ns": dict(_OVERHEAD),
           "loadavg_1min": {"start": _LOAD_AT_START[0], "end": _loadavg()},
           "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if torch is not None:
        rec["torch_threads"] = torch.get_num_threads()
        try:
            rec["torch_parallel_info"] = torch.__config__.parallel_info()
        except Exception:  # noqa: BLE001
            pass
    return rec


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def _fmt_t(s):
    us = s * 1e6
    if us >= 1000:
        return f"{us:,.0f}"
    if us >= 100:
        return f"{us:.0f}"
    if us >= 10:
        return f"{us:.1f}"
    return f"{us:.2f}"


def _fmt_x(r):
    return f"{r:.2f}" if r < 10 else f"{r:.1f}" if r < 100 else f"{r:.0f}"


def summarize(res, ref_gbps=None, fastact_label="fastact ip"):
    """Headline numbers of a cell: fastact, NumPy obvious, fastest peer."""
    by = {i["label"]: i for i in res["impls"]}
    fa_i = by.get(fastact_label) or by.get("fastact")  # (no in-place form: logsumexp, glu)
    ob = next((i for i in res["impls"] if i["role"] == "obvious"), None)
    peers = [i for i in res["impls"] if i["role"] != "fastact"]
    best = min(peers, key=lambda i: i["median"]) if peers else None
    out = {"fastact": fa_i["median"] if fa_i else None,
           "fastact_iqr": fa_i["iqr"] if fa_i else None,
           "numpy": ob["median"] if ob else None, "numpy_label": ob["label"] if ob else None,
           "best_label": best["label"] if best else None,
           "best": best["median"] if best else None}
    if fa_i:
        out["gbps"] = res["bytes"] / fa_i["median"] / 1e9
        out["pct_bw"] = 100 * out["gbps"] / ref_gbps if ref_gbps else None
        out["vs_numpy"] = ob["median"] / fa_i["median"] if ob else None
        out["vs_best"] = best["median"] / fa_i["median"] if best else None
    return out


def format_table(results, refs, title, verbose=False):
    lines = [title]
    hdr = (f"{'op':<20} {'size':>5} {'fastact':>9} {'iqr%':>5} {'numpy':>9} {'x np':>6}  "
           f"{'fastest peer':<24} {'x peer':>6} {'GB/s':>6} {'%bw':>5}")
    lines += [hdr, "-" * len(hdr)]
    wins_np, wins_peer, gm_np, gm_peer = 0, 0, [], []
    for res in results:
        ref = refs.get(res["size"])
        # below ~2 us the reference measures call overhead, not bandwidth
        ok = ref and ref["median"] >= 2e-6
        s = summarize(res, ref["gbps"] if ok else None)
        if s["fastact"] is None:
            continue
        iqr = 100 * s["fastact_iqr"] / s["fastact"] if s["fastact"] else 0
        npv = _fmt_t(s["numpy"]) if s["numpy"] else "n/a"
        xnp = _fmt_x(s["vs_numpy"]) if s.get("vs_numpy") else ""
        peer = f"{s['best_label']} {_fmt_t(s['best'])}" if s["best"] else "n/a"
        xpeer = _fmt_x(s["vs_best"]) if s.get("vs_best") else ""
        pct = f"{s['pct_bw']:.0f}" if s.get("pct_bw") else ""
        lines.append(f"{res['case']:<20} {fmt_size(res['size']):>5} {_fmt_t(s['fastact']):>9} "
                     f"{iqr:>5.0f} {npv:>9} {xnp:>6}  {peer:<24} {xpeer:>6} "
                     f"{s['gbps']:>6.1f} {pct:>5}")
        if s.get("vs_numpy"):
            gm_np.append(s["vs_numpy"])
            wins_np += s["vs_numpy"] > 1
        if s.get("vs_best"):
            gm_peer.append(s["vs_best"])
            wins_peer += s["vs_best"] > 1
        if verbose:
            for i in sorted(res["impls"], key=lambda i: i["median"]):
                flag = "" if not i.get("check") or i["check"].get("ok") else "  (differs)"
                lines.append(f"{'':<22}{i['label']:<24} {_fmt_t(i['median']):>9} us  "
                             f"iqr {_fmt_t(i['iqr'])}  n={i['n']}x{i['number']}{flag}")
    if gm_np or gm_peer:
        g = lambda v: math.exp(sum(map(math.log, v)) / len(v)) if v else float("nan")  # noqa
        lines.append("-" * len(hdr))
        lines.append(f"geometric mean speed-up: {g(gm_np):.2f}x vs NumPy "
                     f"(faster in {wins_np}/{len(gm_np)}), {g(gm_peer):.2f}x vs the fastest "
                     f"peer (faster in {wins_peer}/{len(gm_peer)})")
    notes = {}
    for res in results:
        doc = CASE_BY_NAME[res["case"]].doc
        if doc:
            notes.setdefault(doc, []).append(res["case"])
    for doc, names in notes.items():
        lines.append(f"{', '.join(sorted(set(names)))}: {doc}")
    if refs:
        lines.append("in-place bandwidth np.multiply(x, 1.0, out=x): " + ", ".join(
            f"{fmt_size(n)} {r['gbps']:.1f} GB/s" for n, r in sorted(refs.items())))
    return "\n".join(lines)


LEGEND = """\
times: median us per call (fastact: in place, out=x / out=grad); iqr%: inter-quartile
range of fastact's samples; x np / x peer: speed-up of fastact (>1: fastact faster) over
the obvious NumPy code / the fastest other implementation (ip: in place, out: preallocated
output); GB/s: (inputs + output) bytes / fastact's time; %bw: of the in-place bandwidth
np.multiply(x, 1.0, out=x) at that size (blank where that takes < 2 us: overhead-bound).
*_y: gradient from the forward's output (the in-place training form)."""


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

DEFAULT_SIZES = "1K,64K,1M"
QUICK_SIZES = "1K,64K,1M"


def add_arguments(p):
    p.add_argument("--ops", default=None,
                   help="comma-separated ops or families (default: all); e.g. relu,gelu or "
                        "sigmoid_grad_y. Known: " + ", ".join(c.name for c in CASES))
    p.add_argument("--grad", action=argparse.BooleanOptionalAction, default=True,
                   help="include gradients (default: yes)")
    p.add_argument("--forward", action=argparse.BooleanOptionalAction, default=True,
                   help="include forwards (default: yes)")
    p.add_argument("--dtype", default="float32",
                   help="float32, float64 or both comma-separated (default float32)")
    p.add_argument("--sizes", default=None,
                   help=f"element counts, e.g. 1K,64K,1M,16M (default {DEFAULT_SIZES}); "
                        "softmax runs on rows of 1024")
    p.add_argument("--threads", default="all",
                   help="thread counts, e.g. 1,2; 'all' = the CPUs this process may use "
                        "(default). NumPy and SciPy are single-threaded.")
    p.add_argument("--layout", default="contiguous", choices=("contiguous", "strided"),
                   help="strided: every other element of a buffer twice as long")
    p.add_argument("--inputs", default="typical",
                   help="input kinds: typical (3*N(0,1)), saturated (|x| in 20..40), "
                        "subnormal; comma-separated (default typical)")
    p.add_argument("--peers", default=",".join(PEERS),
                   help=f"peers to compare with (default {','.join(PEERS)}; "
                        "missing ones are skipped)")
    p.add_argument("--quick", action="store_true",
                   help="short run (~15 s): fewer samples per cell")
    p.add_argument("--cell-time", type=float, default=None,
                   help="target timed seconds per cell (default 0.25, quick 0.06)")
    p.add_argument("--min-samples", type=int, default=None,
                   help="samples per implementation at least (default 7, quick 5)")
    p.add_argument("--no-check", dest="check", action="store_false",
                   help="skip comparing every implementation's result with fastact's")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", metavar="FILE", default=None,
                   help="write every sample and statistic plus a machine record")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print every implementation's time under each row")
    p.add_argument("--compare", metavar="OLD.json", default=None,
                   help="compare fastact's median per cell with an earlier --json run; "
                        "exit 1 when a cell got slower by more than --fail-above percent")
    p.add_argument("--fail-above", metavar="PCT", type=float, default=10.0,
                   help="regression threshold for --compare, in percent (default 10)")
    p.add_argument("--plot", metavar="FILE.png", default=None,
                   help="draw speed-ups per op and size and GB/s against the bandwidth "
                        "line (needs matplotlib: pip install 'fastact[plot]')")
    return p


def _parse_list(s, conv=str):
    return [conv(t.strip()) for t in str(s).split(",") if t.strip()]


class _Progress:
    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.t0 = time.monotonic()

    def step(self, what):
        self.done += 1
        if self.tty:
            el = time.monotonic() - self.t0
            self.stream.write(f"\r\033[K[{self.done}/{self.total}] {el:5.1f}s {what}")
            self.stream.flush()

    def log(self, msg):
        if self.tty:
            self.stream.write("\r\033[K")
        print(msg, file=self.stream, flush=True)

    def close(self):
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run(args):
    try:
        cases = select_cases(args.ops, grad=args.grad, forward=args.forward)
        dtypes = [np.dtype(d) for d in _parse_list(args.dtype)]
        if any(d not in (np.float32, np.float64) for d in dtypes):
            raise ValueError("--dtype must be float32 and/or float64")
        sizes = [parse_size(s) for s in _parse_list(args.sizes or (
            QUICK_SIZES if args.quick else DEFAULT_SIZES))]
        kinds = _parse_list(args.inputs)
        if any(k not in INPUT_KINDS for k in kinds):
            raise ValueError(f"--inputs: choose from {INPUT_KINDS}")
        cpu = fa.runtime_info()["cpu_limit"]
        threads = [cpu] if args.threads == "all" else _parse_list(args.threads, int)
        if any(t < 1 for t in threads):
            raise ValueError("--threads must be >= 1")
        peers = _parse_list(args.peers)
        if any(p not in PEERS for p in peers):
            raise ValueError(f"--peers: choose from {PEERS}")
        old_doc = None
        if args.compare:
            from fastact import _bench_report
            try:
                old_doc = _bench_report.load(args.compare)
            except (OSError, json.JSONDecodeError) as exc:
                raise ValueError(f"--compare: cannot read {args.compare}: {exc}") from None
        if args.fail_above < 0 or not math.isfinite(args.fail_above):
            raise ValueError("--fail-above must be a percentage >= 0")
        if args.plot:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                raise ValueError("--plot needs matplotlib: pip install 'fastact[plot]'") from None
    except ValueError as exc:
        print(f"fastact bench: error: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print("fastact bench: no cases selected", file=sys.stderr)
        return 2
    budget = Budget(cell_time=args.cell_time or (0.06 if args.quick else 0.25),
                    min_samples=args.min_samples or (5 if args.quick else 7),
                    max_samples=21 if args.quick else 41)

    prog = _Progress(len(dtypes) * len(threads) * len(kinds) * len(sizes) * (len(cases) + 1))
    load_peers(peers, log=prog.log)
    overhead = calibrate_overhead()
    t_start = time.monotonic()
    print(f"fastact {fa.__version__} bench: simd {fa.runtime_info()['simd']}, "
          f"{cpu} CPU(s), peers: " + ", ".join(
              f"{p} {_peer_status[p]}" for p in peers if _peer_status.get(p))
          + f"; harness overhead {overhead['each']:.0f} ns/call (subtracted)", flush=True)
    load = _LOAD_AT_START[0] = _loadavg()
    if load is not None and load > 0.5:
        print(f"note: load average {load:.1f} -- other processes are using the CPUs; "
              "expect noise, and slow threaded calls if they spin OpenMP threads", flush=True)
    all_results, all_refs, saved_threads = [], [], save_threads()
    try:
        for dtype in dtypes:
            for nt in threads:
                _set_threads(nt)
                for kind in kinds:
                    refs, results = {}, []
                    for n in sizes:
                        prog.step(f"{dtype.name} t={nt} {kind}: bandwidth {fmt_size(n)}")
                        refs[n] = bench_membw(n, dtype, args.layout, budget)
                        refs[n].update(threads=nt, inputs=kind)
                    for case in cases:
                        for n in sizes:
                            prog.step(f"{dtype.name} t={nt} {kind}: {case.name} "
                                      f"{fmt_size(n)}")
                            try:
                                r = bench_cell(case, n, dtype, kind, args.layout, budget,
                                               peers, args.seed, log=prog.log,
                                               check=args.check)
                            except Exception as exc:  # noqa: BLE001
                                prog.log(f"error: {case.name} {fmt_size(n)}: "
                                         f"{type(exc).__name__}: {exc}; skipped")
                                continue
                            r["threads"] = nt
                            results.append(r)
                    prog.close()
                    title = (f"\n== {dtype.name}, threads={nt} (NumPy, SciPy: 1), "
                             f"inputs={kind}, layout={args.layout} ==")
                    print(format_table(results, refs, title, args.verbose), flush=True)
                    all_results += results
                    all_refs += refs.values()
    finally:
        prog.close()
        restore_threads(saved_threads)
    elapsed = time.monotonic() - t_start
    print(LEGEND)
    print(f"({len(all_results)} cells in {elapsed:.1f} s)")
    if args.json:
        doc = {"machine": machine_record(),
               "config": {k: v for k, v in vars(args).items() if k != "func"},
               "method": __doc__, "elapsed_s": elapsed,
               "reference_bandwidth": all_refs, "results": all_results}
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
        print(f"wrote {args.json}")
    status = 0
    if args.plot or old_doc is not None:
        from fastact import _bench_report
    if args.plot:
        _bench_report.plot(all_results, all_refs, args.plot,
                           title=f"fastact {fa.__version__} ({fa.runtime_info()['simd']})")
        print(f"wrote {args.plot}")
    if old_doc is not None:
        lines, n_reg, n_cmp = _bench_report.compare(old_doc, all_results, args.fail_above)
        print(f"\n== change of fastact's median vs {args.compare} ==")
        print("\n".join(lines))
        print(f"{n_reg} of {n_cmp} compared cell(s) slower by more than {args.fail_above:g}%")
        if n_reg:
            status = 1
        if n_cmp == 0:
            print("fastact bench: error: no cell of this run is in the --compare file "
                  "(same ops, dtype, sizes, threads, inputs and layout?)", file=sys.stderr)
            status = 2
    return status


def main(argv=None, prog="python -m fastact bench"):
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
