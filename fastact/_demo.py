"""``python -m fastact demo``: small multilayer perceptrons trained in NumPy.

Everything is float32 NumPy: the matmuls are NumPy's (BLAS), every activation
and its gradient is fastact's, and the loss is softmax cross-entropy from
fastact's log_softmax / log_softmax_grad.  The data is a generated two-class
set in the plane (two interleaved spirals, or concentric rings); the demo runs
four experiments:

1. accuracy: the same small net with no activation (identity: a linear model,
   which cannot separate the classes) and with relu, leaky_relu, elu, gelu,
   silu, tanh and sigmoid;
2. vanishing gradients: a deep net (12 hidden layers, plain SGD with
   momentum), the gradient norm of every layer's weights at initialisation and
   after training, per activation;
3. dying relu: the fraction of hidden units that never activate on any training
   input after a phase at a high learning rate and after a recovery phase at a
   normal one, relu against leaky_relu and prelu (with the learned slopes);
4. speed: wall time of the same training loop with fastact's kernels (on its
   default threads and on one) and with NumPy's obvious activations.

Hidden layers use fastact's fused bias: ``fa.relu(h @ W, bias=b, out=...)``
forward, ``fa.relu_grad(g, a, from_output=True, bias=b)`` -> (dz, db) back.
Deterministic for a given --seed (the timings of experiment 4 aside).
"""

import math
import sys
import time
import zlib
import contextlib
from dataclasses import dataclass, replace

import numpy as np

import fastact as fa
from fastact._bench import _Progress

F32 = np.float32
EXPERIMENTS = (1, 2, 3, 4)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def two_spirals(n, rng, noise=0.04, turns=2):
    """n points per class on two interleaved spiral arms (class 1 is class 0
    turned by 180 degrees), radius growing from 0.1 to 1 over `turns` turns."""
    # angles uniform over whole turns: then every line through the plane has,
    # in expectation, as many points of each class on either side, so the
    # best linear classifier is at chance (0.5) -- with the usual sqrt(uniform)
    # radii the dense outer turn gives it ~0.65
    t = rng.uniform(0.0, 1.0, n)
    angle = t * turns * 2 * np.pi
    r = 0.1 + 0.9 * t
    arm = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    x = np.concatenate([arm, -arm]) + noise * rng.standard_normal((2 * n, 2))
    return x.astype(F32), np.repeat(np.arange(2), n)


def rings(n, rng, noise=0.08):
    """n points per class on two concentric rings (radius 0.5 and 1)."""
    t = rng.uniform(0.0, 2 * np.pi, 2 * n)
    r = np.repeat([0.5, 1.0], n) + noise * rng.standard_normal(2 * n)
    x = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    return x.astype(F32), np.repeat(np.arange(2), n)


DATASETS = {"spirals": two_spirals, "rings": rings}


def make_data(name, n_train, n_test, rng):
    """(x_train, y_train, x_test, y_test); the test set is drawn separately."""
    make = DATASETS[name]
    return (*make(n_train, rng), *make(n_test, rng))


# ---------------------------------------------------------------------------
# Activations: fastact's kernels and NumPy's obvious code behind one interface
# ---------------------------------------------------------------------------
#
# A hidden layer computes z = h @ W (pre-bias), then a = act(z + b).
# forward(z, layer) -> (saved, a); backward(g, saved, a, layer) -> (dz, grads)
# where g = dL/da, dz = dL/dz and grads holds dL/db (and the gradient of any
# parameter the activation owns, such as prelu's slopes).  Both may overwrite
# z and g: the training loop does not need them afterwards.

# init gains as torch.nn.init.calculate_gain's (weights ~ N(0, gain^2 / fan_in));
# elu, gelu and silu, which have none there, take relu's
GAIN_RELU = math.sqrt(2.0)


