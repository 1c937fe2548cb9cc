"""The compiled-caller API: a Cython extension that cimports fastact.kernels
(inside its own prange loop) and a plain C extension that uses the capsule,
both built here at test time with the same compiler, give bitwise the Python
API's results; bad arguments return -1 and write nothing."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import fastact

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.slow

CYTHON_SRC = r'''
# cython: language_level=3, boundscheck=False, wraparound=False
from cython.parallel cimport prange
from fastact.kernels cimport (gelu_f32, elu_f64, softplus_f32, silu_grad_f32,
                              leaky_relu_grad_y_f64, softplus_grad_f64, softmax_f32,
                              log_softmax_grad_y_f64, elu_grad_y_f32, sigmoid_f32_mt,
                              mish_f32, celu_grad_y_f64, celu_f32, celu_grad_f32)

def celu(float[::1] x, float[::1] y, double alpha):
    cdef int rc
    with nogil:
        rc = celu_f32(&x[0], &y[0], x.shape[0], alpha)
    return rc

def celu_grad(float[::1] g, float[::1] x, float[::1] out, double alpha):
    cdef int rc
    with nogil:
        rc = celu_grad_f32(&g[0], &x[0], &out[0], x.shape[0], alpha)
    return rc

def gelu_rows(float[:, ::1] x, float[:, ::1] y):
    """fastact's gelu on each row, rows spread over this module's own threads."""
    cdef Py_ssize_t i, n = x.shape[0], m = x.shape[1]
    cdef int bad = 0
    for i in prange(n, nogil=True, schedule="static", num_threads=2):
        bad += gelu_f32(&x[i, 0], &y[i, 0], m)
    return bad

def elu(double[::1] x, double[::1] y, double alpha):
    cdef int rc
    with nogil:
        rc = elu_f64(&x[0], &y[0], x.shape[0], alpha)
    return rc

def softplus(float[::1] x, float[::1] y, double beta, double threshold):
    cdef int rc
    with nogil:
        rc = softplus_f32(&x[0], &y[0], x.shape[0], beta, threshold)
    return rc

def silu_grad(float[::1] g, float[::1] x, float[::1] out):
    cdef int rc
    with nogil:
        rc = silu_grad_f32(&g[0], &x[0], &out[0], x.shape[0])
    return rc

def leaky_relu_grad_y(double[::1] g, double[::1] y, double[::1] out, double s):
    cdef int rc
    with nogil:
        rc = leaky_relu_grad_y_f64(&g[0], &y[0], &out[0], y.shape[0], s)
    return rc

def softplus_grad(double[::1] g, double[::1] x, double[::1] out, double b, double t):
    cdef int rc
    with nogil:
        rc = softplus_grad_f64(&g[0], &x[0], &out[0], x.shape[0], b, t)
    return rc

def softmax(float[:, ::1] x, float[:, ::1] y):
    cdef int rc
    with nogil:
        rc = softmax_f32(&x[0, 0], &y[0, 0], x.shape[0], x.shape[1])
    return rc

def log_softmax_grad_y(double[:, ::1] g, double[:, ::1] y, double[:, ::1] out):
    cdef int rc
    with nogil:
        rc = log_softmax_grad_y_f64(&g[0, 0], &y[0, 0], &out[0, 0], y.shape[0], y.shape[1])
    return rc

def elu_grad_y(float[::1] g, float[::1] y, float[::1] out, double alpha):
    cdef int rc
    with nogil:
        rc = elu_grad_y_f32(&g[0], &y[0], &out[0], y.shape[0], alpha)
    return rc

def mish(float[::1] x, float[::1] y):
    cdef int rc
    with nogil:
        rc = mish_f32(&x[0], &y[0], x.shape[0])
    return rc

def celu_grad_y(double[::1] g, double[::1] y, double[::1] out, double alpha):
    cdef int rc
    with nogil:
        rc = celu_grad_y_f64(&g[0], &y[0], &out[0], y.shape[0], alpha)
    return rc

def sigmoid_mt(float[::1] x, float[::1] y):
    cdef int rc
    with nogil:
        rc = sigmoid_f32_mt(&x[0], &y[0], x.shape[0])
    return rc
'''

C_SRC = r'''
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "fastact.h"

static const fastact_api *fa;

/* sigmoid_grad_f32(g, x, out) over buffers; returns the API's status */
static PyObject *sigmoid_grad(PyObject *self, PyObject *args)
{
    Py_buffer g, x, out;
    if (!PyArg_ParseTuple(args, "y*y*w*", &g, &x, &out)) return NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = fa->sigmoid_grad_f32(g.buf, x.buf, out.buf, (ptrdiff_t)(x.len / sizeof(float)));
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&g); PyBuffer_Release(&x); PyBuffer_Release(&out);
    return PyLong_FromLong(rc);
}

/* tanh_f64_mt(x, y) */
static PyObject *tanh_mt(PyObject *self, PyObject *args)
{
    Py_buffer x, y;
    if (!PyArg_ParseTuple(args, "y*w*", &x, &y)) return NULL;
    int rc = fa->tanh_f64_mt(x.buf, y.buf, (ptrdiff_t)(x.len / sizeof(double)));
    PyBuffer_Release(&x); PyBuffer_Release(&y);
    return PyLong_FromLong(rc);
}

/* log_softmax_f32(x, y, nrows, len) */
static PyObject *log_softmax(PyObject *self, PyObject *args)
{
    Py_buffer x, y;
    Py_ssize_t nrows, len;
    if (!PyArg_ParseTuple(args, "y*w*nn", &x, &y, &nrows, &len)) return NULL;
    int rc = fa->log_softmax_f32(x.buf, y.buf, nrows, len);
    PyBuffer_Release(&x); PyBuffer_Release(&y);
    return PyLong_FromLong(rc);
}

/* leaky_relu_f32(x, y, slope) with a given n (to test n < 0) */
static PyObject *leaky_relu(PyObject *self, PyObject *args)
{
    Py_buffer x, y;
    double s;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y*w*dn", &x, &y, &s, &n)) return NULL;
    int rc = fa->leaky_relu_f32(x.buf, y.buf, n, s);
    PyBuffer_Release(&x); PyBuffer_Release(&y);
    return PyLong_FromLong(rc);
}

static PyMethodDef methods[] = {
    {"sigmoid_grad", sigmoid_grad, METH_VARARGS, NULL},
    {"tanh_mt", tanh_mt, METH_VARARGS, NULL},
    {"log_softmax", log_softmax, METH_VARARGS, NULL},
    {"leaky_relu", leaky_relu, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "capi_c_user", NULL, -1, methods};

PyMODINIT_FUNC PyInit_capi_c_user(void)
{
    fa = fastact_import();
    if (fa == NULL) return NULL;
    return PyModule_Create(&mod);
}
'''

SETUP_PY = r'''
import fastact
from setuptools import Extension, setup
from Cython.Build import cythonize
cy = Extension("capi_cy_user", ["capi_cy_user.pyx"],
               extra_compile_args=["-fopenmp"], extra_link_args=["-fopenmp"])
c = Extension("capi_c_user", ["capi_c_user.c"], include_dirs=[fastact.get_include()])
setup(name="capi_users", ext_modules=cythonize([cy], quiet=True) + [c],
      script_args=["build_ext", "--inplace", "-q"])
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build both user extensions once; returns their directory."""
    pytest.importorskip("Cython")
    d = tmp_path_factory.mktemp("capi_users")
    (d / "capi_cy_user.pyx").write_text(CYTHON_SRC)
    (d / "capi_c_user.c").write_text(C_SRC)
    (d / "setup_users.py").write_text(SETUP_PY)
    env = dict(os.environ)
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
    env["PYTHONPATH"] = pkg_root + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "setup_users.py"], cwd=d, env=env,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, f"building the C API users failed:\n{p.stdout}\n{p.stderr}"
    sys.path.insert(0, str(d))
    yield d
    sys.path.remove(str(d))


