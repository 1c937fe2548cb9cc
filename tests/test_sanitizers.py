"""fastact built with AddressSanitizer + UndefinedBehaviorSanitizer
(FASTACT_SANITIZE=address,undefined), and the normal build under valgrind
memcheck, each running every kernel at every SIMD level on awkward lengths,
in place and out of place, serial and threaded: zero reports.

The sanitized build is made here, from this source tree, into a temporary
directory (about a minute on 2 cores)."""

import os
import re
import shutil
import subprocess
import sys

import pytest

import fastact

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="gcc sanitizers on Linux")]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXERCISE = r"""
import numpy as np, fastact
from fastact import _core
names = ["relu", "leaky_relu", "elu", "selu", "gelu", "silu", "sigmoid", "tanh", "softplus"]
levels = fastact.runtime_info()["simd_supported"]
rng = np.random.default_rng(0)
checks = 0
for level in levels:
    _core.set_simd(level)
    for dt in (np.float32, np.float64):
        for n in (0, 1, 3, 15, 16, 17, 63, 1000, 70001, 200003):
            x = (4 * rng.standard_normal(n)).astype(dt)
            x[::7] *= 30
            g = rng.standard_normal(n).astype(dt)
            for nm in names:
                f, fg = getattr(fastact, nm), getattr(fastact, nm + "_grad")
                y = f(x)
                z = x.copy(); f(z, out=z)
                ok = ~np.isnan(y)
                assert (np.isnan(z) == ~ok).all() and (y[ok] == z[ok]).all()
                d = fg(g, x); w = g.copy(); fg(w, x, out=w)
                checks += 2
            if n:
                for rows in (1, 3):
                    if n % rows == 0:
                        xr = x.reshape(rows, -1)
                        for nm in ("softmax", "log_softmax", "softmin", "sparsemax"):
                            p = getattr(fastact, nm)(xr)
                            getattr(fastact, nm + "_grad")(g.reshape(rows, -1), p, from_output=True)
                            getattr(fastact, nm + "_grad")(g.reshape(rows, -1), xr)
                            checks += 3
                        gr = g.reshape(rows, -1)
                        w = gr > 0
                        for nm in ("softmax", "log_softmax", "softmin"):
                            getattr(fastact, nm)(xr, where=w)
                            getattr(fastact, nm + "_grad")(gr, xr, where=w)
                            checks += 2
                        fastact.logsumexp(xr, where=w)
                        fastact.logsumexp_grad(gr[:, 0], xr, where=w)
                        checks += 2
                        if xr.shape[1] % 2 == 0:
                            h = xr.shape[1] // 2
                            for nm in ("glu", "geglu", "swiglu", "reglu"):
                                getattr(fastact, nm)(xr)
                                z = xr.copy()
                                getattr(fastact, nm + "_grad")(gr[:, :h], z, out=z)
                                checks += 2
print("ok", checks)
"""


def _copy_tree(dst):
    for item in ("setup.py", "pyproject.toml", "MANIFEST.in", "README.md", "csrc", "fastact",
                 "tools"):
        src = os.path.join(ROOT, item)
        if not os.path.exists(src):
            pytest.skip(f"needs the source tree ({item} missing)")
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, item),
                            ignore=shutil.ignore_patterns("*.so", "*.c.tmp", "__pycache__",
                                                          "_core.c", "kernels.c"))
        else:
            shutil.copy(src, dst)


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FASTACT_", "OMP_", "LD_PRELOAD", "ASAN_", "UBSAN_"))}
    env.update(extra)
    return env


def test_asan_ubsan_clean(tmp_path):
    try:
        libasan = subprocess.run(["gcc", "-print-file-name=libasan.so"], capture_output=True,
                                 text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs gcc")
    if not os.path.isabs(libasan):
        pytest.skip("gcc has no libasan")
    pytest.importorskip("Cython")
    src = tmp_path / "src"
    src.mkdir()
    _copy_tree(src)
    b = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace", "-j2"],
                       cwd=src, env=_clean_env(FASTACT_SANITIZE="address,undefined"),
                       capture_output=True, text=True, timeout=1200)
    assert b.returncode == 0, b.stdout[-3000:] + b.stderr[-3000:]
    env = _clean_env(
        PYTHONPATH=str(src), LD_PRELOAD=libasan, FASTACT_NUM_THREADS="2",
        # CPython itself keeps memory until exit: leaks are not what is checked
        ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1",
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
    r = subprocess.run([sys.executable, "-c", EXERCISE], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=1200)
    report = r.stderr[-5000:]
    assert r.returncode == 0 and r.stdout.startswith("ok"), report
    assert "AddressSanitizer" not in r.stderr and "runtime error" not in r.stderr, report
    # the sanitized build really was the one imported
    probe = subprocess.run([sys.executable, "-c", "import fastact; print(fastact.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert probe.stdout.strip().startswith(str(src)), probe.stdout + probe.stderr


def test_valgrind_memcheck_clean(tmp_path):
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        pytest.skip("valgrind not installed")
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
    small = EXERCISE.replace("(0, 1, 3, 15, 16, 17, 63, 1000, 70001, 200003)",
                             "(0, 1, 17, 1000)")
    env = _clean_env(PYTHONPATH=pkg_root, PYTHONMALLOC="malloc", FASTACT_NUM_THREADS="1")
    # errors are counted only when a frame of fastact's extension is on the stack
    r = subprocess.run([valgrind, "--tool=memcheck", "--error-exitcode=99", "--track-origins=no",
                        "--leak-check=no", "--quiet", sys.executable, "-c", small],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800)
    blocks, cur = [], []
    for line in r.stderr.splitlines():
        if re.match(r"^==\d+== ?$", line):
            if cur:
                blocks.append("\n".join(cur))
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append("\n".join(cur))
    ours = [b for b in blocks if "_core.cpython" in b or "kernels.cpython" in b]
    assert r.stdout.startswith("ok"), r.stderr[-5000:]
    assert not ours, "\n\n".join(ours)[:5000]