class Activation:
    """No activation (identity): the base class, a linear layer z + b."""

    name = "identity"
    gain = 1.0

    def init_params(self, width):
        """Parameters the activation owns in a layer of `width` units."""
        return {}

    def forward(self, z, layer):
        np.add(z, layer["b"], out=z)
        return None, z

    def backward(self, g, saved, a, layer):
        return g, {"b": g.sum(axis=0)}


class FastactAct(Activation):
    """fastact forward f and gradient f_grad, with the bias fused in: f(z,
    bias=b) is f(z + b) in one pass, and f_grad(..., bias=b) returns dL/db
    along with dL/dz.  When the gradient can be taken from the output
    (from_output=True), the forward runs in place on z and only the output is
    kept: one buffer per layer."""

    def __init__(self, name, f, f_grad, gain, from_output=False, **params):
        self.name, self.f, self.f_grad, self.gain = name, f, f_grad, gain
        self.from_output, self.params = from_output, params

    def forward(self, z, layer):
        if self.from_output:
            return None, self.f(z, bias=layer["b"], out=z, **self.params)
        return z, self.f(z, bias=layer["b"], **self.params)

    def backward(self, g, saved, a, layer):
        if self.from_output:
            dz, db = self.f_grad(g, a, from_output=True, bias=layer["b"], out=g, **self.params)
        else:
            dz, db = self.f_grad(g, saved, bias=layer["b"], out=g, **self.params)
        return dz, {"b": db}


class NumpyAct(Activation):
    """The same activation written the obvious way in NumPy: f(x) -> y and
    f_grad(g, x, y) -> g * f'(x)."""

    def __init__(self, name, f, f_grad, gain):
        self.name, self.f, self.f_grad, self.gain = name, f, f_grad, gain

    def forward(self, z, layer):
        z += layer["b"]
        return z, self.f(z)

    def backward(self, g, saved, a, layer):
        dz = self.f_grad(g, saved, a)
        return dz, {"b": dz.sum(axis=0)}


class PRelu(Activation):
    """prelu: x if x > 0 else a_c * x with one learned slope a_c per unit
    (torch.nn.PReLU(num_parameters=width), slopes initialised to 0.25)."""

    name = "prelu"
    gain = GAIN_RELU

    def init_params(self, width):
        return {"slope": np.full(width, 0.25, dtype=F32)}

    def forward(self, z, layer):
        return z, fa.prelu(z, layer["slope"], axis=1, bias=layer["b"])

    def backward(self, g, saved, a, layer):
        dz, dslope, db = fa.prelu_grad(g, saved, layer["slope"], axis=1, param_grads=True,
                                       bias=layer["b"], out=g)
        return dz, {"b": db, "slope": dslope}


def fastact_activations():
    """name -> Activation with fastact's kernels."""
    acts = [
        Activation(),
        FastactAct("relu", fa.relu, fa.relu_grad, GAIN_RELU, from_output=True),
        FastactAct("leaky_relu", fa.leaky_relu, fa.leaky_relu_grad,
                   math.sqrt(2.0 / (1 + 0.01 ** 2)), from_output=True, negative_slope=0.01),
        FastactAct("elu", fa.elu, fa.elu_grad, GAIN_RELU, from_output=True, alpha=1.0),
        FastactAct("gelu", fa.gelu, fa.gelu_grad, GAIN_RELU),
        FastactAct("gelu_tanh", fa.gelu, fa.gelu_grad, GAIN_RELU, approximate="tanh"),
        FastactAct("silu", fa.silu, fa.silu_grad, GAIN_RELU),
        FastactAct("tanh", fa.tanh, fa.tanh_grad, 5.0 / 3.0, from_output=True),
        FastactAct("sigmoid", fa.sigmoid, fa.sigmoid_grad, 1.0, from_output=True),
        PRelu(),
    ]
    return {a.name: a for a in acts}


_GELU_C = math.sqrt(2.0 / math.pi)


# x * x * x rather than x ** 3: NumPy evaluates a float32 power with powf,
# ~100x slower than two multiplies, and the comparison would be unfair
def _np_gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(_GELU_C * (x + 0.044715 * x * x * x)))


