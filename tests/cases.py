"""The ops under test, their parameter sets, and input generators.

Shared by the test modules (not a test module itself)."""

import numpy as np

import fastact
from fastact import reference as R

SIMD_LEVELS = list(fastact.runtime_info()["simd_supported"])
BEST_LEVEL = fastact.runtime_info()["simd"]


class Op:
    """One elementwise op with fixed parameters: fastact and reference sides."""

    def __init__(self, name, params=None, label=None):
        self.name = name
        self.params = dict(params or {})
        self.label = label or name + "".join(f"-{k}={v}" for k, v in self.params.items())
        self.has_from_output = name in R.FROM_OUTPUT
        if name == "leaky_relu" and self.params.get("negative_slope", 0.01) < 0:
            self.has_from_output = False
        if name in ("elu", "celu") and self.params.get("alpha", 1.0) < 0:
            self.has_from_output = False
        p = self.params
        # where f or f' is not smooth (finite-difference tests keep away)
        lam = p.get("lambd", 0.5)
        self.kinks = {
            "relu": [0.0], "leaky_relu": [0.0], "elu": [0.0], "selu": [0.0], "relu6": [0.0, 6.0],
            "hardtanh": [p.get("min_val", -1.0), p.get("max_val", 1.0)],
            "threshold": [p.get("threshold", 0.0)], "hardsigmoid": [-3.0, 3.0],
            "hardswish": [-3.0, 3.0], "softshrink": [-lam, lam], "hardshrink": [-lam, lam],
            "sparse_plus": [-1.0, 1.0], "sparse_sigmoid": [-1.0, 1.0], "celu": [0.0],
            "logit": [0.0, 1.0, p.get("eps") or 0.0, 1 - (p.get("eps") or 0.0)],
        }.get(name, [])
        # inputs where f is real (NaN outside, by definition)
        self.domain = (0.0, 1.0) if name == "logit" else (-np.inf, np.inf)
        # key for the reference's Taylor windows / names
        self.key = "gelu_tanh" if self.params.get("approximate") == "tanh" else name

    def __repr__(self):
        return self.label

    # fastact
    def f(self, x, **kw):
        return getattr(fastact, self.name)(x, **self.params, **kw)

    def grad(self, g, x, **kw):
        return getattr(fastact, self.name + "_grad")(g, x, **self.params, **kw)

    # reference, float64 (checks float32)
    def ref(self, x):
        return getattr(R, self.name)(x, **self.params)

    def ref_grad(self, g, x):
        return getattr(R, self.name + "_grad")(g, x, **self.params)

    def ref_grad_y(self, g, y):
        return getattr(R, self.name + "_grad_from_output")(g, y, **self.params)

    # reference, long double / mpmath (checks float64)
    def hp(self, x):
        return getattr(R, self.name + "_hp")(x, **self.params)

    def hp_grad(self, g, x):
        return getattr(R, self.name + "_grad_hp")(g, x, **self.params)

    def hp_grad_y(self, g, y):
        return getattr(R, self.name + "_grad_from_output_hp")(g, y, **self.params)

    def mp(self, x):
        return getattr(R, self.name + "_mp")(x, **self.params)

    def mp_grad(self, g, x):
        return getattr(R, self.name + "_grad_mp")(g, x, **self.params)

    def cond(self, x):
        return getattr(R, self.name + "_cond")(x, **self.params)

    def grad_cond(self, x):
        return getattr(R, self.name + "_grad_cond")(x, **self.params)

    @property
    def uses_mpmath_hp(self):
        """The float64 reference is mpmath per element (slow): sample less."""
        return self.name == "gelu" and self.params.get("approximate", "none") == "none"


# One case per elementwise function with default parameters.
DEFAULT_OPS = [
    Op("relu"), Op("leaky_relu"), Op("elu"), Op("selu"),
    Op("gelu", {}, "gelu"), Op("gelu", {"approximate": "tanh"}, "gelu_tanh"),
    Op("silu"), Op("sigmoid"), Op("tanh"), Op("softplus"),
] + [Op(n) for n in ("relu6", "hardtanh", "hardsigmoid", "hardswish", "softshrink",
                     "hardshrink", "sparse_plus", "sparse_sigmoid", "celu", "log_sigmoid",
                     "softsign", "mish", "tanhshrink", "squareplus", "logit")] + [
    Op("threshold", {"threshold": 0.5, "value": -2.0}, "threshold"),
]
# Non-default parameters.  softplus betas include a non-dyadic one (0.3):
# the exact math uses beta as given (a float64), so rounding beta to float32
# inside a float32 kernel is an error the tests may catch.
PARAM_OPS = [
    Op("leaky_relu", {"negative_slope": 0.2}),
    Op("leaky_relu", {"negative_slope": 0.0}),
    Op("leaky_relu", {"negative_slope": -0.5}),
    Op("leaky_relu", {"negative_slope": 3.0}),
    Op("elu", {"alpha": 0.5}),
    Op("elu", {"alpha": 2.3}),
    Op("elu", {"alpha": 0.0}),
    Op("elu", {"alpha": -0.7}),
    Op("softplus", {"beta": 2.0}),
    Op("softplus", {"beta": 0.3}),
    Op("softplus", {"beta": 1.0, "threshold": 5.0}),
    Op("softplus", {"beta": 4.0, "threshold": 1.5}),
    Op("silu", {"beta": 1.7}),
    Op("silu", {"beta": 0.3}),
    Op("hardtanh", {"min_val": -2.0, "max_val": 3.5}),
    Op("threshold", {"threshold": -1.25, "value": 7.0}),
    Op("celu", {"alpha": 0.5}),
    Op("celu", {"alpha": 2.3}),
    Op("celu", {"alpha": -0.7}),
    Op("softshrink", {"lambd": 0.0}),
    Op("softshrink", {"lambd": 1.7}),
    Op("hardshrink", {"lambd": 1.7}),
    Op("squareplus", {"b": 0.0}),
    Op("squareplus", {"b": 0.3}),
    Op("logit", {"eps": 1e-6}),
]
# Functions without defaults for every parameter: what call() passes them.
REQUIRED = {"threshold": {"threshold": 0.5, "value": -2.0}, "threshold_grad": {"threshold": 0.5}}
ALL_OPS = DEFAULT_OPS + PARAM_OPS
FROM_OUTPUT_OPS = [op for op in ALL_OPS if op.has_from_output]
NO_FROM_OUTPUT_NAMES = ["gelu", "silu", "softplus", "threshold", "hardswish", "sparse_plus",
                        "log_sigmoid", "softsign", "mish", "tanhshrink", "squareplus", "logit"]

