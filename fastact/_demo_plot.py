"""The figure of ``python -m fastact demo --plot FILE.png`` (matplotlib):
decision boundaries of experiment 1, gradient-norm curves of experiment 2 and
a gallery of every activation with its derivative, both computed by fastact."""

import numpy as np

import fastact as fa
from fastact import _demo


# Parameters the gallery passes: the required ones, and a steeper leaky slope
# than the default 0.01 so that it shows
GALLERY_PARAMS = {"prelu": {"weight": np.float32([0.25])},
                  "threshold": {"threshold": 0.5, "value": -1.0},
                  "leaky_relu": {"negative_slope": 0.1}}


def gallery():
    """(label, f(x), f'(x)) for every elementwise activation in fastact's
    registry (fastact.available()), and gelu's tanh form; the derivative is
    the gradient kernel applied to a gradient of ones."""
    def pair(act, **kw):
        return (lambda x: act.forward(x, **kw)), (lambda x: act.grad(np.ones_like(x), x, **kw))

    out = []
    for name in fa.available():
        act = fa.get(name)
        if act.kind != "elementwise":
            continue            # softmax, log_softmax: not functions of one value
        kw = GALLERY_PARAMS.get(name, {})
        label = name + "".join(f" {k}={float(np.ravel(v)[0]):g}" for k, v in kw.items())
        out.append((label, *pair(act, **kw)))
        if name == "gelu":
            out.append(("gelu (tanh form)", *pair(act, approximate="tanh")))
    return out


def _boundaries(fig, gs, res):
    cfg = res["config"]
    acts = _demo.fastact_activations()
    _, _, xte, yte = _demo._data(cfg)
    lim = 1.3
    grid = np.linspace(-lim, lim, 201, dtype=np.float32)
    gx, gy = np.meshgrid(grid, grid)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    for k, (name, layers) in enumerate(res["models"].items()):
        ax = fig.add_subplot(gs[k // 4, 3 * (k % 4):3 * (k % 4) + 3])
        logits, _ = _demo.forward(layers, acts[name], pts)
        p1 = fa.softmax(logits, axis=-1)[:, 1].reshape(gx.shape)
        ax.contourf(gx, gy, p1, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(gx, gy, p1, levels=[0.5], colors="k", linewidths=0.8)
        ax.scatter(xte[:, 0], xte[:, 1], c=yte, cmap="RdBu_r", s=3, edgecolors="none")
        ax.set_title(f"{name}: test accuracy {res[1][name]['test_acc']:.3f}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")


def _grad_curves(fig, gs, row, res):
    for j, when in enumerate(("init", "trained")):
        ax = fig.add_subplot(gs[row, 6 * j:6 * j + 6])
        for name, r in res[2].items():
            n = r[when]
            ax.semilogy(range(1, len(n) + 1), n, marker="o", ms=3, label=name)
        ax.set_xlabel("layer (1 = input side)")
        ax.set_ylabel("|dL/dW|")
        ax.set_title("gradient norm per layer, " +
                     ("at initialisation" if when == "init" else "after training"), fontsize=9)
        ax.legend(fontsize=7, ncol=2)


def _gallery(fig, gs, row):
    x = np.linspace(-4, 4, 801, dtype=np.float32)
    for k, (label, f, df) in enumerate(gallery()):
        ax = fig.add_subplot(gs[row + k // 6, 2 * (k % 6):2 * (k % 6) + 2])
        ax.plot(x, f(x), lw=1.5, label="f(x)")
        ax.plot(x, df(x), lw=1.2, ls="--", label="f'(x)")
        ax.axhline(0, color="k", lw=0.4)
        ax.axvline(0, color="k", lw=0.4)
        ax.set_ylim(-2.5, 4)
        ax.set_title(label, fontsize=8)
        ax.tick_params(labelsize=7)
        if k == 0:
            ax.legend(fontsize=7)


def plot(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.gridspec import GridSpec

    n_bound = (len(res["models"]) + 3) // 4 if "models" in res else 0
    n_grad = 1 if 2 in res else 0
    n_gal = (len(gallery()) + 5) // 6
    rows = n_bound + n_grad + n_gal
    heights = [3.6] * (n_bound + n_grad) + [2.4] * n_gal
    fig = plt.figure(figsize=(16, sum(heights)))
    gs = GridSpec(rows, 12, figure=fig, height_ratios=heights)
    if n_bound:
        _boundaries(fig, gs, res)
    if n_grad:
        _grad_curves(fig, gs, n_bound, res)
    _gallery(fig, gs, n_bound + n_grad)
    cfg = res["config"]
    fig.suptitle(f"fastact {fa.__version__} demo ({cfg.dataset}, seed {cfg.seed}): decision "
                 "boundaries, gradient norms, activations and derivatives (fastact kernels)")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / sum(heights)))    # room for the title
    fig.savefig(path, dpi=90)
    plt.close(fig)
