"""A transformer-style MLP block on the CPU with fastact: latency per batch size.

    y = gelu(x @ W1 + b1) @ W2        x: (batch, d_model), W1: (d_model, hidden)

fastact's version writes x @ W1 into a preallocated buffer, adds the bias and
applies gelu in that buffer in one pass (``fastact.gelu(h, bias=b1, out=h)``),
then multiplies by W2 into another preallocated buffer: no temporaries.  It is
timed against

* NumPy's obvious code, ``h = x @ W1 + b1`` then gelu's tanh form
  ``0.5 * h * (1 + np.tanh(sqrt(2/pi) * (h + 0.044715 * h * h * h)))`` (NumPy
  has no erf, and an erf through ``np.vectorize(math.erf)`` would be ~100x
  slower and unfair; the tanh form is what GPT-2 used; ``h * h * h`` because
  NumPy's float32 ``h ** 3`` calls powf, ~100x slower than two multiplies), and
* PyTorch when installed: ``F.gelu(x @ W1 + b1) @ W2`` under ``torch.no_grad()``.

fastact and PyTorch compute the exact (erf) gelu.  Every implementation is
timed interleaved (round-robin, a different one first each round), after a
warm-up, and the median of the rounds is reported.  float32 throughout.

    python examples/inference.py                      # d_model 512, hidden 2048
    python examples/inference.py --batch-sizes 1,32 --d-model 768 --hidden 3072
"""

import argparse
import math
import os
import platform
import sys
import time

import numpy as np

import fastact as fa

GELU_C = math.sqrt(2.0 / math.pi)


def make_weights(d_model, hidden, seed=0):
    rng = np.random.default_rng(seed)
    w1 = (rng.standard_normal((d_model, hidden)) / math.sqrt(d_model)).astype(np.float32)
    b1 = (0.1 * rng.standard_normal(hidden)).astype(np.float32)
    w2 = (rng.standard_normal((hidden, d_model)) / math.sqrt(hidden)).astype(np.float32)
    return w1, b1, w2


def fastact_block(x, w1, b1, w2):
    """Returns a call computing the block into buffers allocated once."""
    h = np.empty((x.shape[0], w1.shape[1]), dtype=np.float32)
    y = np.empty((x.shape[0], w2.shape[1]), dtype=np.float32)

    def run():
        np.matmul(x, w1, out=h)
        fa.gelu(h, bias=b1, out=h)          # gelu(h + b1) in place, one pass
        return np.matmul(h, w2, out=y)
    return run


def numpy_block(x, w1, b1, w2):
    def run():
        h = x @ w1 + b1
        # h * h * h: NumPy's float32 h ** 3 goes through powf, ~100x slower
        h = 0.5 * h * (1 + np.tanh(GELU_C * (h + 0.044715 * h * h * h)))
        return h @ w2
    return run


def torch_block(x, w1, b1, w2):
    import torch
    import torch.nn.functional as F
    xt, w1t, b1t, w2t = (torch.from_numpy(a) for a in (x, w1, b1, w2))

    def run():
        with torch.no_grad():
            return F.gelu(xt @ w1t + b1t) @ w2t
    return run


def time_interleaved(impls, min_rounds, budget_s):
    """Median seconds per call of every implementation, timed round-robin
    until each has min_rounds samples and the budget is spent."""
    for run in impls.values():          # warm-up (first-touch, thread pools)
        run()
        run()
    names = list(impls)
    samples = {n: [] for n in names}
    start = time.perf_counter()
    r = 0
    while r < min_rounds or (time.perf_counter() - start < budget_s and r < 1000):
        for n in names[r % len(names):] + names[:r % len(names)]:
            t0 = time.perf_counter()
            impls[n]()
            samples[n].append(time.perf_counter() - t0)
        r += 1
    return {n: float(np.median(s)) for n, s in samples.items()}


