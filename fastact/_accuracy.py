"""``python -m fastact accuracy``: ULP errors of every float32 kernel.

For each function, its gradient (g = 1, from x) and each SIMD level this CPU
supports, the float32 result is compared with fastact's float64 reference
(``fastact.reference``: relative error below 1e-12, i.e. < 2e-5 float32
ULP, so the figures are fastact's own error to 3 digits) over

* a sweep of float32 bit patterns: every ``--stride``-th of the 2^32
  encodings (default 127: 33.8 million values, every binade of both signs,
  subnormals, inf and NaN; the stride is odd so every low-bit pattern of the
  significand occurs), or all 2^32 with ``--exhaustive``;
* the special values (0, -0, +-inf, NaN, the extremes, the subnormals'
  edges, the points where formulas switch branches).

ULP: |y - ref| / ulp(ref) with ulp of ref's float32 binade (2^-149 in the
subnormal range); NaN must match NaN; an infinity must match a reference that
rounds to the same infinity.  "mean" is over the finite references.

The functions along an axis (softmax, log_softmax, softmin, logsumexp,
sparsemax, and the gated glu, geglu, geglu_tanh, swiglu, reglu on the rows'
halves) are measured on random rows of 1024 (entries 3 N(0,1) and, in half
the rows, a few entries 60-100 below the max) against the float64 reference,
with a random g for the gradients.  The softmax-type gradients (vector-
Jacobian products, sums over the row that can cancel to 0) are in ULPs of the
scale of the terms summed: p_i (|g_i| + sum_j |g_j| p_j) for softmax and
softmin, |g_i| + p_i sum_j |g_j| for log_softmax; sparsemax (x_i - tau, which
cancels at the support's edge) in ULPs of |x_i| + |tau|, its gradient
(g_i - mean) of |g_i| + max|g|.

``--peers`` adds the obvious NumPy code and PyTorch (when installed) for the
functions where users would otherwise write them, measured on the same sweep.
"""

import itertools
import json
import sys
import time

import numpy as np

import fastact
from fastact import reference as R

# (label, fastact function, reference function, params)
ELEMENTWISE = [
    ("relu", "relu", {}), ("leaky_relu", "leaky_relu", {}), ("elu", "elu", {}),
    ("selu", "selu", {}), ("gelu", "gelu", {}),
    ("gelu_tanh", "gelu", {"approximate": "tanh"}), ("silu", "silu", {}),
    ("sigmoid", "sigmoid", {}), ("tanh", "tanh", {}), ("softplus", "softplus", {}),
] + [(n, n, {}) for n in (
    "relu6", "hardtanh", "hardsigmoid", "hardswish", "softshrink", "hardshrink",
    "sparse_plus", "sparse_sigmoid", "celu", "log_sigmoid", "softsign", "mish", "tanhshrink",
    "squareplus", "logit")] + [
    ("threshold", "threshold", {"threshold": 0.5, "value": -2.0}),
    ("swish", "silu", {"beta": 1.7}),
    ("prelu", "prelu", {"weight": np.array([0.25])}),
    ("rrelu", "rrelu", {}),
]
# Functions whose exact value is another's: prelu with one slope w and rrelu in
# eval mode are leaky_relu with slope w and (lower + upper)/2.
REF_AS = {"prelu": ("leaky_relu", {"negative_slope": 0.25}),
          "rrelu": ("leaky_relu", {"negative_slope": (1 / 8 + 1 / 3) / 2})}
ROWS = ["softmax", "log_softmax", "softmin", "logsumexp", "sparsemax", "glu", "geglu",
        "geglu_tanh", "swiglu", "reglu"]
ALL_LABELS = [e[0] for e in ELEMENTWISE] + ROWS
BOUNDS = {"forward": 2.0, "grad": 4.0}      # the accuracy contract (issue 2)


