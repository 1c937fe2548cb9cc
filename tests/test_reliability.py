"""Reliability: process pools after threaded kernels, many Python threads,
a quiet import, memory that does not grow, arrays past 2^31 elements, and
other OpenMP users in the same process."""

import gc
import os
import sys
import threading
import tracemalloc

import numpy as np
import pytest

import fastact
from cases import ALL_NAMES, call, sample_args
from subproc import run_json, run_py

pytestmark = pytest.mark.slow


# -- fork ---------------------------------------------------------------------

_POOL_SCRIPT = """
import json, multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
import numpy as np
import fastact

def work(seed):
    x = np.random.default_rng(seed).standard_normal(1 << 21).astype(np.float32)
    return (float(fastact.silu(x).astype(np.float64).sum()),
            float(fastact.softmax(x.reshape(512, -1)).astype(np.float64).sum()))

fastact.set_num_threads(2)
expected = [work(s) for s in range(4)]            # threaded kernels in the parent
with ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as ex:
    got = list(ex.map(work, range(4), timeout=120))
print(json.dumps({"same": got == expected}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_fork_process_pool_after_threaded_kernels():
    res, err = run_json(_POOL_SCRIPT, timeout=200)
    assert res["same"], err


# -- Python threads -------------------------------------------------------------

def test_eight_python_threads_bitwise_serial():
    """8 threads, each running every kernel on its own arrays (large enough to
    use fastact's OpenMP team), give bitwise the results of a serial run."""
    names = [n for n in ALL_NAMES]
    inputs = {(t, n): sample_args(n, shape=(64, 4096), seed=100 * t + i)
              for t in range(8) for i, n in enumerate(names)}
    expected = {k: call(k[1], *v) for k, v in inputs.items()}
    got, errors = {}, []

    def worker(t):
        try:
            for _ in range(3):
                for n in names:
                    got[(t, n)] = call(n, *inputs[(t, n)])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(300)
    assert not errors, errors
    for k, v in expected.items():
        np.testing.assert_array_equal(got[k], v, err_msg=str(k))


def test_set_num_threads_applies_in_worker_threads():
    """The thread count set in the main thread governs calls from others."""
    seen = []
    with fastact.num_threads(1):
        th = threading.Thread(target=lambda: seen.append(fastact.get_num_threads()))
        th.start()
        th.join()
    assert seen == [1]


def test_threadpool_limits_applies_in_worker_threads():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    seen = []
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        th = threading.Thread(target=lambda: seen.append(fastact.get_num_threads()))
        th.start()
        th.join()
    assert seen == [1]


def test_threadpoolctl_lists_fastact():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    info = threadpoolctl.threadpool_info()
    assert any(i.get("internal_api") == "fastact" and i.get("user_api") == "openmp"
               for i in info), info


# -- import ---------------------------------------------------------------------

def test_import_is_quiet_and_starts_no_threads():
    code = """
        import os, json
        before = len(os.listdir("/proc/self/task"))
        import fastact
        after = len(os.listdir("/proc/self/task"))
        print(json.dumps({"before": before, "after": after}))
    """
    rc, out, err = run_py(code, env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "2"})
    assert rc == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1 and err.strip() == "", (out, err)   # nothing printed
    import json
    res = json.loads(lines[0])
    assert res["after"] == res["before"], res


# -- memory ---------------------------------------------------------------------

def _rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_no_memory_growth():
    """3 x 10^4 rounds of every kernel (allocating, in place, and failing with
    an error) leave tracemalloc's traced memory and the RSS where they were:
    9 x 10^4 calls, so even a 1-byte leak per call (90 KB) passes the 64 KiB
    bound.  (10^5 rounds took minutes once the catalogue tripled the kernels.)"""
    names = list(ALL_NAMES)
    args = {n: sample_args(n, shape=(3, 5)) for n in names}
    bad = np.zeros((3, 5), dtype=np.complex64)

    def round_(n):
        a = args[n]
        call(n, *a)                                   # allocating
        buf = a[-1].copy()
        call(n, *a[:-1], buf, out=buf)                # in place on x
        try:
            call(n, *a[:-1], bad)                     # error path
        except TypeError:
            pass

    for n in names:                                   # warm-up: caches, interned
        for _ in range(200):
            round_(n)
    gc.collect()
    tracemalloc.start()
    rss0 = _rss_kib()
    snap0 = tracemalloc.take_snapshot()
    for n in names:                                   # 3 x 10^4 rounds of every kernel
        for _ in range(30_000):
            round_(n)
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    rss1 = _rss_kib()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in snap1.compare_to(snap0, "filename"))
    assert grown < 64 * 1024, f"traced Python memory grew by {grown} bytes"
    assert rss1 - rss0 < 8 * 1024, f"RSS grew by {rss1 - rss0} KiB"


# -- huge arrays ----------------------------------------------------------------

def _free_kib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1])
    return 0