def check(impls, tol):
    """Every implementation computes the same block (NumPy's tanh-form gelu
    within its approximation error)."""
    ref = np.asarray(impls["fastact fused"]())
    for name, run in impls.items():
        out = run()
        out = out.numpy() if hasattr(out, "numpy") else out
        err = float(np.max(np.abs(out - ref)) / np.max(np.abs(ref)))
        if err > tol:
            raise SystemExit(f"{name} differs from fastact by {err:.2e} (relative)")


def _blas_threads():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "?"
    return ",".join(str(i["num_threads"]) for i in threadpool_info()
                    if i["user_api"] == "blas") or "?"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch-sizes", default="1,2,4,8,16,32,64,128,256")
    p.add_argument("--d-model", type=int, default=512)
    p.add_argument("--hidden", type=int, default=2048)
    p.add_argument("--budget", type=float, default=0.5,
                   help="seconds of timing per batch size (default 0.5)")
    p.add_argument("--min-rounds", type=int, default=15)
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    p.add_argument("--threads", type=int, default=None,
                   help="threads for fastact, PyTorch and (through threadpoolctl, when "
                        "installed) NumPy's BLAS; default: each library's own")
    p.add_argument("--quick", action="store_true",
                   help="tiny sizes and few rounds (a smoke test)")
    a = p.parse_args(argv)
    if a.quick:
        a.batch_sizes, a.d_model, a.hidden, a.budget, a.min_rounds = "1,16", 32, 128, 0.0, 3
    batches = [int(b) for b in a.batch_sizes.split(",")]
    torch = None
    if not a.no_torch:
        try:
            import torch
        except ImportError:
            print("(PyTorch not installed: its column is left out)")
    if a.threads:
        # three thread pools (BLAS, fastact's OpenMP, PyTorch's) spinning on the
        # same cores slow each other down; one count for all makes runs comparable
        fa.set_num_threads(a.threads)
        if torch:
            torch.set_num_threads(a.threads)
        try:
            from threadpoolctl import threadpool_limits
            threadpool_limits(a.threads, user_api="blas")
        except ImportError:
            print("(threadpoolctl not installed: BLAS keeps its threads; set "
                  "OPENBLAS_NUM_THREADS / OMP_NUM_THREADS instead)")
    w1, b1, w2 = make_weights(a.d_model, a.hidden)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    blas = _blas_threads()
    print(f"MLP block gelu(x @ W1 + b1) @ W2, d_model {a.d_model}, hidden {a.hidden}, float32; "
          f"fastact {fa.__version__} ({fa.runtime_info()['simd']}, {fa.get_num_threads()} "
          f"threads), NumPy {np.__version__} (BLAS threads: {blas})"
          + (f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)" if torch
             else "")
          + f"; {platform.machine()}, load average {load:.1f}")
    cols = ["fastact fused", "numpy (tanh gelu)"] + (["torch"] if torch else [])
    print(f"median latency per call in microseconds (interleaved rounds)\n"
          f"{'batch':>6} " + " ".join(f"{c:>18}" for c in cols)
          + f" {'numpy/fastact':>14}" + (f" {'torch/fastact':>14}" if torch else ""))
    rng = np.random.default_rng(1)
    for n in batches:
        x = rng.standard_normal((n, a.d_model)).astype(np.float32)
        impls = {"fastact fused": fastact_block(x, w1, b1, w2),
                 "numpy (tanh gelu)": numpy_block(x, w1, b1, w2)}
        if torch:
            impls["torch"] = torch_block(x, w1, b1, w2)
        check(impls, tol=1e-3)
        t = time_interleaved(impls, a.min_rounds, a.budget)
        print(f"{n:>6} " + " ".join(f"{t[c] * 1e6:>18.1f}" for c in cols)
              + f" {t['numpy (tanh gelu)'] / t['fastact fused']:>13.2f}x"
              + (f" {t['torch'] / t['fastact fused']:>13.2f}x" if torch else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
