"""Where does a second thread start to pay?  Input for the OpenMP grain sizes in
csrc/fa_runtime.c (FA_GRAIN_CHEAP, FA_GRAIN_EXP, FA_GRAIN_ROWS).

For each op, fastact's in-place form is timed at 1 and at N threads
(``fastact.num_threads``) over sizes 4K..4M (powers of 2), the two thread counts
interleaved in one process, with a fresh copy of the input before every call.
The table shows t(1 thread) / t(N threads) per size and, per op, the smallest
size from which on N threads are faster by >= 5 % (--gain) at every larger
size measured.

fastact only runs a call in parallel when n >= 2 * grain (fa_threads_for), so
below that size both columns are the same serial code (marked '.'): to find
where threading starts to pay below the current grains, lower them temporarily
in csrc/fa_runtime.c (e.g. all to 1024), rebuild, and rerun this script.

    python bench/grain.py                      # every op, float32
    python bench/grain.py --ops relu,gelu,softmax --dtype float64
"""

import argparse
import os
import re
import statistics
import sys

import numpy as np

try:
    import fastact
except ImportError:  # a source checkout built in place: use the checkout
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import fastact
from fastact import _bench as B

CSRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csrc", "fa_runtime.c")

# fallback when csrc/ is not next to this script (e.g. an installed fastact)
_CHEAP_UNARY = {"relu", "leaky_relu"}
_CHEAP_BINARY = {"relu_bwd", "relu_bwd_y", "leaky_relu_bwd", "leaky_relu_bwd_y", "elu_bwd_y",
                 "selu_bwd_y", "sigmoid_bwd_y", "tanh_bwd_y"}


def read_grains(path=CSRC):
    """({'CHEAP': n, 'EXP': n, 'ROWS': n} or {}, cheap unary ops, cheap binary ops) as
    csrc/fa_runtime.c defines them now."""
    try:
        src = open(path).read()
    except OSError:
        return {}, _CHEAP_UNARY, _CHEAP_BINARY
    grains = {m[0]: int(m[1]) for m in re.findall(r"#define\s+FA_GRAIN_(\w+)\s+(\d+)", src)}

    def ops_in(func):
        m = re.search(func + r"\(int op\)\s*\{(.*?)\n\}", src, re.S)
        if not m:
            return None
        body = m.group(1)
        # only the ops returning FA_GRAIN_CHEAP: the cases before that return
        # (or the ops compared in a one-line ternary)
        cut = body.find("return FA_GRAIN_CHEAP")
        return set(re.findall(r"FA_OP_(\w+)", body[:cut] if cut >= 0 else body))

    u, b = ops_in("fa_unary_grain"), ops_in("fa_binary_grain")
    return grains, u or _CHEAP_UNARY, b or _CHEAP_BINARY


def grain_group(case, cheap_u, cheap_b):
    if case.rows:
        return "ROWS"
    if case.grad:
        op = case.name.replace("_grad", "_bwd")
        return "CHEAP" if op in cheap_b else "EXP"
    return "CHEAP" if case.name in cheap_u else "EXP"