@pytest.mark.skipif(not os.path.exists("/proc/meminfo"), reason="needs /proc/meminfo")
def test_in_place_past_2_31_elements():
    """relu and sigmoid in place on 2^31 + 17 float32 (8 GiB): correct at both
    ends and around index 2^31, so no 32-bit index anywhere (C, Cython,
    threading split)."""
    n = (1 << 31) + 17
    if _free_kib() < (n * 4 // 1024) * 1.4:
        pytest.skip("needs ~11 GiB of free memory")
    x = np.empty(n, dtype=np.float32)
    x[:] = -1.0
    idx = np.array([0, 1, (1 << 31) - 2, (1 << 31) - 1, 1 << 31, (1 << 31) + 1, n - 2, n - 1])
    x[idx] = np.array([2, -3, 4, -5, 6, -7, 8, -9], dtype=np.float32)
    fastact.relu(x, out=x)
    np.testing.assert_array_equal(x[idx], [2, 0, 4, 0, 6, 0, 8, 0])
    assert x[12345] == 0 and x[(1 << 31) - 12345] == 0 and x[(1 << 31) + 9] == 0
    x[idx] = np.array([0, 1, -1, 20, -20, 2, -2, 0], dtype=np.float32)
    fastact.sigmoid(x[idx[-4]:], out=x[idx[-4]:])     # the tail past 2^31 alone
    fastact.sigmoid(x, out=x)                         # and the whole array
    ref = fastact.sigmoid(fastact.sigmoid(np.array([-20, 2, -2, 0], dtype=np.float32)))
    np.testing.assert_array_equal(x[idx[-4:]], ref)
    del x


# -- other OpenMP users ------------------------------------------------------------

_MIX = """
import json, numpy as np
{first}
{second}
x = np.random.default_rng(0).standard_normal((256, 1024)).astype(np.float32)
import fastact
fastact.set_num_threads(2)
a = fastact.gelu(x)
{other_run}
b = fastact.gelu(x)
print(json.dumps({{"same": bool((a == b).all())}}))
"""


@pytest.mark.parametrize("lib", ["torch", "sklearn"])
@pytest.mark.parametrize("order", ["before", "after"])
def test_other_openmp_users(lib, order):
    pytest.importorskip(lib)
    imp = "import torch" if lib == "torch" else "import sklearn.cluster"
    run = ("torch.set_num_threads(2); torch.nn.functional.gelu(torch.from_numpy(x)).sum()"
           if lib == "torch" else
           "sklearn.cluster.KMeans(4, n_init=1, random_state=0).fit(x[:, :8])")
    first, second = (imp, "import fastact") if order == "before" else ("import fastact", imp)
    res, err = run_json(_MIX.format(first=first, second=second, other_run=run), timeout=300)
    assert res["same"], err


def test_threadpoolctl_cli_reports_fastact():
    pytest.importorskip("threadpoolctl")
    import json
    import subprocess
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
    p = subprocess.run([sys.executable, "-m", "threadpoolctl", "-i", "fastact"],
                       capture_output=True, text=True, cwd=pkg_root, timeout=120)
    assert p.returncode == 0, p.stderr
    info = json.loads(p.stdout)
    assert any(i["internal_api"] == "fastact" for i in info), info


# -- subclasses and foreign buffers -------------------------------------------------

@pytest.mark.parametrize("name", ALL_NAMES)
def test_masked_arrays_raise_and_touch_nothing(name):
    """Masked inputs or out raise TypeError naming the argument; no array,
    masked slots included, is written."""
    args = sample_args(name, shape=(4, 6))
    masked = [np.ma.array(a.copy(), mask=np.arange(a.size).reshape(a.shape) % 3 == 0)
              for a in args]
    before = [m.data.copy() for m in masked]
    for i in range(len(args)):
        mixed = list(args)
        mixed[i] = masked[i]
        with pytest.raises(TypeError, match="masked"):
            call(name, *mixed)
    out = np.ma.array(np.zeros_like(args[-1]), mask=np.eye(*args[-1].shape, dtype=bool))
    with pytest.raises(TypeError, match="out is a masked array"):
        call(name, *args, out=out)
    assert (out.data == 0).all()
    for m, b in zip(masked, before):
        np.testing.assert_array_equal(m.data, b)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_memmap_and_read_only_buffers(name, tmp_path):
    args = sample_args(name, shape=(8, 16))
    expected = call(name, *args)
    mms = []
    for i, a in enumerate(args):
        mm = np.memmap(tmp_path / f"a{i}.dat", dtype=a.dtype, mode="w+", shape=a.shape)
        mm[...] = a
        mms.append(mm)
    np.testing.assert_array_equal(call(name, *mms), expected)
    ro = [np.frombuffer(a.tobytes(), dtype=a.dtype).reshape(a.shape) for a in args]
    assert not ro[-1].flags.writeable
    np.testing.assert_array_equal(call(name, *ro), expected)
    with pytest.raises(ValueError, match="read-only"):
        call(name, *ro, out=ro[-1])
    np.testing.assert_array_equal(ro[-1], args[-1])


# -- CPU limits ---------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="affinity API")
def test_affinity_caps_threads():
    """A process pinned to one CPU never runs a team of more than one thread,
    whatever it asks for."""
    res, err = run_json("""
        import os, json
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        import fastact, numpy as np
        prev = fastact.set_num_threads(8)
        x = np.linspace(-3, 3, 1 << 21)
        y = fastact.gelu(x)
        print(json.dumps({"n": fastact.get_num_threads(),
                          "limit": fastact.runtime_info()["cpu_limit"]}))
    """, env={"FASTACT_NUM_THREADS": "8", "OMP_NUM_THREADS": "8"})
    assert res == {"n": 1, "limit": 1}, err


@pytest.mark.parametrize("files,expected", [
    ({"cpu.max": "150000 100000\n"}, 2),          # cgroup v2: 1.5 CPUs -> 2
    ({"cpu.max": "50000 100000\n"}, 1),           # half a CPU -> 1
    ({"cpu.max": "max 100000\n"}, None),          # no quota: the affinity count
    ({"cpu/cpu.cfs_quota_us": "100000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1),  # v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
])
def test_cgroup_quota_caps_threads(tmp_path, files, expected):
    from fastact._threads import _cpu_limit
    for rel, text in files.items():
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert _cpu_limit(str(tmp_path)) == (min(expected, affinity) if expected else affinity)