def _np_gelu_tanh_grad(g, x, y):
    t = np.tanh(_GELU_C * (x + 0.044715 * x * x * x))
    return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _GELU_C * (1 + 3 * 0.044715 * x * x))


def _np_silu_grad(g, x, y):
    s = 1 / (1 + np.exp(-x))
    return g * s * (1 + x * (1 - s))


def numpy_activations():
    """name -> Activation written the obvious way in NumPy (experiment 4).
    NumPy has no erf, so gelu is its tanh form (compared with fastact's
    gelu(approximate="tanh"), the same function)."""
    acts = [
        NumpyAct("relu", lambda x: np.maximum(x, 0), lambda g, x, y: g * (x > 0), GAIN_RELU),
        NumpyAct("elu", lambda x: np.where(x > 0, x, np.exp(x) - 1),
                 lambda g, x, y: g * np.where(x > 0, 1, np.exp(x)), GAIN_RELU),
        NumpyAct("gelu_tanh", _np_gelu_tanh, _np_gelu_tanh_grad, GAIN_RELU),
        NumpyAct("silu", lambda x: x / (1 + np.exp(-x)), _np_silu_grad, GAIN_RELU),
        NumpyAct("tanh", np.tanh, lambda g, x, y: g * (1 - y * y), 5.0 / 3.0),
        NumpyAct("sigmoid", lambda x: 1 / (1 + np.exp(-x)), lambda g, x, y: g * y * (1 - y),
                 1.0),
    ]
    return {a.name: a for a in acts}


# ---------------------------------------------------------------------------
# The network: a list of layers {"W": (fan_in, fan_out), "b": (fan_out,), ...}
# ---------------------------------------------------------------------------

def init_mlp(sizes, act, rng):
    """Weights ~ N(0, gain^2 / fan_in) with the activation's gain (He init for
    the relu family, torch's 5/3 for tanh, 1 for sigmoid and identity);
    biases 0.  The output layer is linear (gain 1)."""
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        hidden = i < len(sizes) - 2
        std = (act.gain if hidden else 1.0) / math.sqrt(n_in)
        layer = {"W": (std * rng.standard_normal((n_in, n_out))).astype(F32),
                 "b": np.zeros(n_out, dtype=F32)}
        if hidden:
            layer.update(act.init_params(n_out))
        layers.append(layer)
    return layers


def forward(layers, act, x):
    """Logits, and what the backward pass needs per layer: (input, saved, output)."""
    tape, h = [], x
    for layer in layers[:-1]:
        saved, a = act.forward(h @ layer["W"], layer)
        tape.append((h, saved, a))
        h = a
    logits = h @ layers[-1]["W"]
    logits += layers[-1]["b"]
    tape.append((h, None, None))
    return logits, tape


def backward(layers, act, tape, dlogits):
    """Gradients of every layer's parameters, in the layout of `layers`."""
    grads = [None] * len(layers)
    h, _, _ = tape[-1]
    grads[-1] = {"W": h.T @ dlogits, "b": dlogits.sum(axis=0)}
    g = dlogits @ layers[-1]["W"].T
    for i in range(len(layers) - 2, -1, -1):
        h, saved, a = tape[i]
        dz, gi = act.backward(g, saved, a, layers[i])
        gi["W"] = h.T @ dz
        grads[i] = gi
        if i:
            g = dz @ layers[i]["W"].T
    return grads


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy and its gradient with respect to the logits, from
    fastact's log_softmax (in place on the logits) and its VJP from the output."""
    n = len(labels)
    rows = np.arange(n)
    logp = fa.log_softmax(logits, axis=-1, out=logits)
    loss = -float(logp[rows, labels].astype(np.float64).mean())
    g = np.zeros_like(logp)
    g[rows, labels] = -1.0 / n
    return loss, fa.log_softmax_grad(g, logp, axis=-1, from_output=True, out=g)