def time_op(case, n, dtype, nthreads, budget):
    """Median s per call at 1 and at nthreads threads, interleaved."""
    arrays = B.make_inputs(case, n, dtype)
    impl = case.impl("fastact ip")
    work = None
    bounds = []
    for nt in (1, nthreads):
        b = B.bind(case, impl, arrays, work)
        work = b.work
        b.pre = (lambda k: (lambda: fastact.set_num_threads(k)))(nt)
        b.label = f"{nt}T"
        bounds.append(b)
    with np.errstate(all="ignore"):
        B.run_cell(bounds, budget)
    return [statistics.median(b.samples) for b in bounds]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ops", default=None, help="ops or families (default: all)")
    p.add_argument("--no-grad", dest="grad", action="store_false", help="forwards only")
    p.add_argument("--dtype", default="float32", choices=("float32", "float64"))
    p.add_argument("--sizes", default="4K-4M",
                   help="LO-HI (powers of 2) or a comma-separated list (default 4K-4M)")
    p.add_argument("--threads", type=int, default=None,
                   help="the parallel thread count (default: all CPUs)")
    p.add_argument("--gain", type=float, default=1.05,
                   help="speed-up that counts as 'faster' (default 1.05)")
    p.add_argument("--cell-time", type=float, default=0.15,
                   help="timed seconds per (op, size) (default 0.15)")
    args = p.parse_args(argv)

    if "-" in args.sizes:
        lo, hi = (B.parse_size(s) for s in args.sizes.split("-"))
        sizes = []
        n = lo
        while n <= hi:
            sizes.append(n)
            n *= 2
    else:
        sizes = [B.parse_size(s) for s in args.sizes.split(",")]
    nthreads = args.threads or fastact.runtime_info()["cpu_limit"]
    if nthreads < 2:
        print("grain.py: only one CPU available; nothing to measure", file=sys.stderr)
        return 2
    dtype = np.dtype(args.dtype)
    cases = B.select_cases(args.ops, grad=args.grad)
    grains, cheap_u, cheap_b = read_grains()
    budget = B.Budget(cell_time=args.cell_time, min_samples=7, max_samples=41)
    B.calibrate_overhead()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0

    print(f"fastact {fastact.__version__}, simd {fastact.runtime_info()['simd']}, "
          f"{dtype.name}, 1 vs {nthreads} threads; cells: t(1T)/t({nthreads}T), "
          f"'.' = serial at both (n < 2*grain)")
    if grains:
        print("current grains (csrc/fa_runtime.c): " +
              ", ".join(f"FA_GRAIN_{k}={v}" for k, v in grains.items()))
    if load > 0.5:
        print(f"note: load average {load:.1f}: other processes are using the CPUs; "
              "threaded timings will be noisy")
    head = f"{'op':<20} {'grain':<5} " + " ".join(f"{B.fmt_size(n):>5}" for n in sizes)
    print(head + f"  {'from':>6}  {'t1 us @from':>11}")
    print("-" * (len(head) + 21))
    found = {}
    tty = sys.stderr.isatty()
    saved = fastact._core.get_user_threads()
    try:
        for i, case in enumerate(cases):
            group = grain_group(case, cheap_u, cheap_b)
            grain = grains.get(group)
            ratios, t1s = [], []
            for n in sizes:
                if tty:
                    print(f"\r\033[K[{i + 1}/{len(cases)}] {case.name} {B.fmt_size(n)}",
                          end="", file=sys.stderr, flush=True)
                t1, tn = time_op(case, n, dtype, nthreads, budget)
                ratios.append(t1 / tn)
                t1s.append(t1)
            if tty:
                print("\r\033[K", end="", file=sys.stderr, flush=True)
            # smallest size from which on every measured size gains >= args.gain
            start = None
            for j in range(len(sizes) - 1, -1, -1):
                if ratios[j] >= args.gain:
                    start = j
                else:
                    break
            cells = []
            for n, r in zip(sizes, ratios):
                serial = grain is not None and n < 2 * grain
                cells.append(f"{'.' if serial else f'{r:.2f}':>5}")
            frm = B.fmt_size(sizes[start]) if start is not None else "never"
            t1at = f"{t1s[start] * 1e6:.1f}" if start is not None else ""
            print(f"{case.name:<20} {group:<5} " + " ".join(cells) + f"  {frm:>6}  {t1at:>11}",
                  flush=True)
            if start is not None:
                # parallel iff n >= 2*grain: the grain that makes `from` the first parallel size
                found.setdefault(group, []).append(sizes[start] // 2)
    finally:
        fastact._core.set_user_threads(saved)
    print()
    print(f"'from' = smallest size from which on {nthreads} threads are >= "
          f"{100 * (args.gain - 1):.0f}% faster at every larger size measured.")
    for group, gs in sorted(found.items()):
        gs = sorted(gs)
        cur = f" (now {grains[group]})" if group in grains else ""
        print(f"FA_GRAIN_{group}: ops start to gain at grain = from/2 = "
              f"{', '.join(str(g) for g in gs)}; median {int(statistics.median(gs))}{cur}")
    if any(grains.get(g, 0) for g in ("CHEAP", "EXP", "ROWS")):
        print("sizes marked '.' are serial at the current grains: lower them to measure there.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
