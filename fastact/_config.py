"""Build and runtime configuration: SIMD level selection and runtime_info()."""

import os
import platform
import warnings

from . import _core
from ._threads import _cpu_limit, get_num_threads
from ._version import __version__


def _select_simd():
    """FASTACT_SIMD=baseline|avx2|avx512 forces a level (not above the CPU's)."""
    want = os.environ.get("FASTACT_SIMD", "").strip().lower()
    best = _core.best_simd()
    if not want:
        _core.set_simd(best)
        return
    supported = _core.simd_supported()
    if want in supported:
        _core.set_simd(want)
        return
    _core.set_simd(best)
    warnings.warn(f"FASTACT_SIMD={want!r} is not a level this machine supports "
                  f"{supported}; using {best!r}", RuntimeWarning, stacklevel=3)


def runtime_info():
    """Build and runtime facts as a dict (what ``show_config()`` prints)."""
    import numpy
    return {
        "version": __version__,
        "simd": _core.get_simd(),
        "simd_compiled": _core.simd_compiled(),
        "simd_supported": _core.simd_supported(),
        "openmp": _core.openmp_enabled(),
        "openmp_version": _core.openmp_version() or None,
        "num_threads": get_num_threads(),
        "cpu_limit": _cpu_limit(),
        "forked_serial": _core.parallel_broken(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
    }


def show_config():
    """Print fastact's build and runtime configuration."""
    info = runtime_info()
    width = max(len(k) for k in info)
    for k, v in info.items():
        print(f"{k:<{width}} : {v}")