def _f32(rng, *shape):
    return (3 * rng.standard_normal(shape)).astype(np.float32)


def test_generated_files_are_current():
    """fastact.h, kernels.pxd and kernels.pyx match tools/gen_capi.py's table."""
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_capi.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_header_is_shipped():
    assert os.path.isfile(os.path.join(fastact.get_include(), "fastact.h"))


def test_api_covers_the_python_api():
    """Every public forward and gradient has a C entry point, both dtypes,
    single-threaded and _mt."""
    import fastact.kernels as K
    names = set(K.__pyx_capi__)
    rows = ("softmax", "log_softmax", "softmin", "sparsemax")
    for f in ["relu", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "silu", "sigmoid",
              "tanh", "softplus", "hardsigmoid", "hardswish", "sparse_plus", "sparse_sigmoid",
              "log_sigmoid", "softsign", "mish", "tanhshrink", "celu", "softshrink",
              "hardshrink", "squareplus", *rows]:
        for sfx in ("f32", "f64"):
            assert f"{f}_{sfx}" in names and f"{f}_{sfx}_mt" in names
            grad = f"{f}_grad_y" if f in rows else f"{f}_grad"
            assert f"{grad}_{sfx}" in names and f"{grad}_{sfx}_mt" in names
    for sfx in ("f32", "f64"):   # a reduction: no gradient entry (Python-only)
        assert f"logsumexp_{sfx}" in names and f"logsumexp_{sfx}_mt" in names


