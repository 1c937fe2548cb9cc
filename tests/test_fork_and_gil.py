"""Fork safety after threaded kernels, and the GIL released by kernels."""

import sys
import threading
import time

import numpy as np
import pytest

import fastact
from subproc import run_json

_FORK_SCRIPT = """
import json, multiprocessing as mp
import numpy as np
import fastact

def child(q):
    x = np.linspace(-4, 4, 1 << 22)
    y = fastact.gelu(x)
    d = fastact.softmax(x.reshape(1024, -1))
    q.put((float(y.sum()), float(d.sum()), fastact.get_num_threads()))

fastact.set_num_threads(2)
x = np.linspace(-4, 4, 1 << 22)
parent = float(fastact.gelu(x).sum())          # threaded kernels in the parent
fastact.softmax(x.reshape(1024, -1))
ctx = mp.get_context("fork")
q = ctx.Queue()
p = ctx.Process(target=child, args=(q,))
p.start()
p.join(60)
alive = p.is_alive()
if alive:
    p.kill()
    p.join()
res = q.get(timeout=5) if not alive and p.exitcode == 0 else None
after = float(fastact.gelu(x).sum())           # the parent still works, threaded
print(json.dumps({"alive": alive, "exitcode": p.exitcode, "res": res,
                  "parent": parent, "after": after}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_fork_child_after_threaded_kernels():
    res, err = run_json(_FORK_SCRIPT, timeout=150)
    assert not res["alive"], "forked child hung in a kernel"
    assert res["exitcode"] == 0, err
    gelu_sum, softmax_sum, n = res["res"]
    assert abs(gelu_sum - res["parent"]) <= 1e-9 * abs(res["parent"])
    assert abs(softmax_sum - 1024) < 1e-9
    assert n >= 1
    assert res["after"] == res["parent"]


def test_kernels_release_the_gil():
    """While thread A runs long single-threaded kernels, the main thread keeps
    executing Python: it records its own loop iterations and A records the
    interval of each kernel call.  If a kernel held the GIL, the main thread
    could not run inside those intervals except during the microseconds of
    Python code around the C call (a few iterations at most); with the GIL
    released it runs about once per millisecond."""
    x = np.linspace(-6, 6, 1 << 23)
    intervals = []

    def worker():
        with fastact.num_threads(1):
            for _ in range(4):
                t0 = time.perf_counter()
                fastact.gelu_grad(x, x)
                intervals.append((t0, time.perf_counter()))

    stamps = []
    t = threading.Thread(target=worker)
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
        time.sleep(0.0005)
    t.join()
    stamps = np.array(stamps)
    inside = sum(int(np.sum((stamps > a) & (stamps < b))) for a, b in intervals)
    total = sum(b - a for a, b in intervals)
    assert total > 0.05, "kernels too short for a meaningful check"
    assert inside >= 20, (f"main thread ran {inside} times during {total:.3f} s of kernels: "
                          f"the GIL seems held")


def test_two_python_threads_run_kernels_concurrently_and_correctly():
    """Two Python threads each run big kernels at the same time; both get
    the same results as a serial run."""
    rng = np.random.default_rng(0)
    xs = [rng.standard_normal(1 << 21) for _ in range(2)]
    expected = [fastact.silu(x) for x in xs]
    results = [None, None]

    def run(i):
        for _ in range(3):
            results[i] = fastact.silu(xs[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    for r, e in zip(results, expected):
        np.testing.assert_array_equal(r, e)
