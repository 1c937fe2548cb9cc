"""Reports built from ``python -m fastact bench --json`` documents: the
regression gate (``--compare OLD.json --fail-above PCT``) and the plot
(``--plot FILE.png``, matplotlib).

A *cell* is identified by (case, dtype, size, threads, inputs, layout); the
timed quantity compared is fastact's in-place median (or its allocating form
where a case has no in-place form)."""

import json
import math

FASTACT_LABELS = ("fastact ip", "fastact")


def cell_key(r):
    return (r["case"], r["dtype"], r["size"], r.get("threads"), r["inputs"], r["layout"])


def fastact_median(r):
    by = {i["label"]: i for i in r["impls"]}
    for label in FASTACT_LABELS:
        if label in by:
            return by[label]["median"], label
    return None, None


def load(path):
    with open(path) as f:
        doc = json.load(f)
    if "results" not in doc:
        raise ValueError(f"{path}: not a 'python -m fastact bench --json' file")
    return doc


def compare(old_doc, new_results, fail_above):
    """Per-cell change of fastact's median from old_doc to new_results.

    Returns (lines, n_regressed, n_compared).  A cell regresses when its new
    median is more than fail_above percent above the old one."""
    old = {cell_key(r): r for r in old_doc["results"]}
    lines = []
    hdr = (f"{'op':<20} {'dtype':<8} {'size':>6} {'thr':>3} {'inputs':<9} "
           f"{'old us':>10} {'new us':>10} {'change':>8}")
    lines += [hdr, "-" * len(hdr)]
    n_reg = n_cmp = 0
    missing = 0
    for r in new_results:
        o = old.get(cell_key(r))
        if o is None:
            missing += 1
            continue
        tn, label_n = fastact_median(r)
        to, label_o = fastact_median(o)
        if tn is None or to is None or label_n != label_o:
            missing += 1
            continue
        n_cmp += 1
        change = 100.0 * (tn / to - 1.0)
        flag = ""
        if change > fail_above:
            flag = "  REGRESSION"
            n_reg += 1
        lines.append(f"{r['case']:<20} {r['dtype']:<8} {_fmt_size(r['size']):>6} "
                     f"{r.get('threads', ''):>3} {r['inputs']:<9} {to * 1e6:>10.2f} "
                     f"{tn * 1e6:>10.2f} {change:>+7.1f}%{flag}")
    if missing:
        lines.append(f"({missing} cell(s) of this run have no counterpart in the old file)")
    return lines, n_reg, n_cmp


def _fmt_size(n):
    for unit, f in (("M", 1 << 20), ("K", 1 << 10)):
        if n >= f and n % f == 0:
            return f"{n // f}{unit}"
    return str(n)


def plot(results, refs, path, title=""):
    """Speed-up of fastact over each peer per op and size (one panel per
    thread count), and achieved GB/s against the in-place bandwidth line."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    threads = sorted({r.get("threads") for r in results})
    fig, axes = plt.subplots(len(threads) + 1, 1, figsize=(14, 4.2 * (len(threads) + 1)),
                             squeeze=False)
    for ax, nt in zip(axes[:-1, 0], threads):
        rs = [r for r in results if r.get("threads") == nt]
        cols = [(r["case"], r["size"]) for r in rs]
        peers = []
        for r in rs:
            for i in r["impls"]:
                if i["role"] != "fastact" and i["lib"] not in peers:
                    peers.append(i["lib"])
        width = 0.8 / max(len(peers), 1)
        for j, lib in enumerate(peers):
            ys = []
            for r in rs:
                t_fa, _ = fastact_median(r)
                best = [i["median"] for i in r["impls"] if i["lib"] == lib
                        and i["role"] != "fastact"]
                ys.append(min(best) / t_fa if best and t_fa else math.nan)
            ax.bar([k + j * width for k in range(len(rs))], ys, width, label=lib)
        ax.axhline(1.0, color="k", lw=0.8)
        ax.set_yscale("log")
        ax.set_ylabel("speed-up of fastact (x)")
        ax.set_title(f"{title} threads={nt}: fastact vs each peer's fastest form (>1: fastact "
                     "faster)")
        ax.set_xticks([k + 0.4 - width / 2 for k in range(len(rs))])
        ax.set_xticklabels([f"{c} {_fmt_size(n)}" for c, n in cols], rotation=90, fontsize=7)
        ax.legend(fontsize=8)
    ax = axes[-1, 0]
    for nt in threads:
        rs = [r for r in results if r.get("threads") == nt and not r["grad"]]
        by_case = {}
        for r in rs:
            t_fa, _ = fastact_median(r)
            if t_fa:
                by_case.setdefault(r["case"], []).append((r["size"], r["bytes"] / t_fa / 1e9))
        for case, pts in sorted(by_case.items()):
            pts.sort()
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", lw=1,
                    label=f"{case} t={nt}")
    for nt in threads:
        rf = sorted((x["size"], x["gbps"]) for x in refs if x.get("threads") == nt)
        if rf:
            ax.plot([p[0] for p in rf], [p[1] for p in rf], "k--", lw=2,
                    label=f"np.multiply(x, 1, out=x) t={nt}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("elements")
    ax.set_ylabel("GB/s (inputs + output)")
    ax.set_title("forwards: achieved bandwidth against the in-place bandwidth line")
    ax.legend(fontsize=6, ncol=4)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
