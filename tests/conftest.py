import os
import sys

import numpy as np
import pytest

# The helper modules (cases.py, ulp_check.py) live beside the tests.
sys.path.insert(0, os.path.dirname(__file__))

import fastact  # noqa: E402

from cases import SIMD_LEVELS  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long test (still run by default; "
                                       "deselect with -m 'not slow')")


@pytest.fixture(autouse=True)
def _floating_point_errors_raise():
    """Every test runs with NumPy floating-point errors raising: fastact must
    not trip a NumPy FP warning for any input (the tests' own NumPy code
    silences what it expects)."""
    with np.errstate(all="raise"):
        yield


@pytest.fixture(autouse=True)
def _restore_global_state():
    """Tests that change the SIMD level or the thread count cannot leak it.
    (The thread setting is restored through the private hooks when they
    exist, so that "never set by the user" is restored too.)"""
    core = fastact._core
    level = core.get_simd()
    has_hooks = hasattr(core, "get_user_threads") and hasattr(core, "set_user_threads")
    saved = core.get_user_threads() if has_hooks else fastact.get_num_threads()
    yield
    core.set_simd(level)
    if has_hooks:
        core.set_user_threads(saved)
    else:
        fastact.set_num_threads(saved)


@pytest.fixture(params=SIMD_LEVELS)
def simd_level(request):
    """Parametrize a test over every SIMD level this CPU supports."""
    prev = fastact._core.set_simd(request.param)
    try:
        yield request.param
    finally:
        fastact._core.set_simd(prev)
