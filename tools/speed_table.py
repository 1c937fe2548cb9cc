"""README's speed table from a `python -m fastact bench --json` file.

    python tools/speed_table.py bench/results/<run>.json [more.json ...]

Later files replace the cells (op, size, threads) they also hold (reruns of a
few ops).  Columns: fastact in place at 1K, 1M and 16M elements (2 threads),
the fastest other implementation at 1M and 16M (any peer, in place or not,
NumPy's best `out=` form included) and fastact's speed-up over it, the same
ratios at 1 thread, and fastact's traffic at 16M as a percentage of the
in-place bandwidth `np.multiply(x, 1.0, out=x)` measured in the same run.
"""
import json
import math
import sys

SIZES = {"1K": 1024, "1M": 1 << 20, "16M": 1 << 24}


def load(paths):
    cells, ref = {}, {}
    for path in paths:
        with open(path) as f:
            d = json.load(f)
        for b in d["reference_bandwidth"]:
            ref[(b["size"], b["threads"])] = b["gbps"]
        for r in d["results"]:
            if r["dtype"] != "float32" or r["inputs"] != "typical" or r["layout"] != "contiguous":
                continue
            cells[(r["case"], r["size"], r["threads"])] = r
    return cells, ref


def summary(r):
    # fastact's in-place form, or its only one where the result has another
    # shape than the input (logsumexp, the gated family)
    mine = [i for i in r["impls"] if i["role"] == "fastact"]
    fa = ([i for i in mine if i["inplace"]] or mine)[0]
    peers = [i for i in r["impls"] if i["role"] != "fastact"]
    best = min(peers, key=lambda i: i["median"])
    return fa["median"], best["label"], best["median"], r["bytes"] / fa["median"] / 1e9


def fmt_us(s):
    us = s * 1e6
    return f"{us:,.0f}" if us >= 100 else (f"{us:.1f}" if us >= 10 else f"{us:.2f}")


def main(paths):
    cells, ref = load(paths)
    ops = list(dict.fromkeys(c[0] for c in cells))
    print("| op | 1K µs | 1M µs | fastest peer at 1M | ×peer | 16M µs | fastest peer at 16M "
          "| ×peer | ×peer, 1 thread, 1M / 16M | %bw 16M |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    ratios = {1: [], 2: []}
    for op in ops:
        row = [op]
        try:
            row.append(fmt_us(summary(cells[(op, SIZES["1K"], 2)])[0]))
            one = []
            for size in ("1M", "16M"):
                fa, lab, pt, gbps = summary(cells[(op, SIZES[size], 2)])
                row += [fmt_us(fa), f"{lab} {fmt_us(pt)}", f"{pt / fa:.2f}×"]
                one.append(summary(cells[(op, SIZES[size], 1)]))
            row.append(" / ".join(f"{p / f:.2f}×" for f, _, p, _ in one))
            row.append(f"{100 * gbps / ref[(SIZES['16M'], 2)]:.0f}")
        except KeyError:
            continue
        print("| " + " | ".join(row) + " |")
    for (_op, _size, nt), r in cells.items():
        fa, _, pt, _ = summary(r)
        ratios[nt].append(pt / fa)
    for nt, rs in ratios.items():
        if rs:
            gm = math.exp(sum(map(math.log, rs)) / len(rs))
            print(f"\n{nt} thread(s): geometric-mean speed-up over the fastest peer {gm:.2f}x, "
                  f"faster in {sum(x > 1 for x in rs)} of {len(rs)} cells")


if __name__ == "__main__":
    main(sys.argv[1:])