def specials():
    fi = np.finfo(np.float32)
    v = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, fi.tiny, -fi.tiny,
         fi.smallest_subnormal, -fi.smallest_subnormal, fi.max, -fi.max, fi.eps,
         -fi.eps, 1e-30, -1e-30, 1e30, -1e30, 20.0, 20.000002, -20.0, 64.0, -64.0,
         64.00001, -64.00001, 88.7, -88.7, 103.9, -103.9, 128.0, -128.0, 128.00002,
         -128.00002, 150.0, -150.0, 200.0, -200.0, 0.7517915, -0.7517915, -1.2784645,
         -5.0, -5.2, -10.0, -13.0, -14.5, -38.0]
    return np.array(v, dtype=np.float32)


def sweep_chunks(stride, chunk=1 << 22):
    """float32 arrays holding every stride-th bit pattern, chunk by chunk."""
    n = (1 << 32) // stride + (1 if (1 << 32) % stride else 0)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        bits = (np.arange(start, stop, dtype=np.uint64) * stride) & 0xFFFFFFFF
        yield bits.astype(np.uint32).view(np.float32)


def ulp_errors(actual, ref):
    """float32 ULP errors of actual against the float64 ref (0 where actual is
    ref correctly rounded: the exact error there is <= 0.5, and only the
    maxima, which are never there, are reported exactly)."""
    with np.errstate(all="ignore"):
        rounded = ref.astype(np.float32)
    same = (actual == rounded) | (np.isnan(actual) & np.isnan(rounded))
    err = np.zeros(actual.shape, dtype=np.float64)
    diff = ~same
    if diff.any():
        err[diff] = R.ulp_error(actual[diff], ref[diff], np.float32)
    return err


class Acc:
    """Running max / mean of ULP errors and the worst input."""

    def __init__(self):
        self.max = 0.0
        self.worst = None
        self.total = 0.0
        self.count = 0

    def add(self, err, x, finite):
        if err.size:
            i = int(np.argmax(err))
            if err[i] > self.max or self.worst is None:
                self.max, self.worst = float(err[i]), float(x[i])
        e = err[finite]
        self.total += float(e.sum())
        self.count += int(e.size)

    def record(self):
        return {"max_ulp": self.max, "mean_ulp": self.total / max(self.count, 1),
                "worst_x": self.worst}


# -- peers: the code users would otherwise write ------------------------------

def _np_peers():
    def sig(x):
        return 1 / (1 + np.exp(-x))

    def erf(x):
        import scipy.special
        return scipy.special.erf(x)

    k = np.float32(np.sqrt(2 / np.pi))
    peers = {
        ("sigmoid", "forward"): sig,
        ("sigmoid", "grad"): lambda x: sig(x) * (1 - sig(x)),
        ("tanh", "forward"): np.tanh,
        ("tanh", "grad"): lambda x: 1 - np.tanh(x) ** 2,
        ("silu", "forward"): lambda x: x * sig(x),
        ("silu", "grad"): lambda x: sig(x) * (1 + x * (1 - sig(x))),
        ("softplus", "forward"): lambda x: np.log1p(np.exp(x)),
        ("gelu_tanh", "forward"):
            lambda x: 0.5 * x * (1 + np.tanh(k * (x + np.float32(0.044715) * x ** 3))),
    }
    try:
        import scipy.special  # noqa: F401
        peers[("gelu", "forward")] = lambda x: 0.5 * x * (1 + erf(x / np.float32(np.sqrt(2))))
    except ImportError:
        pass
    return peers


