"""Dask (local scheduler and a real distributed LocalCluster) and xarray."""

import numpy as np
import pytest

import fastact
from cases import ALL_NAMES, call, is_grad, sample_args

da = pytest.importorskip("dask.array")


@pytest.mark.parametrize("name", ALL_NAMES)
def test_dask_lazy_and_bitwise(name):
    args = sample_args(name, shape=(64, 96))
    dargs = [da.from_array(a, chunks=(16, 96)) for a in args]
    res = call(name, *dargs)
    assert isinstance(res, da.Array)                       # lazy
    np.testing.assert_array_equal(res.compute(), call(name, *args))
    if is_grad(name):                                      # numpy grad, dask x
        mixed = call(name, args[0], dargs[1])
        np.testing.assert_array_equal(mixed.compute(), call(name, *args))


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmax_grad",
                                  "log_softmax_grad"])
def test_dask_axis_split_over_chunks_raises(name):
    args = sample_args(name, shape=(64, 96))
    dargs = [da.from_array(a, chunks=(16, 32)) for a in args]
    with pytest.raises(ValueError, match="rechunk"):
        call(name, *dargs)
    ok = call(name, *[d.rechunk({1: -1}) for d in dargs])
    np.testing.assert_array_equal(ok.compute(), call(name, *args))


def test_dask_out_and_dtype_errors():
    x = da.ones((10,), chunks=5, dtype=np.float32)
    with pytest.raises(TypeError, match="out= is not supported"):
        fastact.relu(x, out=np.empty(10, np.float32))
    with pytest.raises(TypeError, match="complex64"):
        fastact.sigmoid(x.astype(np.complex64))
    assert fastact.relu(da.ones((4,), chunks=2, dtype=np.int64)).dtype == np.float64


@pytest.mark.slow
def test_distributed_local_cluster():
    """2 worker processes, 1 thread each, 10^8 float32 elements in chunks:
    forward and gradient equal the local computation bitwise, and each
    worker's kernels run on its thread budget (1 OpenMP thread)."""
    distributed = pytest.importorskip("distributed")
    n = 10**8
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit="6GiB") as cluster, \
            distributed.Client(cluster) as client:
        threads = client.run(lambda: fastact.get_num_threads())
        assert sorted(threads.values()) == [1, 1], threads
        x = da.random.default_rng(7).standard_normal(n, chunks=n // 20, dtype=np.float32)
        g = da.random.default_rng(8).standard_normal(n, chunks=n // 20, dtype=np.float32)
        y, dy = client.compute([fastact.gelu(x), fastact.gelu_grad(g, x)], sync=True)
        xl, gl = client.compute([x, g], sync=True)
    np.testing.assert_array_equal(y, fastact.gelu(xl))
    np.testing.assert_array_equal(dy, fastact.gelu_grad(gl, xl))


def test_xarray_apply_ufunc_keeps_coordinates():
    xr = pytest.importorskip("xarray")
    rng = np.random.default_rng(0)
    arr = xr.DataArray(rng.standard_normal((3, 5)).astype(np.float32), dims=("batch", "class"),
                       coords={"batch": [10, 20, 30], "class": list("abcde")})
    y = xr.apply_ufunc(fastact.gelu, arr)
    assert y.dims == arr.dims and (y["class"] == arr["class"]).all()
    np.testing.assert_array_equal(y.values, fastact.gelu(arr.values))
    # along a named dimension: the core dimension is moved last (axis=-1)
    p = xr.apply_ufunc(fastact.softmax, arr.transpose("class", "batch"),
                       input_core_dims=[["class"]], output_core_dims=[["class"]])
    np.testing.assert_array_equal(p.transpose("batch", "class").values,
                                  fastact.softmax(arr.values, axis=1))
    # dask-backed DataArray: fastact maps the blocks itself (dask="allowed")
    lazy = xr.apply_ufunc(fastact.silu, arr.chunk({"batch": 1}), dask="allowed")
    np.testing.assert_array_equal(lazy.compute().values, fastact.silu(arr.values))
