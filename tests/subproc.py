"""Run Python snippets in a fresh interpreter that imports the same fastact
as the test process (not a test module)."""

import json
import os
import subprocess
import sys
import textwrap

import fastact

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
_CLEAR = ("FASTACT_SIMD", "FASTACT_NUM_THREADS", "OMP_NUM_THREADS", "OMP_THREAD_LIMIT",
          "OMP_DYNAMIC")


def run_py(code, env=None, timeout=120):
    """Run code; returns (returncode, stdout, stderr).  env entries override
    a copy of os.environ from which fastact/OpenMP variables are removed."""
    e = {k: v for k, v in os.environ.items() if k not in _CLEAR}
    e["PYTHONPATH"] = _ROOT + os.pathsep + e.get("PYTHONPATH", "")
    e.update(env or {})
    p = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=e, cwd=_ROOT,
                       capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def run_json(code, env=None, timeout=120):
    """Run code that prints one JSON document as its last stdout line."""
    rc, out, err = run_py(code, env, timeout)
    assert rc == 0, f"subprocess failed ({rc}):\n{err}"
    return json.loads(out.strip().splitlines()[-1]), err