def _torch_peers():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return {}
    aten = torch.ops.aten

    def t(fn):
        return lambda x: fn(torch.from_numpy(x)).numpy()

    def tg(fn):
        return lambda x: fn(torch.ones_like(torch.from_numpy(x)), torch.from_numpy(x)).numpy()

    return {
        ("sigmoid", "forward"): t(torch.sigmoid),
        ("sigmoid", "grad"): tg(lambda g, x: aten.sigmoid_backward(g, torch.sigmoid(x))),
        ("tanh", "forward"): t(torch.tanh),
        ("tanh", "grad"): tg(lambda g, x: aten.tanh_backward(g, torch.tanh(x))),
        ("silu", "forward"): t(F.silu),
        ("silu", "grad"): tg(aten.silu_backward),
        ("softplus", "forward"): t(F.softplus),
        ("softplus", "grad"): tg(lambda g, x: aten.softplus_backward(g, x, 1.0, 20.0)),
        ("gelu", "forward"): t(F.gelu),
        ("gelu", "grad"): tg(aten.gelu_backward),
        ("gelu_tanh", "forward"): t(lambda x: F.gelu(x, approximate="tanh")),
        ("gelu_tanh", "grad"): tg(lambda g, x: aten.gelu_backward(g, x, approximate="tanh")),
        ("elu", "forward"): t(F.elu),
        ("selu", "forward"): t(F.selu),
    }


# -- measurement ---------------------------------------------------------------

def _fns(label):
    name, params = next((n, p) for lab, n, p in ELEMENTWISE if lab == label)
    fwd, grd = getattr(fastact, name), getattr(fastact, name + "_grad")
    rname, rparams = REF_AS.get(label, (name, params))
    rf, rg = getattr(R, rname), getattr(R, rname + "_grad")
    return (lambda x: fwd(x, **params), lambda g, x: grd(g, x, **params),
            lambda x: rf(x, **rparams), lambda g, x: rg(g, x, **rparams))