def test_cython_user_bitwise(built):
    import capi_cy_user as U
    rng = np.random.default_rng(0)
    x = _f32(rng, 64, 1000)
    y = np.empty_like(x)
    assert U.gelu_rows(x, y) == 0
    np.testing.assert_array_equal(y, fastact.gelu(x))

    xd = 3 * rng.standard_normal(5000)
    yd = np.empty_like(xd)
    assert U.elu(xd, yd, 0.7) == 0
    np.testing.assert_array_equal(yd, fastact.elu(xd, 0.7))

    x1 = _f32(rng, 5000)
    y1 = np.empty_like(x1)
    assert U.softplus(x1, y1, 2.0, 20.0) == 0
    np.testing.assert_array_equal(y1, fastact.softplus(x1, beta=2.0))
    assert U.softplus(x1, y1, 1.0, 20.0) == 0
    np.testing.assert_array_equal(y1, fastact.softplus(x1))

    g1 = _f32(rng, 5000)
    o1 = np.empty_like(x1)
    assert U.silu_grad(g1, x1, o1) == 0
    np.testing.assert_array_equal(o1, fastact.silu_grad(g1, x1))

    gd = rng.standard_normal(5000)
    yl = fastact.leaky_relu(xd, 0.2)
    od = np.empty_like(xd)
    assert U.leaky_relu_grad_y(gd, yl, od, 0.2) == 0
    np.testing.assert_array_equal(od, fastact.leaky_relu_grad(gd, yl, 0.2, from_output=True))
    assert U.softplus_grad(gd, xd, od, 0.5, 3.0) == 0
    np.testing.assert_array_equal(od, fastact.softplus_grad(gd, xd, 0.5, 3.0))

    xs = _f32(rng, 33, 257)
    ys = np.empty_like(xs)
    assert U.softmax(xs, ys) == 0
    np.testing.assert_array_equal(ys, fastact.softmax(xs))

    xr = 3 * rng.standard_normal((17, 300))
    lr = fastact.log_softmax(xr)
    gr = rng.standard_normal(xr.shape)
    orr = np.empty_like(xr)
    assert U.log_softmax_grad_y(gr, lr, orr) == 0
    np.testing.assert_array_equal(orr, fastact.log_softmax_grad(gr, lr, from_output=True))

    xm = _f32(rng, 3001)
    ym = np.empty_like(xm)
    assert U.mish(xm, ym) == 0
    np.testing.assert_array_equal(ym, fastact.mish(xm))
    yc = fastact.celu(xd, 0.7)
    assert U.celu_grad_y(gd, yc, od, 0.7) == 0
    np.testing.assert_array_equal(od, fastact.celu_grad(gd, yc, 0.7, from_output=True))

    # celu: the Python layer picks a float-lane kernel for 1e-30 <= alpha <= 1e30
    # and the general one outside; the C entry must pick the same
    o1 = np.empty_like(x1)
    for alpha in (0.7, 1e-31, 3e30, -0.5):
        assert U.celu(x1, y1, alpha) == 0
        np.testing.assert_array_equal(y1, fastact.celu(x1, alpha))
        assert U.celu_grad(g1, x1, o1, alpha) == 0
        np.testing.assert_array_equal(o1, fastact.celu_grad(g1, x1, alpha))

    big = _f32(rng, 1 << 20)   # above the grain: the _mt form runs threaded
    yb = np.empty_like(big)
    assert U.sigmoid_mt(big, yb) == 0
    np.testing.assert_array_equal(yb, fastact.sigmoid(big))