def predict(layers, act, x):
    logits, _ = forward(layers, act, x)
    return logits.argmax(axis=1)


def accuracy(layers, act, x, y):
    return float((predict(layers, act, x) == y).mean())


class Adam:
    """Adam (Kingma & Ba) in place on float32 parameters."""

    def __init__(self, layers, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps, self.t = lr, beta1, beta2, eps, 0
        self.m = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in layers]
        self.v = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in layers]

    def step(self, layers, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        lr = self.lr * math.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for layer, grad, m, v in zip(layers, grads, self.m, self.v):
            for k, g in grad.items():
                m[k] *= b1
                m[k] += (1 - b1) * g
                v[k] *= b2
                v[k] += (1 - b2) * g * g
                layer[k] -= lr * m[k] / (np.sqrt(v[k]) + self.eps)


class SGD:
    """Gradient descent with heavy-ball momentum, in place (full-batch here)."""

    def __init__(self, layers, lr, momentum=0.0):
        self.lr, self.momentum = lr, momentum
        self.vel = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in layers]

    def step(self, layers, grads):
        for layer, grad, vel in zip(layers, grads, self.vel):
            for k, g in grad.items():
                vel[k] *= self.momentum
                vel[k] += g
                layer[k] -= self.lr * vel[k]


def train(layers, act, x, y, steps, opt, progress=None):
    """Full-batch training; returns the loss after every step."""
    losses = []
    # float32 gradients of saturated units underflow to 0 (harmless), and
    # NumPy's obvious sigmoid/elu/silu overflow exp(-x) to inf on their way to
    # the right limit; neither is an error here (a diverging run shows as a
    # NaN loss in the report)
    with np.errstate(under="ignore", over="ignore"):
        for step in range(steps):
            logits, tape = forward(layers, act, x)
            loss, dlogits = softmax_cross_entropy(logits, y)
            opt.step(layers, backward(layers, act, tape, dlogits))
            losses.append(loss)
            if progress is not None:
                progress(step + 1, steps, loss)
    return losses


def grad_norms(layers, act, x, y):
    """Frobenius norm of dL/dW for every layer (first to last)."""
    logits, tape = forward(layers, act, x)
    _, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(layers, act, tape, dlogits)
    return [float(np.linalg.norm(g["W"].astype(np.float64))) for g in grads]


# ---------------------------------------------------------------------------
# Configuration and progress
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    seed: int = 0
    dataset: str = "spirals"
    n_train: int = 500            # points per class
    n_test: int = 500
    # 1: accuracy
    acc_hidden: tuple = (64, 64, 64)
    acc_steps: int = 1000
    acc_lr: float = 0.01
    acc_acts: tuple = ("identity", "relu", "leaky_relu", "elu", "gelu", "silu", "tanh",
                       "sigmoid")
    # 2: vanishing gradients (plain SGD: Adam rescales every gradient, which
    # would hide how small it is)
    deep_width: int = 32
    deep_depth: int = 12
    deep_steps: int = 1000
    deep_lr: float = 0.01
    deep_momentum: float = 0.9
    deep_acts: tuple = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
    # 3: dying relu: Adam at 30x experiment 1's learning rate, then at acc_lr
    dying_hidden: tuple = (64, 64)
    dying_lr: float = 0.3
    dying_steps: int = 100
    dying_recover_steps: int = 500
    dying_acts: tuple = ("relu", "leaky_relu", "prelu")
    # 4: speed
    speed_hidden: tuple = (256, 256, 256)
    speed_batch: int = 1024
    speed_steps: int = 20
    speed_reps: int = 3
    speed_acts: tuple = ("relu", "elu", "gelu_tanh", "silu", "tanh", "sigmoid")


QUICK = dict(n_train=200, n_test=200, acc_steps=600, deep_steps=300, dying_recover_steps=200,
             speed_hidden=(64, 64), speed_batch=256, speed_steps=5, speed_reps=1,
             deep_acts=("sigmoid", "tanh", "relu"),
             speed_acts=("relu", "gelu_tanh"))