def measure_elementwise(labels, kinds, levels, stride, peers, progress=None):
    """{(label, kind, impl): Acc}; impl is a SIMD level or a peer name."""
    accs = {}
    n_values = (1 << 32) // stride + (1 if (1 << 32) % stride else 0)
    n_chunks = -(-n_values // (1 << 22)) + 1
    chunks = itertools.chain(sweep_chunks(stride), [specials()])   # lazily: 16 GiB at stride 1
    for ci, x in enumerate(chunks):
        if progress:
            progress(ci + 1, n_chunks)
        g = np.ones_like(x)
        for label in labels:
            fwd, grd, rf, rg = _fns(label)
            for kind in kinds:
                with np.errstate(all="ignore"):
                    ref = rf(x) if kind == "forward" else rg(g.astype(np.float64),
                                                             x.astype(np.float64))
                ref = np.asarray(ref, dtype=np.float64)
                finite = np.isfinite(ref)
                for level in levels:
                    prev = fastact._core.set_simd(level)
                    try:
                        y = fwd(x) if kind == "forward" else grd(g, x)
                    finally:
                        fastact._core.set_simd(prev)
                    accs.setdefault((label, kind, level), Acc()).add(ulp_errors(y, ref), x, finite)
                for pname, table in peers.items():
                    fn = table.get((label, kind))
                    if fn is None:
                        continue
                    # peers on finite inputs only: several return NaN at +-inf
                    # (x * sigmoid(x) at -inf), which would hide their finite-range
                    # errors behind an infinite maximum
                    fx = np.isfinite(x)
                    with np.errstate(all="ignore"):
                        y = np.asarray(fn(x[fx].copy()), dtype=np.float32)
                    accs.setdefault((label, kind, pname), Acc()).add(
                        ulp_errors(y, ref[fx]), x[fx], finite[fx])
    return accs


def _rows(seed=0, n_rows=2048, n=1024):
    rng = np.random.default_rng(seed)
    x = (3 * rng.standard_normal((n_rows, n))).astype(np.float32)
    far = rng.integers(0, n, size=(n_rows // 2, 8))
    x[np.arange(n_rows // 2)[:, None], far] -= rng.uniform(60, 100, far.shape).astype(np.float32)
    return x


def _row_case(label, kind, x, g):
    """(fastact call, float64 reference, per-element ULP scale or None (plain
    ULPs of the result), the x value reported for each result element)."""
    xd = x.astype(np.float64)
    if label in ("glu", "geglu", "geglu_tanh", "swiglu", "reglu"):
        name = "geglu" if label == "geglu_tanh" else label
        kw = {"approximate": "tanh"} if label == "geglu_tanh" else {}
        b = x[:, x.shape[1] // 2:]
        gh = g[:, :x.shape[1] // 2]
        if kind == "forward":
            return (lambda: getattr(fastact, name)(x, **kw), getattr(R, name)(xd, **kw),
                    None, b)
        return (lambda: getattr(fastact, name + "_grad")(gh, x, **kw),
                getattr(R, name + "_grad")(gh.astype(np.float64), xd, **kw), None,
                np.concatenate([b, b], axis=1))
    if label == "logsumexp":
        if kind == "forward":
            return lambda: fastact.logsumexp(x), R.logsumexp(xd), None, x.max(-1)
        g0 = g[:, 0]
        return (lambda: fastact.logsumexp_grad(g0, x),
                R.logsumexp_grad(g0.astype(np.float64), xd), None, x)
    if label == "sparsemax":
        ref = R.sparsemax(xd)
        if kind == "forward":
            tau = (xd.max(-1) - ref.max(-1))[:, None]
            return (lambda: fastact.sparsemax(x), ref,
                    R.ulp(np.maximum(np.abs(xd) + np.abs(tau), 1e-38), np.float32), x)
        gd = g.astype(np.float64)
        sc = np.abs(gd) + np.abs(gd).max(-1, keepdims=True)
        return (lambda: fastact.sparsemax_grad(g, x), R.sparsemax_grad(gd, xd),
                R.ulp(sc, np.float32), x)
    if kind == "forward":
        return lambda: getattr(fastact, label)(x), getattr(R, label)(xd), None, x
    # a VJP is a sum over the row and can cancel to 0: its error is measured in
    # ULPs of the terms' scale, |g_i| p_i + p_i sum|g_j p_j| (softmax, softmin)
    # or |g_i| + p_i sum|g_j| (log_softmax)
    p = np.asarray(R.softmin(xd) if label == "softmin" else R.softmax(xd), dtype=np.float64)
    ag = np.abs(g.astype(np.float64))
    if label == "log_softmax":
        sc = ag + p * ag.sum(-1, keepdims=True)
    else:
        sc = p * (ag + (ag * p).sum(-1, keepdims=True))
    return (lambda: getattr(fastact, label + "_grad")(g, x),
            getattr(R, label + "_grad")(g, x), R.ulp(np.maximum(sc, 1e-38), np.float32), x)


def measure_rows(labels, kinds, levels):
    accs = {}
    x = _rows()
    g = np.random.default_rng(1).standard_normal(x.shape).astype(np.float32)
    for label in labels:
        for kind in kinds:
            with np.errstate(all="ignore"):
                call, ref, scale, xs = _row_case(label, kind, x, g)
            ref = np.asarray(ref, dtype=np.float64)
            finite = np.isfinite(ref).reshape(-1)
            xs = np.asarray(xs).reshape(-1)
            for level in levels:
                prev = fastact._core.set_simd(level)
                try:
                    y = np.asarray(call())
                finally:
                    fastact._core.set_simd(prev)
                if scale is None:
                    err = ulp_errors(y.reshape(-1), ref.reshape(-1))
                else:
                    err = (np.abs(y.astype(np.float64) - ref) / scale).reshape(-1)
                accs.setdefault((label, kind, level), Acc()).add(err, xs, finite)
    return accs


# -- CLI -------------------------------------------------------------------------

def add_arguments(p):
    p.add_argument("--ops", default=",".join(ALL_LABELS),
                   help="comma-separated functions (default: all): " + ", ".join(ALL_LABELS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--grad", dest="grad", action="store_true", default=True,
                   help="include gradients (default)")
    g.add_argument("--no-grad", dest="grad", action="store_false", help="forwards only")
    p.add_argument("--simd", default="all",
                   help="comma-separated SIMD levels, or 'all' supported (default)")
    p.add_argument("--stride", type=int, default=127,
                   help="check every STRIDE-th float32 bit pattern (odd; default 127: "
                        "33.8 million values)")
    p.add_argument("--exhaustive", action="store_true",
                   help="all 2^32 float32 inputs (about 10 minutes per function and level)")
    p.add_argument("--peers", action="store_true",
                   help="also measure NumPy's obvious code and PyTorch (when installed)")
    p.add_argument("--json", metavar="FILE", help="write the results as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress line")


def _cell(mx, mean):
    def f(v):
        return f"{v:.3f}" if v < 1000 else f"{v:.1e}"
    return f"{f(mx)} ({f(mean)})"


def _parse_list(s, allowed, what):
    items = [t.strip() for t in s.split(",") if t.strip()]
    bad = [t for t in items if t not in allowed]
    if bad:
        raise SystemExit(f"fastact accuracy: unknown {what} {', '.join(bad)} "
                         f"(choose from {', '.join(allowed)})")
    return items


def run(args):
    labels = _parse_list(args.ops, ALL_LABELS, "function")
    supported = fastact.runtime_info()["simd_supported"]
    levels = supported if args.simd == "all" else _parse_list(args.simd, supported, "SIMD level")
    kinds = ["forward", "grad"] if args.grad else ["forward"]
    stride = 1 if args.exhaustive else args.stride
    if stride < 1 or (stride > 1 and stride % 2 == 0):
        raise SystemExit("fastact accuracy: --stride must be 1 or an odd number")
    peers = {}
    if args.peers:
        peers["numpy"] = _np_peers()
        tp = _torch_peers()
        if tp:
            peers["torch"] = tp
        else:
            print("torch not installed: skipped")
    t0 = time.perf_counter()

    def progress(i, n):
        if not args.quiet and sys.stderr.isatty():
            print(f"\r  sweep chunk {i}/{n}", end="" if i < n else "\n", file=sys.stderr)

    ew = [lab for lab in labels if lab not in ROWS]
    accs = measure_elementwise(ew, kinds, levels, stride, peers, progress)
    accs.update(measure_rows([lab for lab in labels if lab in ROWS], kinds, levels))
    n_values = (1 << 32) // stride + (1 if (1 << 32) % stride else 0)
    elapsed = time.perf_counter() - t0

    impls = list(levels) + list(peers)
    print(f"fastact {fastact.__version__} float32 accuracy: max (mean) ULP vs the float64 "
          f"reference; {n_values:,} swept inputs + specials; rows: 2048 x 1024 (gated: "
          f"halves of 512)")
    head = f"{'function':<22}" + "".join(f"{i:>18}" for i in impls) + "   bound"
    print(head)
    print("-" * len(head))
    worst_ok = True
    for label in labels:
        for kind in kinds:
            name = label if kind == "forward" else label + "_grad"
            cells = []
            for impl in impls:
                a = accs.get((label, kind, impl))
                cells.append("—" if a is None else _cell(a.max, a.total / max(a.count, 1)))
                if a is not None and impl in levels and not a.max <= BOUNDS[kind]:
                    worst_ok = False
            print(f"{name:<22}" + "".join(f"{c:>18}" for c in cells) + f"   {BOUNDS[kind]:g}")
    print(f"({elapsed:.0f} s; bounds: forward {BOUNDS['forward']:g}, gradient "
          f"{BOUNDS['grad']:g} ULP" + ("; peers measured on finite inputs: their obvious "
                                       "formulas give NaN at some infinities)" if peers
                                       else ")"))
    if args.json:
        rec = {"version": fastact.__version__, "runtime": fastact.runtime_info(),
               "stride": stride, "n_swept": n_values, "seconds": elapsed,
               "results": [{"function": lab, "kind": kind, "impl": impl, **a.record()}
                           for (lab, kind, impl), a in accs.items()]}
        with open(args.json, "w") as f:
            json.dump(rec, f, indent=1, default=str)
    return 0 if worst_ok else 1
