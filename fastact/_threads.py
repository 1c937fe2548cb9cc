"""Thread-count controls.  The count is resolved in C at every call large enough
to be threaded (see csrc/fa_runtime.c, fa_resolve_threads): set_num_threads /
num_threads, then FASTACT_NUM_THREADS, then threadpoolctl's limit, then
OMP_NUM_THREADS, then the OpenMP default -- never above the CPUs this process
may use.  fastact never modifies os.environ."""

import contextlib
import os

from . import _core


def _cpu_limit(cgroup="/sys/fs/cgroup"):
    """CPUs this process may use: affinity mask and cgroup v2/v1 quota
    (`cgroup`: the mount point, a parameter for the tests)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = None
    try:
        with open(os.path.join(cgroup, "cpu.max")) as f:
            q, period = f.read().split()[:2]
            if q != "max":
                quota = int(q) / int(period)
    except (OSError, ValueError):
        try:
            with open(os.path.join(cgroup, "cpu", "cpu.cfs_quota_us")) as f:
                q = int(f.read())
            with open(os.path.join(cgroup, "cpu", "cpu.cfs_period_us")) as f:
                period = int(f.read())
            if q > 0 and period > 0:
                quota = q / period
        except (OSError, ValueError):
            pass
    if quota is not None:
        n = min(n, max(1, int(quota + 0.999)))
    return max(1, n)


def get_num_threads():
    """The number of threads the next large kernel call will use."""
    return _core.resolve_threads()


def set_num_threads(n):
    """Use ``n`` threads for large kernel calls from now on (process-wide).

    Returns the previous ``get_num_threads()``.  ``n`` is capped at the number
    of CPUs this process may use.  ``set_num_threads(None)`` returns to the
    default resolution (FASTACT_NUM_THREADS, threadpoolctl, OMP_NUM_THREADS).
    """
    prev = get_num_threads()
    if n is None:
        _core.set_user_threads(0)
        return prev
    if isinstance(n, bool) or not isinstance(n, int) and not hasattr(n, "__index__"):
        raise TypeError(f"set_num_threads: n must be a positive int, got {type(n).__name__}")
    n = int(n)
    if n < 1:
        raise ValueError(f"set_num_threads: n must be >= 1, got {n}")
    _core.set_user_threads(n)
    return prev


@contextlib.contextmanager
def num_threads(n):
    """Context manager: ``with fastact.num_threads(1): ...`` restores the previous
    setting on exit."""
    saved = _core.get_user_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        _core.set_user_threads(saved)


_core.init_threads(_cpu_limit())
