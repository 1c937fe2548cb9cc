"""pytest-benchmark suite for fastact: every forward and gradient against its
obvious NumPy code, parametrized from fastact._bench.CASES (the table behind
``python -m fastact bench``).  See README.md in this directory.

Options (all comma-separated lists):
  --fa-ops      ops or families (default all; e.g. relu,gelu,sigmoid_grad_y)
  --fa-dtypes   float32,float64 (default both)
  --fa-sizes    1K,64K,1M,16M (default)
  --fa-threads  1,2 (default)
  --fa-impls    implementation labels (default "fastact ip,numpy"; "all" adds the
                in-place NumPy form and the installed peers: scipy, numexpr, torch)
  --fa-inputs   typical | saturated | subnormal (default typical)
"""

import numpy as np
import pytest

from fastact import _bench as B


def pytest_addoption(parser):
    g = parser.getgroup("fastact", "fastact benchmark selection")
    g.addoption("--fa-ops", default=None, help="ops or families, comma-separated")
    g.addoption("--fa-dtypes", default="float32,float64")
    g.addoption("--fa-sizes", default="1K,64K,1M,16M")
    g.addoption("--fa-threads", default="1,2")
    g.addoption("--fa-impls", default="fastact ip,numpy",
                help='implementation labels, or "all"')
    g.addoption("--fa-inputs", default="typical")


def _split(s):
    return [t.strip() for t in s.split(",") if t.strip()]


def pytest_generate_tests(metafunc):
    if "fa_cell" not in metafunc.fixturenames:
        return
    opt = metafunc.config.getoption
    grad = metafunc.module.GRAD
    cases = [c for c in B.select_cases(opt("--fa-ops"), grad=grad, forward=not grad)]
    impls = opt("--fa-impls")
    if impls.strip() == "all":
        B.load_peers()
        wanted = None
    else:
        wanted = _split(impls)
    params, ids = [], []
    for case in cases:
        labels = [i.label for i in case.impls if i.label != "fastact"  # allocating form: skip
                  and (wanted is None and B.peer_available(i.lib)
                       or wanted is not None and (i.label in wanted or
                                                  i.role == "obvious" and "numpy" in wanted))]
        for dtype in _split(opt("--fa-dtypes")):
            for size in _split(opt("--fa-sizes")):
                n = B.parse_size(size)
                for nt in (int(t) for t in _split(opt("--fa-threads"))):
                    for kind in _split(opt("--fa-inputs")):
                        for label in labels:
                            params.append((case, np.dtype(dtype), n, nt, kind, label))
                            ids.append(f"{case.name}-{dtype}-{B.fmt_size(n)}-t{nt}"
                                       + (f"-{kind}" if kind != "typical" else "")
                                       + f"-{label.replace(' ', '_').replace('+', '_')}")
    metafunc.parametrize("fa_cell", params, ids=ids)


@pytest.fixture
def fa_threads():
    """Sets fastact's (and torch's/numexpr's) thread count; restores it after."""
    saved = B.save_threads()
    yield B._set_threads
    B.restore_threads(saved)


@pytest.fixture
def fa_run(benchmark, fa_cell, fa_threads):
    """Runs the benchmark of this test's cell: fa_run()."""
    return lambda: _run_cell(benchmark, fa_cell, fa_threads)


def _run_cell(benchmark, fa_cell, fa_threads):
    case, dtype, n, nt, kind, label = fa_cell
    fa_threads(nt)
    impl = case.impl(label)
    arrays = B.make_inputs(case, n, dtype, kind)
    b = B.bind(case, impl, arrays)
    benchmark.group = f"{case.name} {dtype.name} {B.fmt_size(n)} t{nt}" + (
        f" {kind}" if kind != "typical" else "")
    nbytes = case.n_arrays * n * dtype.itemsize
    benchmark.extra_info.update(case=case.name, dtype=dtype.name, size=n, threads=nt,
                                inputs=kind, impl=label, bytes=nbytes)
    with np.errstate(all="ignore"):
        if b.restore is None:
            benchmark(b.call)
        else:
            # in place: a fresh copy of the input before every (timed) call
            b.restore()
            b.call()
            t = B._sample(b)
            rounds = max(5, min(2000, int(0.3 / max(t, 1e-7))))
            benchmark.pedantic(b.call, setup=b.restore, rounds=rounds, iterations=1,
                               warmup_rounds=2)
    if benchmark.stats is not None:
        med = benchmark.stats.stats.median
        benchmark.extra_info["GB/s"] = round(nbytes / med / 1e9, 2) if med else None
