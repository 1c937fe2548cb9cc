"""Speed-up of 2 threads over 1 per op and size, with the grains forced low.

fastact only enters a parallel region for n >= 2 * grain, so to see where a
second thread starts to pay, build with tiny grains first:

    CFLAGS="-DFA_GRAIN_CHEAP=512 -DFA_GRAIN_EXP=512 -DFA_GRAIN_ROWS=512" \\
        python setup.py build_ext --inplace --force
    python bench/grain_ratio.py

and rebuild normally afterwards.  Prints t(1 thread) / t(2 threads) (median of
in-place calls, fresh input each call); > 1 means the second thread helps.
"""
import time

import numpy as np

import fastact as fa


def ratio(f, n, reps):
    x = (np.random.default_rng(0).standard_normal(n) * 3).astype(np.float32)
    src = x.copy()
    med = []
    for nt in (1, 2):
        ts = []
        with fa.num_threads(nt):
            for _ in range(reps):
                np.copyto(x, src)
                t0 = time.perf_counter()
                f(x)
                ts.append(time.perf_counter() - t0)
        med.append(np.median(ts))
    return med[0] / med[1]


OPS = {
    "relu": lambda x: fa.relu(x, out=x),
    "relu_grad_y": lambda x: fa.relu_grad(x, x, from_output=True, out=x),
    "sigmoid": lambda x: fa.sigmoid(x, out=x),
    "gelu": lambda x: fa.gelu(x, out=x),
    "tanh": lambda x: fa.tanh(x, out=x),
    "softmax": lambda x: fa.softmax(x.reshape(-1, 256), out=x.reshape(-1, 256)),
}

if __name__ == "__main__":
    sizes = [2**k for k in range(12, 22)]
    print("op", *[f"{s // 1024}K" for s in sizes])
    for name, f in OPS.items():
        print(name, *[f"{ratio(f, n, max(30, min(2000, (1 << 24) // n))):.2f}" for n in sizes])
