"""Thread-count controls: set/get, the context manager, environment
variables (in subprocesses), threadpoolctl, and os.environ left alone."""

import os

import numpy as np
import pytest

import fastact
from subproc import run_json



def _cpu_limit():
    """CPUs usable here: the affinity mask, and whatever cap fastact applies
    (e.g. a cgroup quota) when asked for many threads."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with fastact.num_threads(64):
        cap = fastact.get_num_threads()
    return max(1, min(n or 1, cap))


CPU_LIMIT = _cpu_limit()


def test_set_returns_previous_and_get_reports():
    start = fastact.get_num_threads()
    assert isinstance(start, int) and start >= 1
    assert fastact.set_num_threads(1) == start
    assert fastact.get_num_threads() == 1
    assert fastact.set_num_threads(1) == 1
    if CPU_LIMIT >= 2:
        assert fastact.set_num_threads(2) == 1
        assert fastact.get_num_threads() == 2
        assert fastact.set_num_threads(1) == 2


@pytest.mark.parametrize("bad", [0, -1, -8])
def test_set_num_threads_rejects_non_positive(bad):
    before = fastact.get_num_threads()
    with pytest.raises(ValueError):
        fastact.set_num_threads(bad)
    with pytest.raises(ValueError):
        with fastact.num_threads(bad):
            pass
    assert fastact.get_num_threads() == before


def test_context_manager_restores():
    fastact.set_num_threads(1)
    with fastact.num_threads(2 if CPU_LIMIT >= 2 else 1):
        assert fastact.get_num_threads() == (2 if CPU_LIMIT >= 2 else 1)
        with fastact.num_threads(1):
            assert fastact.get_num_threads() == 1
        assert fastact.get_num_threads() == (2 if CPU_LIMIT >= 2 else 1)
    assert fastact.get_num_threads() == 1


def test_context_manager_restores_on_exception():
    fastact.set_num_threads(1)
    with pytest.raises(RuntimeError):
        with fastact.num_threads(2):
            raise RuntimeError("boom")
    assert fastact.get_num_threads() == 1


def test_kernels_correct_at_each_thread_count():
    x = np.linspace(-5, 5, (1 << 20) + 7)
    expected = np.tanh(x)
    # tanh's float64 tolerance is 4 + 2*cond <= 6 ULP, np.tanh's own ~1 ULP:
    # 2e-15 relative covers both (accuracy is tested elsewhere; this checks
    # that every thread count computes every element)
    for n in range(1, CPU_LIMIT + 1):
        with fastact.num_threads(n):
            np.testing.assert_allclose(fastact.tanh(x), expected, rtol=2e-15, atol=0)


def test_threadpoolctl_limit():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = fastact.get_num_threads()
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        assert fastact.get_num_threads() == 1
        x = np.linspace(-3, 3, 1 << 20)
        np.testing.assert_array_equal(fastact.relu(x), np.maximum(x, 0))
    assert fastact.get_num_threads() == before


def test_os_environ_never_modified():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    snapshot = dict(os.environ)
    fastact.set_num_threads(1)
    with fastact.num_threads(2):
        fastact.gelu(np.ones(1 << 20))
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        fastact.softmax(np.ones((512, 2048)))
    fastact.get_num_threads()
    fastact.runtime_info()
    assert dict(os.environ) == snapshot


_REPORT = """
import json, os
before = dict(os.environ)
import fastact, numpy as np
n = fastact.get_num_threads()
y = fastact.sigmoid(np.linspace(-3, 3, 1 << 21))
ok = bool(np.allclose(y, 1 / (1 + np.exp(-np.linspace(-3, 3, 1 << 21))), rtol=2e-15, atol=0))
print(json.dumps({"n": n, "info": fastact.runtime_info()["num_threads"], "ok": ok,
                  "env_unchanged": dict(os.environ) == before}))
"""


@pytest.mark.parametrize("var", ["FASTACT_NUM_THREADS", "OMP_NUM_THREADS"])
def test_env_var_sets_threads(var):
    res, _ = run_json(_REPORT, env={var: "1"})
    assert res == {"n": 1, "info": 1, "ok": True, "env_unchanged": True}
    if CPU_LIMIT >= 2:
        res, _ = run_json(_REPORT, env={var: "2"})
        assert res == {"n": 2, "info": 2, "ok": True, "env_unchanged": True}


def test_default_thread_count_without_env():
    res, _ = run_json(_REPORT)
    assert 1 <= res["n"] <= CPU_LIMIT
    assert res["ok"] and res["env_unchanged"]


def test_set_num_threads_overrides_env():
    res, _ = run_json("""
        import json, fastact
        fastact.set_num_threads(1)
        print(json.dumps({"n": fastact.get_num_threads()}))
    """, env={"FASTACT_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"})
    assert res["n"] == 1
