"""Lint (ruff for Python, cython-lint for the .pyx/.pxd) and typing (mypy
--strict on a small typed user of every public function, against the stubs
fastact ships with py.typed)."""

import os
import shutil
import subprocess
import sys

import pytest

import fastact

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.dirname(os.path.abspath(fastact.__file__))


def _tool(module):
    pytest.importorskip(module.replace("-", "_"))
    return [sys.executable, "-m", module.replace("-", "_")]


def test_ruff():
    cmd = _tool("ruff")
    p = subprocess.run(cmd + ["check", "."], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_cython_lint():
    exe = shutil.which("cython-lint")
    if exe is None:
        pytest.importorskip("cython_lint")
        exe = None
    files = [os.path.join("fastact", f) for f in os.listdir(os.path.join(ROOT, "fastact"))
             if f.endswith((".pyx", ".pxd"))]
    cmd = ([exe] if exe else [sys.executable, "-m", "cython_lint"]) + [
        "--max-line-length", "100"] + files
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_package_is_typed():
    assert os.path.isfile(os.path.join(PKG, "py.typed"))
    assert os.path.isfile(os.path.join(PKG, "__init__.pyi"))


def test_stubs_cover_the_public_api():
    import ast
    with open(os.path.join(PKG, "__init__.pyi")) as f:
        tree = ast.parse(f.read())
    stubbed = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    public = {n for n in fastact.__all__ if callable(getattr(fastact, n))}
    assert public <= stubbed, public - stubbed


def test_mypy_strict_typed_example(tmp_path):
    cmd = _tool("mypy")
    # installed: mypy finds the package through py.typed (PEP 561); in a source
    # checkout (in-place build) through MYPYPATH.  The working directory is a
    # scratch one: run in site-packages, mypy would take its modules as the
    # user's own
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    parent = os.path.dirname(PKG)
    if os.path.exists(os.path.join(parent, "pyproject.toml")):
        env["MYPYPATH"] = parent
    p = subprocess.run(cmd + ["--strict", "--no-incremental", "--cache-dir", os.devnull,
                              os.path.join(ROOT, "tests", "typed_example.py")],
                       cwd=tmp_path, capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stdout + p.stderr


def test_generated_stubs_are_current():
    """The elementwise stubs come from the functions' signatures
    (tools/gen_stubs.py); a signature change without regenerating fails here."""
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_stubs.py"), "--check"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
