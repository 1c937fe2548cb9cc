"""Time fastact's float32 kernels against PyTorch (and NumPy for tanh) in one
process, in place, interleaved round-robin, median of the repetitions; the
ratio peer_time / fastact_time is what compares across builds (absolute times
move with the machine's load).

    PYTHONPATH=<a fastact build> python tools/math_f32/ab_peer.py gelu,gelu_grad,tanh 1e6,16e6 1,2 15

For a before/after, run it once per build (e.g. a `git archive` of the old
commit built with `python setup.py build_ext --inplace` in a scratch folder).
"""
import sys
import time

import numpy as np
import torch

import fastact


def kernels(op, x, g):
    xt, gt = torch.from_numpy(x), torch.from_numpy(g)
    y = g if op.endswith("grad") else x           # in place
    yt = torch.from_numpy(y)
    fa = {
        "gelu": lambda: fastact.gelu(x, out=y),
        "gelu_grad": lambda: fastact.gelu_grad(g, x, out=y),
        "silu": lambda: fastact.silu(x, out=y),
        "silu_grad": lambda: fastact.silu_grad(g, x, out=y),
        "sigmoid": lambda: fastact.sigmoid(x, out=y),
        "tanh": lambda: fastact.tanh(x, out=y),
        "softplus_grad": lambda: fastact.softplus_grad(g, x, out=y),
    }[op]
    peers = {
        "gelu": {"torch": lambda: torch.ops.aten.gelu.out(xt, approximate="none", out=yt)},
        "gelu_grad": {"torch": lambda: torch.ops.aten.gelu_backward.grad_input(gt, xt, grad_input=yt)},
        "silu": {"torch": lambda: torch.ops.aten.silu.out(xt, out=yt)},
        "silu_grad": {"torch": lambda: torch.ops.aten.silu_backward.grad_input(gt, xt, grad_input=yt)},
        "sigmoid": {"torch": lambda: torch.sigmoid(xt, out=yt)},
        "tanh": {"torch": lambda: torch.tanh(xt, out=yt), "numpy": lambda: np.tanh(x, out=y)},
        "softplus_grad": {"torch": lambda: torch.ops.aten.softplus_backward.grad_input(
            gt, xt, 1.0, 20.0, grad_input=yt)},
    }[op]
    return fa, peers


def main(ops, sizes, threads, reps):
    rng = np.random.default_rng(0)
    for op in ops:
        for n in sizes:
            x0 = (rng.standard_normal(n) * 3).astype(np.float32)
            g0 = rng.standard_normal(n).astype(np.float32)
            x, g = x0.copy(), g0.copy()
            fa, peers = kernels(op, x, g)
            for nt in threads:
                fastact.set_num_threads(nt)
                torch.set_num_threads(nt)
                runs = {"fastact": fa, **peers}
                times = {k: [] for k in runs}
                for _ in range(reps + 1):
                    for k, f in runs.items():
                        np.copyto(x, x0)
                        np.copyto(g, g0)
                        t0 = time.perf_counter()
                        f()
                        times[k].append(time.perf_counter() - t0)
                med = {k: float(np.median(v[1:])) for k, v in times.items()}
                best = min((v, k) for k, v in med.items() if k != "fastact")
                print(f"{op:14s} n={n:>9d} threads={nt} fastact {med['fastact'] / n * 1e9:6.3f} ns/el  "
                      + "  ".join(f"{k} {v / n * 1e9:6.3f}" for k, v in med.items() if k != "fastact")
                      + f"  x{best[1]} {best[0] / med['fastact']:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1].split(","), [int(float(s)) for s in sys.argv[2].split(",")],
         [int(t) for t in sys.argv[3].split(",")], int(sys.argv[4]))