def config(seed=0, quick=False, **overrides):
    c = Config(seed=seed)
    if quick:
        c = replace(c, **QUICK)
    return replace(c, **overrides)


class _Bar(_Progress):
    """A progress bar per model, on the bench's progress line (stderr, only
    when it is a terminal)."""

    def __init__(self, enabled=True):
        super().__init__(0)
        self.tty = self.tty and enabled
        self.label = ""

    def start(self, label):
        self.label, self.t0 = label, time.monotonic()
        return self.update

    def update(self, done, total, loss):
        if not self.tty or (done != total and done % max(total // 50, 1)):
            return
        n = 30 * done // total
        self.stream.write(f"\r\033[K{self.label:<34} [{'#' * n}{'.' * (30 - n)}] "
                          f"{done}/{total} loss {loss:.4f} {time.monotonic() - self.t0:5.1f}s")
        self.stream.flush()


# ---------------------------------------------------------------------------
# The experiments: each returns a dict of plain numbers (JSON-able)
# ---------------------------------------------------------------------------

def _rng(cfg, *salt):
    """A generator per (seed, experiment, model): results do not depend on
    which other experiments or models run.  Names salt as their CRC-32."""
    return np.random.default_rng(
        [cfg.seed, *(zlib.crc32(s.encode()) if isinstance(s, str) else s for s in salt)])


def _data(cfg):
    return make_data(cfg.dataset, cfg.n_train, cfg.n_test, _rng(cfg, 0))


def exp_accuracy(cfg, acts, bar):
    xtr, ytr, xte, yte = _data(cfg)
    out, models = {}, {}
    for name in cfg.acc_acts:
        act = acts[name]
        layers = init_mlp((2, *cfg.acc_hidden, 2), act, _rng(cfg, 1, name))
        losses = train(layers, act, xtr, ytr, cfg.acc_steps, Adam(layers, cfg.acc_lr),
                       bar.start(f"1 accuracy: {name}"))
        out[name] = {"train_acc": accuracy(layers, act, xtr, ytr),
                     "test_acc": accuracy(layers, act, xte, yte),
                     "final_loss": losses[-1]}
        models[name] = layers
    return out, models


def exp_gradients(cfg, acts, bar):
    xtr, ytr, xte, yte = _data(cfg)
    out = {}
    for name in cfg.deep_acts:
        act = acts[name]
        layers = init_mlp((2, *[cfg.deep_width] * cfg.deep_depth, 2), act, _rng(cfg, 2, name))
        init = grad_norms(layers, act, xtr, ytr)
        opt = SGD(layers, cfg.deep_lr, cfg.deep_momentum)
        losses = train(layers, act, xtr, ytr, cfg.deep_steps, opt,
                       bar.start(f"2 gradients: {name}"))
        out[name] = {"init": init, "trained": grad_norms(layers, act, xtr, ytr),
                     "test_acc": accuracy(layers, act, xte, yte), "final_loss": losses[-1]}
    return out


def dead_fractions(layers, act, x):
    """Per hidden layer, the fraction of units whose pre-activation is <= 0 for
    every input of x: units that never activate (for relu: that never pass a
    gradient again)."""
    fracs, h = [], x
    for layer in layers[:-1]:
        z = h @ layer["W"] + layer["b"]
        fracs.append(float((z <= 0).all(axis=0).mean()))
        _, h = act.forward(h @ layer["W"], layer)
    return fracs


def exp_dying(cfg, acts, bar):
    """A phase at a high learning rate (which pushes units into the region
    where relu is 0 for every input), then a phase at a normal one: dead relu
    units get no gradient and stay dead, leaky_relu/prelu units still get
    slope * gradient and can come back."""
    xtr, ytr, xte, yte = _data(cfg)
    out = {}
    for name in cfg.dying_acts:
        act = acts[name]
        # the same initial weights for every activation: only the activation differs
        layers = init_mlp((2, *cfg.dying_hidden, 2), acts["relu"], _rng(cfg, 3))
        for layer in layers[:-1]:
            layer.update(act.init_params(layer["b"].size))
        opt = Adam(layers, cfg.dying_lr)
        train(layers, act, xtr, ytr, cfg.dying_steps, opt, bar.start(f"3 dying relu: {name}"))
        dead_high = dead_fractions(layers, act, xtr)
        opt.lr = cfg.acc_lr
        losses = train(layers, act, xtr, ytr, cfg.dying_recover_steps, opt,
                       bar.start(f"3 dying relu: {name}, lr {cfg.acc_lr}"))
        r = {"dead_high_lr": dead_high, "dead": dead_fractions(layers, act, xtr),
             "test_acc": accuracy(layers, act, xte, yte), "final_loss": losses[-1]}
        if "slope" in layers[0]:
            r["slopes"] = [[float(layer["slope"].min()), float(layer["slope"].mean()),
                            float(layer["slope"].max())] for layer in layers[:-1]]
        out[name] = r
    return out


SPEED_VARIANTS = ("fastact", "fastact_1thread", "numpy")


def exp_speed(cfg, bar):
    """Median wall time of the same training run with fastact's kernels (on
    its default threads, and on one) and with NumPy's obvious activations,
    timed interleaved (round-robin, a different variant first each round) so
    that all see the same machine load."""
    rng = _rng(cfg, 4)
    x = rng.standard_normal((cfg.speed_batch, 2)).astype(F32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.intp)      # XOR of the signs
    fast, slow = fastact_activations(), numpy_activations()
    out = {}
    for name in cfg.speed_acts:
        acts = {"fastact": fast[name], "fastact_1thread": fast[name], "numpy": slow[name]}
        times = {v: [] for v in SPEED_VARIANTS}
        losses = {}
        for rep in range(cfg.speed_reps):
            k = rep % len(SPEED_VARIANTS)
            for v in SPEED_VARIANTS[k:] + SPEED_VARIANTS[:k]:
                act = acts[v]
                layers = init_mlp((2, *cfg.speed_hidden, 2), act, _rng(cfg, 4, 1))
                opt = Adam(layers, 1e-3)
                label = f"4 speed: {name} {v} {rep + 1}/{cfg.speed_reps}"
                threads = fa.num_threads(1) if v == "fastact_1thread" else contextlib.nullcontext()
                with threads:
                    t0 = time.perf_counter()
                    ls = train(layers, act, x, y, cfg.speed_steps, opt, bar.start(label))
                    times[v].append(time.perf_counter() - t0)
                losses[v] = ls[-1]
        out[name] = {v: {"seconds": float(np.median(times[v])), "final_loss": losses[v]}
                     for v in SPEED_VARIANTS}
    return out


def one_blas_thread():
    """Limit BLAS to one thread (threadpoolctl, when installed; a no-op otherwise)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def blas_note():
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:
        return ("BLAS on its default threads (pip install threadpoolctl to pin it to 1: "
                "faster for these small nets, and results independent of BLAS's default)")
    return "BLAS on 1 thread, fastact on 1 for experiments 1-3"


def run_experiments(cfg, experiments=EXPERIMENTS, progress=True, keep_models=False):
    """Run the selected experiments; returns {"config": ..., 1: ..., 2: ...}.
    With keep_models, also the trained nets of experiment 1 (for the plot)."""
    acts = fastact_activations()
    bar = _Bar(enabled=progress)
    res = {"config": cfg}
    # float32 gradients and activations of saturated units underflow to 0 in
    # the matmuls: harmless, and no reason for a warning (or, with NumPy set
    # to raise, an error)
    with np.errstate(under="ignore"), contextlib.ExitStack() as stack:
        stack.callback(bar.close)
        # BLAS runs on one thread throughout (when threadpoolctl is installed)
        # and fastact on one in experiments 1-3: their arrays hold at most 64K
        # elements, where a thread team saves microseconds per call, and idle
        # workers spinning after each call take the cores from the thread that
        # works (on a busy 2-core machine experiments 1-3 took 1150 s with
        # BLAS's two threads, 50 s with one).  One BLAS thread also makes the
        # results the same whatever BLAS's default (its rounding depends on its
        # thread count), and leaves experiment 4 timing the activations: fastact
        # on its default threads and on one, NumPy's on one.
        stack.enter_context(one_blas_thread())
        with fa.num_threads(1):
            if 1 in experiments:
                res[1], models = exp_accuracy(cfg, acts, bar)
                if keep_models:
                    res["models"] = models
            if 2 in experiments:
                res[2] = exp_gradients(cfg, acts, bar)
            if 3 in experiments:
                res[3] = exp_dying(cfg, acts, bar)
        if 4 in experiments:
            res[4] = exp_speed(cfg, bar)
    return res


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def _hidden(sizes):
    return f"2-{'-'.join(map(str, sizes))}-2"


def report(res, parts=("header", *EXPERIMENTS)):
    """The text report of the experiments in res (only those in parts)."""
    cfg = res["config"]
    lines = []
    if "header" in parts:
        lines.append(f"fastact {fa.__version__} demo: {cfg.dataset}, {2 * cfg.n_train} "
                     f"training and {2 * cfg.n_test} test points, seed {cfg.seed}, float32, "
                     f"simd {fa.runtime_info()['simd']}; {blas_note()}")
    if 1 in res and 1 in parts:
        lines += ["", f"1. test accuracy, MLP {_hidden(cfg.acc_hidden)}, Adam lr {cfg.acc_lr}, "
                  f"{cfg.acc_steps} full-batch steps (chance: 0.5)",
                  f"   {'activation':<12} {'train':>6} {'test':>6} {'loss':>8}"]
        for name, r in res[1].items():
            lines.append(f"   {name:<12} {r['train_acc']:6.3f} {r['test_acc']:6.3f} "
                         f"{r['final_loss']:8.4f}")
    if 2 in res and 2 in parts:
        d = cfg.deep_depth
        lines += ["", f"2. gradient norm |dL/dW| per layer (1 = input side ... {d + 1} = output),"
                  f" MLP 2-{cfg.deep_width}x{d}-2, SGD lr {cfg.deep_lr} momentum "
                  f"{cfg.deep_momentum}, {cfg.deep_steps} steps"]
        for when in ("init", "trained"):
            lines.append(f"   {'at init' if when == 'init' else 'after training'}:")
            lines.append(f"   {'activation':<12} {'layer 1':>8} {'layer ' + str(d // 2):>8} "
                         f"{'layer ' + str(d + 1):>8} {'1/last':>8}")
            for name, r in res[2].items():
                n = r[when]
                lines.append(f"   {name:<12} {n[0]:8.1e} {n[d // 2 - 1]:8.1e} {n[-1]:8.1e} "
                             f"{n[0] / n[-1]:8.1e}")
        lines.append("   test accuracy after training: " + ", ".join(
            f"{name} {r['test_acc']:.3f}" for name, r in res[2].items()))
    if 3 in res and 3 in parts:
        w = 7 * len(cfg.dying_hidden)
        lines += ["", f"3. dying relu: fraction of hidden units whose input is <= 0 for every "
                  f"training point, MLP {_hidden(cfg.dying_hidden)}, Adam lr {cfg.dying_lr} "
                  f"(high) for {cfg.dying_steps} steps, then lr {cfg.acc_lr} for "
                  f"{cfg.dying_recover_steps}",
                  f"   {'':<12} {'per layer, after':^{2 * w + 1}}",
                  f"   {'activation':<12} {'high lr':^{w}} {'the end':^{w}} {'test':>6}  "
                  "learned slopes per layer (min / mean / max)"]
        for name, r in res[3].items():
            high, end = ("".join(f"{f:7.1%}" for f in r[k]) for k in ("dead_high_lr", "dead"))
            slopes = "; ".join(f"{s[0]:.2f} / {s[1]:.2f} / {s[2]:.2f}"
                               for s in r.get("slopes", []))
            lines.append(f"   {name:<12} {high} {end} {r['test_acc']:6.3f}  {slopes}")
        lines.append("   such a relu unit outputs 0 and gets no gradient: dead for good; a "
                     "leaky_relu/prelu one still passes slope * gradient")
    if 4 in res and 4 in parts:
        lines += ["", f"4. training wall time, MLP {_hidden(cfg.speed_hidden)}, batch "
                  f"{cfg.speed_batch}, {cfg.speed_steps} Adam steps, median of "
                  f"{cfg.speed_reps} interleaved runs (NumPy's elementwise code runs on 1 "
                  f"thread, fastact on {fa.get_num_threads()} or 1)",
                  f"   {'activation':<12} {'fastact':>9} {'1 thread':>9} {'numpy':>9} "
                  f"{'speed-up':>9} {'(1 thread)':>10}  final loss fastact / numpy"]
        for name, r in res[4].items():
            t = {v: r[v]["seconds"] for v in SPEED_VARIANTS}
            lines.append(f"   {name:<12} {t['fastact']:8.3f}s {t['fastact_1thread']:8.3f}s "
                         f"{t['numpy']:8.3f}s {t['numpy'] / t['fastact']:8.2f}x "
                         f"{t['numpy'] / t['fastact_1thread']:9.2f}x  "
                         f"{r['fastact']['final_loss']:.5f} / {r['numpy']['final_loss']:.5f}")
        lines += ["   NumPy's obvious forms: relu np.maximum(x, 0); elu np.where(x > 0, x, "
                  "np.exp(x) - 1);",
                  "   silu x / (1 + np.exp(-x)); sigmoid 1 / (1 + np.exp(-x)); tanh np.tanh; gelu "
                  "its tanh form, with x * x * x",
                  "   (NumPy has no erf; fastact runs gelu(approximate='tanh'), the same "
                  "function)"]
    return "\n".join(line.rstrip() for line in lines)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def add_arguments(p):
    p.add_argument("--seed", type=int, default=0, help="seed of data and weights (default 0)")
    p.add_argument("--dataset", choices=sorted(DATASETS), default="spirals",
                   help="two interleaved spirals (default) or concentric rings")
    p.add_argument("--experiments", default="1,2,3,4",
                   help="comma-separated subset of 1,2,3,4 (default: all)")
    p.add_argument("--quick", action="store_true",
                   help="small data, few steps, fewer activations (a smoke test, seconds)")
    p.add_argument("--plot", metavar="FILE.png", default=None,
                   help="draw decision boundaries, gradient-norm curves and every activation "
                        "with its derivative (needs matplotlib: pip install 'fastact[plot]')")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args):
    try:
        experiments = sorted({int(t) for t in args.experiments.split(",") if t.strip()})
        if not experiments or any(e not in EXPERIMENTS for e in experiments):
            raise ValueError
    except ValueError:
        print(f"fastact demo: error: --experiments: a comma-separated subset of 1,2,3,4, "
              f"got {args.experiments!r}", file=sys.stderr)
        return 2
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print("fastact demo: error: --plot needs matplotlib: pip install 'fastact[plot]'",
                  file=sys.stderr)
            return 2
    cfg = config(seed=args.seed, quick=args.quick, dataset=args.dataset)
    t0 = time.monotonic()
    res = {"config": cfg}
    print(report(res, ("header",)), flush=True)
    for k in experiments:       # each section as soon as its experiment is done
        res.update(run_experiments(cfg, (k,), progress=not args.quiet,
                                   keep_models=bool(args.plot)))
        print(report(res, (k,)), flush=True)
    print(f"\n({time.monotonic() - t0:.1f} s)")
    if args.plot:
        from fastact import _demo_plot
        _demo_plot.plot(res, args.plot)
        print(f"wrote {args.plot}")
    return 0
