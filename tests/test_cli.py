"""The command line: `python -m fastact bench` (table, --json, --compare gate,
--plot), the `fastact-bench` entry point and `python -m fastact accuracy`."""

import json
import os
import subprocess
import sys

import pytest

import fastact

PKG_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
pytestmark = pytest.mark.slow


def _run(*args, timeout=300):
    env = dict(os.environ, PYTHONPATH=PKG_ROOT)
    return subprocess.run([sys.executable, "-m", "fastact", *args], capture_output=True,
                          text=True, env=env, cwd=PKG_ROOT, timeout=timeout)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "base.json"
    p = _run("bench", "--ops", "relu,sigmoid", "--sizes", "1K", "--quick", "--peers", "numpy",
             "--json", str(path))
    assert p.returncode == 0, p.stderr
    return path, p.stdout


def test_bench_table_and_json(base):
    path, out = base
    assert "geometric mean speed-up" in out and "relu" in out
    doc = json.loads(path.read_text())
    assert {"machine", "config", "results", "reference_bandwidth"} <= set(doc)
    assert doc["machine"]["fastact"]["simd"] == fastact.runtime_info()["simd"]
    cell = doc["results"][0]
    assert cell["impls"] and all("samples_s" in i and "median" in i for i in cell["impls"])


def test_compare_gate(base, tmp_path):
    path, _ = base
    same = _run("bench", "--ops", "relu,sigmoid", "--sizes", "1K", "--quick", "--peers", "numpy",
                "--compare", str(path), "--fail-above", "1000")
    assert same.returncode == 0, same.stdout + same.stderr
    assert "compared cell(s) slower" in same.stdout
    # an "old" run 100x faster than anything now: every cell regressed -> exit 1
    doc = json.loads(path.read_text())
    for r in doc["results"]:
        for i in r["impls"]:
            i["median"] /= 100
    fast = tmp_path / "fast.json"
    fast.write_text(json.dumps(doc))
    worse = _run("bench", "--ops", "relu,sigmoid", "--sizes", "1K", "--quick", "--peers",
                 "numpy", "--compare", str(fast), "--fail-above", "10")
    assert worse.returncode == 1, worse.stdout + worse.stderr
    assert "REGRESSION" in worse.stdout
    none = _run("bench", "--ops", "gelu", "--sizes", "1K", "--quick", "--peers", "numpy",
                "--compare", str(path))
    assert none.returncode == 2 and "no cell" in none.stderr


def test_bench_bad_options():
    p = _run("bench", "--compare", "/nonexistent.json")
    assert p.returncode == 2 and "--compare" in p.stderr
    p = _run("bench", "--sizes", "abc")
    assert p.returncode == 2


def test_plot(tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "b.png"
    p = _run("bench", "--ops", "relu", "--sizes", "1K,4K", "--quick", "--peers", "numpy",
             "--plot", str(png))
    assert p.returncode == 0, p.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_accuracy_cli(tmp_path):
    js = tmp_path / "acc.json"
    p = _run("accuracy", "--ops", "sigmoid,softmax", "--stride", "100003", "--json", str(js))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "sigmoid_grad" in p.stdout and "softmax" in p.stdout
    doc = json.loads(js.read_text())
    recs = {(r["function"], r["kind"], r["impl"]) for r in doc["results"]}
    for lv in fastact.runtime_info()["simd_supported"]:
        assert ("sigmoid", "forward", lv) in recs and ("softmax", "grad", lv) in recs
    assert all(r["max_ulp"] <= (2 if r["kind"] == "forward" else 4) for r in doc["results"])
    bad = _run("accuracy", "--ops", "nope")
    assert bad.returncode != 0 and "unknown function" in (bad.stdout + bad.stderr)


def test_console_script_entry_point():
    from fastact.__main__ import bench_main  # the fastact-bench script's target
    assert callable(bench_main)


def test_bench_check_ignores_nan_and_equal_infinities():
    """The cross-check of implementations (fastact._bench._check) compares the
    finite entries within its tolerance: a NaN or an infinity in fastact's
    result (logit outside (0, 1) or at 0) must not make every peer differ."""
    import numpy as np
    from fastact import _bench as B
    x = np.float32([0.0, 0.25, 0.5, 2.0, -1.0])
    with np.errstate(all="ignore"):
        same = np.log(x / (1 - x))
    off = same.copy()
    off[1] *= 1.01                                        # a real mismatch: flagged
    bounds = [B.Bound(impl=B.Impl("fastact", "fastact", "fastact", None), call=lambda: same),
              B.Bound(impl=B.Impl("peer", "numpy", "peer", None), call=lambda: same.copy()),
              B.Bound(impl=B.Impl("bad", "numpy", "peer", None), call=lambda: off)]
    for b in bounds:
        b.result = lambda r: r
    problems = B._check(None, bounds, np.float32)
    assert [b.impl.label for b in problems] == ["bad"] and problems[0].check["mismatches"] == 1
