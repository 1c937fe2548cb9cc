"""Packaging: `python -m build` makes an sdist and, from it, a wheel;
`auditwheel show` accepts the wheel; the wheel installed into a fresh virtual
environment passes tests run from the unpacked sdist (so a file missing from
the sdist -- a header, a .pxd, the README table the tests read -- fails here,
not on a user's machine)."""

import glob
import os
import shutil
import subprocess
import sys
import tarfile

import pytest

import fastact

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="Linux wheel checks")]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    pytest.importorskip("build")
    if not os.path.exists(os.path.join(ROOT, "pyproject.toml")):
        pytest.skip("needs the source tree")
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "fastact-src"
    # build from a copy without compiled files, as a fresh clone would be
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        "*.so", "build", "dist", "*.egg-info", "__pycache__", ".git", ".pytest_cache",
        ".benchmarks", ".hypothesis", "_core.c", "kernels.c"))
    p = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(src)],
                       capture_output=True, text=True, timeout=1500)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    sdists = glob.glob(str(out / "fastact-*.tar.gz"))
    wheels = glob.glob(str(out / "fastact-*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, os.listdir(out)
    return sdists[0], wheels[0]


def test_sdist_contents(dist):
    sdist, _ = dist
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for need in ["setup.py", "pyproject.toml", "README.md", "csrc/fa_ops.h",
                 "csrc/fa_capi.c", "fastact/_core.pyx", "fastact/kernels.pyx",
                 "fastact/kernels.pxd", "fastact/include/fastact.h", "fastact/__init__.pyi",
                 "fastact/py.typed", "tools/gen_capi.py", "tests/conftest.py", "CHANGELOG.md"]:
        assert need in names, f"{need} missing from the sdist"
    assert not any(n.endswith((".so", "_core.c")) for n in names)


def test_wheel_passes_auditwheel_show(dist):
    pytest.importorskip("auditwheel")
    _, wheel = dist
    p = subprocess.run([sys.executable, "-m", "auditwheel", "show", wheel],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "platform tag" in p.stdout, p.stdout


def test_tests_from_the_sdist_pass_against_the_installed_wheel(dist, tmp_path):
    sdist, wheel = dist
    with tarfile.open(sdist) as t:
        t.extractall(tmp_path, filter="data")
    tree = glob.glob(str(tmp_path / "fastact-*"))[0]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=300)
    py = str(venv / "bin" / "python")
    p = subprocess.run([py, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                        wheel], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    # the venv's pytest script (not `python -m`): the unpacked tree must not
    # shadow the installed package
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run([py, "-c", "import fastact, sys; print(fastact.__file__)"],
                           cwd=str(tmp_path), capture_output=True, text=True, env=env)
    assert str(venv) in probe.stdout, probe.stdout + probe.stderr
    p = subprocess.run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "tests/test_out_argument.py", "tests/test_bad_inputs.py",
                        "tests/test_capi.py", "tests/test_lint_and_typing.py",
                        "tests/test_runtime_config.py"],
                       cwd=tree, capture_output=True, text=True, env=dict(env, PYTHONSAFEPATH="1"),
                       timeout=1200)
    assert p.returncode == 0, p.stdout[-5000:] + p.stderr[-3000:]
    assert fastact.__version__ in subprocess.run(
        [py, "-c", "import fastact; print(fastact.__version__)"], cwd=str(tmp_path),
        capture_output=True, text=True, env=env).stdout