ROW_NAMES = ["softmax", "log_softmax", "softmin", "sparsemax"]
FORWARD_NAMES = [op.name for op in DEFAULT_OPS if op.label != "gelu_tanh"] + ROW_NAMES
GRAD_NAMES = [n + "_grad" for n in FORWARD_NAMES]
ALL_NAMES = FORWARD_NAMES + GRAD_NAMES


def call(name, *args, **kw):
    """fastact.<name>(*args): forwards take (x,), gradients take (g, x)."""
    return getattr(fastact, name)(*args, **{**REQUIRED.get(name, {}), **kw})


def is_grad(name):
    return name.endswith("_grad")


def is_row(name):
    """A function along an axis (softmax family, softmin, sparsemax, and their
    gradients): takes axis=, has no axis on 0-d input."""
    return name.removesuffix("_grad") in ROW_NAMES


def sample_args(name, shape=(5, 7), dtype=np.float32, seed=0):
    """Typical finite arguments for fastact.<name> (forward: (x,), grad: (g, x))."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    if is_grad(name):
        g = rng.standard_normal(shape).astype(dtype)
        return (g, x)
    return (x,)


# ---------------------------------------------------------------------------
# float32 input generators
# ---------------------------------------------------------------------------
def f32_from_bits(bits):
    return np.asarray(bits, dtype=np.uint32).view(np.float32)


def f32_range(lo, hi, max_count=None, step=None):
    """Every float32 in [lo, hi] (lo <= hi), or every step-th, or evenly
    every k-th so that at most max_count remain."""
    lo, hi = np.float32(lo), np.float32(hi)
    assert lo <= hi

    def key(v):          # monotone integer key of a float32
        b = np.array(v, dtype=np.float32).view(np.int32).astype(np.int64)
        return np.where(b < 0, -(b & 0x7FFFFFFF), b)

    k0, k1 = int(key(lo)), int(key(hi))
    if step is None:
        step = 1 if max_count is None else max(1, -(-(k1 - k0 + 1) // max_count))
    keys = np.arange(k0, k1 + 1, step, dtype=np.int64)
    bits = np.where(keys < 0, (-keys) | 0x80000000, keys).astype(np.uint32)
    return bits.view(np.float32)


def f32_specials():
    fi = np.finfo(np.float32)
    vals = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0,
            fi.tiny, -fi.tiny, fi.smallest_subnormal, -fi.smallest_subnormal,
            fi.max, -fi.max, fi.eps, -fi.eps, 1e-30, -1e-30, 1e30, -1e30,
            88.0, 88.7, 89.0, -87.0, -88.7, -103.0, -104.0, -105.0, 9.0, -9.0,
            15.0, 16.0, 17.0, 18.0, 20.0, 20.000002, 19.999998, 30.0, -30.0,
            100.0, -100.0, 1e5, -1e5, 3e38, -3e38, 0.7517915, -0.7517915,
            -1.2784645, 5.0, -5.0, 10.0, -10.0, -13.0, -14.0, -14.5, -20.0, -38.0]
    return np.array(vals, dtype=np.float32)


def f32_subnormals(count=1 << 18):
    """A dense sample of float32 subnormals of both signs (incl. extremes)."""
    bits = np.linspace(1, 0x7FFFFF, count).astype(np.uint32)
    pos = bits.view(np.float32)
    return np.concatenate([pos, -pos])


def f64_specials():
    fi = np.finfo(np.float64)
    vals = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, fi.tiny, -fi.tiny,
            fi.smallest_subnormal, -fi.smallest_subnormal, fi.max, -fi.max,
            1e-300, -1e-300, 1e300, -1e300, 710.0, -710.0, -745.0, -746.0,
            36.0, 37.0, 38.0, -38.0, -40.0, 20.0, -20.0, 1e-8, -1e-8]
    return np.array(vals, dtype=np.float64)