def test_cython_user_bad_arguments_write_nothing(built):
    import capi_cy_user as U
    rng = np.random.default_rng(1)
    g, y = _f32(rng, 100), fastact.elu(_f32(rng, 100))
    out = np.full_like(y, 7.0)
    assert U.elu_grad_y(g, y, out, -1.0) == -1       # alpha < 0: not from the output
    assert U.elu_grad_y(g, y, out, float("nan")) == -1
    assert (out == 7.0).all()
    x = _f32(rng, 100)
    o2 = np.full_like(x, 7.0)
    gd, yd = rng.standard_normal(100), fastact.celu(rng.standard_normal(100))
    od = np.full_like(yd, 7.0)
    assert U.celu_grad_y(gd, yd, od, 0.0) == -1       # alpha = 0: celu divides by it
    assert U.celu_grad_y(gd, yd, od, -0.5) == -1      # alpha < 0: not from the output
    assert (od == 7.0).all()
    assert U.softplus(x, o2, 0.0, 20.0) == -1         # beta must be > 0
    assert U.softplus(x, o2, 1.0, float("nan")) == -1
    assert (o2 == 7.0).all()


def test_c_user_bitwise(built):
    import capi_c_user as C
    rng = np.random.default_rng(2)
    g, x = _f32(rng, 10007), _f32(rng, 10007)
    out = np.empty_like(x)
    assert C.sigmoid_grad(g, x, out) == 0
    np.testing.assert_array_equal(out, fastact.sigmoid_grad(g, x))

    xd = 3 * rng.standard_normal(1 << 20)
    yd = np.empty_like(xd)
    assert C.tanh_mt(xd, yd) == 0
    np.testing.assert_array_equal(yd, fastact.tanh(xd))

    xs = _f32(rng, 40, 129)
    ys = np.empty_like(xs)
    assert C.log_softmax(xs, ys, 40, 129) == 0
    np.testing.assert_array_equal(ys, fastact.log_softmax(xs))

    x1 = _f32(rng, 64)
    y1 = np.full_like(x1, 7.0)
    assert C.leaky_relu(x1, y1, 0.1, -1) == -1          # n < 0
    assert C.leaky_relu(x1, y1, float("inf"), 64) == -1  # slope must be finite
    assert (y1 == 7.0).all()
    assert C.leaky_relu(x1, y1, 0.1, 64) == 0
    np.testing.assert_array_equal(y1, fastact.leaky_relu(x1, 0.1))


def test_entry_points_follow_the_simd_level(built):
    """The C entry points run the level selected in fastact (here forced in a
    fresh process), bitwise equal to the Python API at that level."""
    code = textwrap.dedent(f"""
        import sys, numpy as np
        sys.path.insert(0, {str(built)!r})
        import fastact, capi_cy_user as U
        lv = fastact.runtime_info()["simd_supported"][0]
        fastact._core.set_simd(lv)
        x = (3 * np.random.default_rng(3).standard_normal((8, 999))).astype(np.float32)
        y = np.empty_like(x)
        assert U.gelu_rows(x, y) == 0
        assert (y == fastact.gelu(x)).all()
        print("ok", lv)
    """)
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(fastact.__file__)))
    env = dict(os.environ, PYTHONPATH=pkg_root)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       cwd=str(built), timeout=120)   # cwd: not a source tree's fastact
    assert p.returncode == 0 and p.stdout.startswith("ok"), p.stderr
