"""runtime_info(), show_config(), __version__, SIMD level selection
(FASTACT_SIMD in subprocesses, the private set_simd hook), and no
flush-to-zero."""

import re
import sys

import numpy as np
import pytest

import fastact
from cases import SIMD_LEVELS
from subproc import run_json, run_py

LEVEL_NAMES = ["baseline", "avx2", "avx512", "generic"]


def test_runtime_info_keys_and_types():
    info = fastact.runtime_info()
    for key in ("version", "simd", "simd_compiled", "simd_supported", "openmp", "num_threads"):
        assert key in info, key
    assert info["version"] == fastact.__version__
    assert info["simd"] in LEVEL_NAMES
    assert isinstance(info["simd_compiled"], list) and info["simd_compiled"]
    assert isinstance(info["simd_supported"], list) and info["simd_supported"]
    assert set(info["simd_compiled"]) <= set(LEVEL_NAMES)
    assert set(info["simd_supported"]) <= set(info["simd_compiled"])
    assert info["simd"] in info["simd_supported"]
    assert isinstance(info["openmp"], bool)
    assert isinstance(info["num_threads"], int) and info["num_threads"] >= 1
    assert info["num_threads"] == fastact.get_num_threads()


def test_runtime_info_follows_changes():
    fastact.set_num_threads(1)
    assert fastact.runtime_info()["num_threads"] == 1
    for level in SIMD_LEVELS:
        fastact._core.set_simd(level)
        assert fastact.runtime_info()["simd"] == level


def test_show_config_prints_runtime_info(capsys):
    assert fastact.show_config() is None
    out = capsys.readouterr().out
    info = fastact.runtime_info()
    for key in ("version", "simd", "simd_compiled", "simd_supported", "openmp", "num_threads"):
        assert key in out
    assert info["version"] in out and info["simd"] in out


def test_version():
    assert isinstance(fastact.__version__, str)
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?([ab]|rc|\.dev|\.post)?\d*(\+[\w.]+)?",
                        fastact.__version__), fastact.__version__


def test_set_simd_returns_previous_level():
    start = fastact._core.get_simd()
    for level in SIMD_LEVELS:
        prev = fastact._core.set_simd(level)
        assert fastact._core.get_simd() == level
        assert prev in SIMD_LEVELS
        assert fastact._core.set_simd(start) == level
    assert fastact._core.get_simd() == start


def test_best_level_is_default_in_fresh_process():
    res, err = run_json("""
        import json, warnings
        warnings.simplefilter("error")
        import fastact
        print(json.dumps(fastact.runtime_info()))
    """)
    assert res["simd"] in res["simd_supported"]
    order = [lv for lv in ["avx512", "avx2", "baseline", "generic"] if lv in res["simd_supported"]]
    assert res["simd"] == order[0]


@pytest.mark.parametrize("level", SIMD_LEVELS)
def test_fastact_simd_env_forces_level(level):
    res, err = run_json("""
        import json, warnings
        warnings.simplefilter("error")
        import fastact, numpy as np
        y = fastact.gelu(np.linspace(-3, 3, 1001))
        print(json.dumps({"simd": fastact.runtime_info()["simd"],
                          "ok": bool(np.isfinite(y).all())}))
    """, env={"FASTACT_SIMD": level})
    assert res == {"simd": level, "ok": True}


UNSUPPORTED = [lv for lv in LEVEL_NAMES if lv not in SIMD_LEVELS] + ["bogus", "AVX9", "sse"]


@pytest.mark.parametrize("level", UNSUPPORTED)
def test_fastact_simd_env_unsupported_warns_and_uses_best(level):
    res, err = run_json("""
        import json, warnings
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            import fastact
        print(json.dumps({"simd": fastact.runtime_info()["simd"],
                          "supported": fastact.runtime_info()["simd_supported"],
                          "warnings": [(c.category.__name__, str(c.message)) for c in w]}))
    """, env={"FASTACT_SIMD": level})
    cats = [c for c, _ in res["warnings"]]
    assert "RuntimeWarning" in cats, res["warnings"]
    best = [lv for lv in ["avx512", "avx2", "baseline", "generic"] if lv in res["supported"]][0]
    assert res["simd"] == best


_FTZ_SCRIPT = """
import json, sys
import fastact, numpy as np
res = {"after_import": sys.float_info.min / 2 != 0.0}
x = np.full(1 << 21, 1e-310)
levels = fastact.runtime_info()["simd_supported"]
kept = []
for lv in levels:
    fastact._core.set_simd(lv)
    with fastact.num_threads(2):
        kept.append(bool(np.all(fastact.relu(x) == 1e-310)))
        kept.append(bool(np.all(fastact.leaky_relu(x.astype(np.float32) * 0 + np.float32(1e-40))
                                 == np.float32(1e-40))))
        fastact.gelu(np.linspace(-50, 50, 1 << 21))
res["subnormals_kept"] = all(kept)
res["after_kernels"] = sys.float_info.min / 2 != 0.0
res["numpy_after"] = bool(np.float64(sys.float_info.min) / 2 != 0)
print(json.dumps(res))
"""


def test_no_flush_to_zero_in_fresh_process():
    res, err = run_json(_FTZ_SCRIPT)
    assert res == {"after_import": True, "subnormals_kept": True, "after_kernels": True,
                   "numpy_after": True}


def test_no_flush_to_zero_in_this_process(simd_level):
    x = np.full(1 << 20, 5e-324)
    with fastact.num_threads(2):
        assert np.all(fastact.relu(x) == 5e-324)
        fastact.tanh(np.linspace(-1, 1, 1 << 20))
    assert sys.float_info.min / 2 != 0.0
    assert np.float64(sys.float_info.min) / 2 != 0


def test_import_prints_nothing():
    rc, out, err = run_py("import fastact")
    assert rc == 0 and out == "" and err == ""
