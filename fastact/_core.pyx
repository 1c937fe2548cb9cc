# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled core: the fast path of every public function, and the runtime
(SIMD level, threads) controls.

The fast path accepts exactly the arrays the kernels can run on directly:
base-class ndarrays of native float32/float64, aligned, C- or F-contiguous,
with an ``out`` that is either absent, the very same buffer as an input, or a
disjoint array of the same layout.  Everything else -- conversion, broadcasting,
strided or overlapping buffers, and every error message -- is handled by
fastact._normalize, which then calls back here with arrays that qualify.
"""
cimport numpy as cnp

cnp.import_array()

cdef extern from "fa_runtime.h" nogil:
    ctypedef Py_ssize_t fa_ssize
    int FA_F32, FA_F64, FA_N_LEVELS, FA_MAXP, FA_VJPX_MAX
    int FA_N_UNARY, FA_N_BINARY, FA_N_ROW, FA_N_ROW_BWD, FA_N_ROWM, FA_N_GATED, FA_N_GATED_BWD
    const char *fa_level_name(int level)
    int fa_level_compiled(int level)
    int fa_level_supported(int level)
    int fa_best_level()
    int fa_get_level()
    int fa_set_level(int level)
    int fa_openmp_enabled()
    const char *fa_openmp_version()
    void fa_init_threads(int cpu_limit)
    void fa_set_user_threads(int n)
    int fa_get_user_threads()
    int fa_resolve_threads()
    int fa_parallel_broken()
    void fa_run_unary(int dtype, int op, const void *x, void *y, fa_ssize n, const double *p)
    void fa_run_binary(int dtype, int op, const void *g, const void *x, void *y, fa_ssize n,
                       const double *p)
    void fa_run_unary_bias(int dtype, int op, const void *x, const void *b, void *y,
                           fa_ssize nrows, fa_ssize len, const double *p)
    void fa_run_binary_bias(int dtype, int op, const void *g, const void *x, const void *b,
                            void *y, fa_ssize nrows, fa_ssize len, const double *p)
    void fa_run_chan(int dtype, int op, const void *g, const void *x, const void *w, void *y,
                     fa_ssize nblk, fa_ssize C, fa_ssize inner)
    int FA_CHAN_prelu, FA_CHAN_prelu_bwd
    void fa_run_row(int dtype, int op, const void *x, void *y, fa_ssize nrows, fa_ssize len)
    void fa_run_row_bwd(int dtype, int op, const void *g, const void *a, void *y,
                        fa_ssize nrows, fa_ssize len)
    void fa_run_rowm(int dtype, int op, const void *x, const unsigned char *mask, void *y,
                     fa_ssize nrows, fa_ssize len, fa_ssize ylen)
    void fa_run_gated(int dtype, int op, const void *x, void *y, fa_ssize nrows,
                      fa_ssize half, const double *p)
    void fa_run_gated_bwd(int dtype, int op, const void *g, const void *x, void *y,
                          fa_ssize nrows, fa_ssize half, const double *p)

cdef extern from "fa_runtime.h":
    const void *fa_capi()

from cpython.pycapsule cimport PyCapsule_New

# The C API table (fastact/include/fastact.h), for C extensions and
# fastact.kernels; fastact re-exports it as fastact._C_API.
_C_API = PyCapsule_New(<void *>fa_capi(), "fastact._C_API", NULL)

cdef extern from "fa_names.h":
    const char *fa_unary_names[]
    const char *fa_binary_names[]
    const char *fa_row_names[]
    const char *fa_row_bwd_names[]
    const char *fa_rowm_names[]
    const char *fa_gated_names[]
    const char *fa_gated_bwd_names[]

# Python-side fallback (set by fastact._normalize at import).
cdef object _slow = None


def _set_slow_path(module):
    global _slow
    _slow = module


UNARY_OPS = {fa_unary_names[i].decode(): i for i in range(FA_N_UNARY)}
BINARY_OPS = {fa_binary_names[i].decode(): i for i in range(FA_N_BINARY)}
ROW_OPS = {fa_row_names[i].decode(): i for i in range(FA_N_ROW)}
ROW_BWD_OPS = {fa_row_bwd_names[i].decode(): i for i in range(FA_N_ROW_BWD)}
ROWM_OPS = {fa_rowm_names[i].decode(): i for i in range(FA_N_ROWM)}
GATED_OPS = {fa_gated_names[i].decode(): i for i in range(FA_N_GATED)}
GATED_BWD_OPS = {fa_gated_bwd_names[i].decode(): i for i in range(FA_N_GATED_BWD)}
# longest row the fused from-x softmax VJPs take (their scratch row is on the stack)
VJPX_MAX = FA_VJPX_MAX

cdef enum:
    C_ORDER = cnp.NPY_ARRAY_C_CONTIGUOUS
    F_ORDER = cnp.NPY_ARRAY_F_CONTIGUOUS
    ALIGNED = cnp.NPY_ARRAY_ALIGNED
    WRITEABLE = cnp.NPY_ARRAY_WRITEABLE


cdef inline int _kind(object a) noexcept:
    """FA_F32/FA_F64 and the array's flat layout (bit 2: C, bit 3: F), or -1
    when the kernels cannot read it directly."""
    if not cnp.PyArray_CheckExact(a):
        return -1
    cdef cnp.ndarray arr = <cnp.ndarray>a
    cdef int flags = cnp.PyArray_FLAGS(arr)
    cdef int t = cnp.PyArray_TYPE(arr)
    cdef int dt
    if t == cnp.NPY_FLOAT32:
        dt = FA_F32
    elif t == cnp.NPY_FLOAT64:
        dt = FA_F64
    else:
        return -1
    if not (flags & ALIGNED) or not cnp.PyArray_ISNOTSWAPPED(arr):
        return -1
    if flags & C_ORDER:
        dt |= 4
    if flags & F_ORDER:
        dt |= 8
    if not (dt & 12):
        return -1
    return dt


cdef inline bint _same_shape(cnp.ndarray a, cnp.ndarray b) noexcept:
    cdef int nd = cnp.PyArray_NDIM(a)
    if nd != cnp.PyArray_NDIM(b):
        return False
    cdef cnp.npy_intp *da = cnp.PyArray_DIMS(a)
    cdef cnp.npy_intp *db = cnp.PyArray_DIMS(b)
    cdef int i
    for i in range(nd):
        if da[i] != db[i]:
            return False
    return True


cdef inline bint _disjoint(cnp.ndarray a, cnp.ndarray b) noexcept:
    """Contiguous buffers a and b share no byte."""
    cdef char *pa = <char *>cnp.PyArray_DATA(a)
    cdef char *pb = <char *>cnp.PyArray_DATA(b)
    cdef Py_ssize_t na = cnp.PyArray_SIZE(a) * cnp.PyArray_ITEMSIZE(a)
    cdef Py_ssize_t nb = cnp.PyArray_SIZE(b) * cnp.PyArray_ITEMSIZE(b)
    return na == 0 or nb == 0 or pa + na <= pb or pb + nb <= pa


cdef inline bint _out_ok(object out, int kx, cnp.ndarray x, tuple inputs) noexcept:
    """out can receive the kernel's result directly: same dtype, shape and flat
    order as x, writeable, and each input either is out's buffer or is disjoint
    from it."""
    cdef int ko = _kind(out)
    if ko < 0 or (ko & 3) != (kx & 3) or not ((ko & kx) & 12):
        return False
    cdef cnp.ndarray o = <cnp.ndarray>out
    if not (cnp.PyArray_FLAGS(o) & WRITEABLE) or not _same_shape(o, x):
        return False
    cdef cnp.ndarray a
    for inp in inputs:
        a = <cnp.ndarray>inp
        if cnp.PyArray_DATA(a) == cnp.PyArray_DATA(o):
            # exact alias is fine only with the same flat order
            if not ((_kind(a) & ko) & 12):
                return False
        elif not _disjoint(a, o):
            return False
    return True


cdef inline cnp.ndarray _empty_like(cnp.ndarray x, int kx):
    cdef int fortran = 1 if (kx & 8) and not (kx & 4) else 0
    return <cnp.ndarray>cnp.PyArray_EMPTY(
        cnp.PyArray_NDIM(x), cnp.PyArray_DIMS(x), cnp.PyArray_TYPE(x), fortran)


cdef inline void _params(double *p, double p0, double p1) noexcept:
    p[0] = p0
    p[1] = p1
    p[2] = 0.0
    p[3] = 0.0


def unary(str name, int op, x, out, double p0=0.0, double p1=0.0):
    """y = f(x): the fast path of every elementwise forward."""
    cdef int kx = _kind(x)
    if kx < 0 or (out is not None and not _out_ok(out, kx, <cnp.ndarray>x, (x,))):
        return _slow.unary(name, op, x, out, p0, p1)
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef cnp.ndarray ya = _empty_like(xa, kx) if out is None else <cnp.ndarray>out
    cdef double p[4]
    _params(p, p0, p1)
    cdef void *xp = cnp.PyArray_DATA(xa)
    cdef void *yp = cnp.PyArray_DATA(ya)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(xa)
    with nogil:
        fa_run_unary(kx & 3, op, xp, yp, n, p)
    if out is None and cnp.PyArray_NDIM(ya) == 0:
        return ya[()]  # (PyArray_Return steals a reference: not used)
    return ya


def binary(str name, int op, g, x, out, double p0=0.0, double p1=0.0):
    """out = g * f'(x) (or from y): the fast path of every elementwise gradient."""
    cdef int kx = _kind(x)
    cdef int kg = _kind(g)
    if (kx < 0 or kg < 0 or (kx & 3) != (kg & 3) or not ((kx & kg) & 12)
            or not _same_shape(<cnp.ndarray>g, <cnp.ndarray>x)
            or (out is not None and not _out_ok(out, kx, <cnp.ndarray>x, (g, x)))):
        return _slow.binary(name, op, g, x, out, p0, p1)
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef cnp.ndarray ga = <cnp.ndarray>g
    cdef cnp.ndarray ya = _empty_like(xa, kx & kg) if out is None else <cnp.ndarray>out
    cdef double p[4]
    _params(p, p0, p1)
    cdef void *gp = cnp.PyArray_DATA(ga)
    cdef void *xp = cnp.PyArray_DATA(xa)
    cdef void *yp = cnp.PyArray_DATA(ya)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(xa)
    with nogil:
        fa_run_binary(kx & 3, op, gp, xp, yp, n, p)
    if out is None and cnp.PyArray_NDIM(ya) == 0:
        return ya[()]  # (PyArray_Return steals a reference: not used)
    return ya


cdef inline bint _bias_row(object b, int kx, cnp.ndarray x) noexcept:
    """b is a 1-D array the fused kernels can read as x's last-axis row."""
    cdef int kb = _kind(b)
    if kb < 0 or (kb & 3) != (kx & 3) or not (kx & 4):
        return False
    cdef cnp.ndarray ba = <cnp.ndarray>b
    cdef int nd = cnp.PyArray_NDIM(x)
    return (nd >= 1 and cnp.PyArray_NDIM(ba) == 1
            and cnp.PyArray_DIMS(ba)[0] == cnp.PyArray_DIMS(x)[nd - 1])


def unary_bias(str name, int op, x, b, axis, out, double p0=0.0, double p1=0.0):
    """y = f(x + b), b along the last axis: one pass for C-contiguous x."""
    cdef int kx = _kind(x)
    if (kx < 0 or not _last_axis(axis, cnp.PyArray_NDIM(<cnp.ndarray>x))
            or not _bias_row(b, kx, <cnp.ndarray>x)
            or (out is not None and not (_out_ok(out, kx, <cnp.ndarray>x, (x,))
                                         and (_kind(out) & 4) and _disjoint(b, out)))):
        return _slow.unary_bias(name, op, x, b, axis, out, p0, p1)
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef cnp.ndarray ya = _empty_like(xa, 4 | (kx & 3)) if out is None else <cnp.ndarray>out
    cdef double p[4]
    _params(p, p0, p1)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(xa)
    cdef Py_ssize_t blen = cnp.PyArray_DIMS(<cnp.ndarray>b)[0]
    cdef void *xp = cnp.PyArray_DATA(xa)
    cdef void *bp = cnp.PyArray_DATA(<cnp.ndarray>b)
    cdef void *yp = cnp.PyArray_DATA(ya)
    if n > 0:
        with nogil:
            fa_run_unary_bias(kx & 3, op, xp, bp, yp, n // blen, blen, p)
    return ya


def binary_bias(str name, int op, g, x, b, axis, out, double p0=0.0, double p1=0.0):
    """out = g * f'(x + b), b along the last axis (dbias is reduced by the caller)."""
    cdef int kx = _kind(x)
    cdef int kg = _kind(g)
    if (kx < 0 or kg < 0 or (kx & 3) != (kg & 3) or not (kx & kg & 4)
            or not _same_shape(<cnp.ndarray>g, <cnp.ndarray>x)
            or not _last_axis(axis, cnp.PyArray_NDIM(<cnp.ndarray>x))
            or not _bias_row(b, kx, <cnp.ndarray>x)
            or (out is not None and not (_out_ok(out, kx, <cnp.ndarray>x, (g, x))
                                         and (_kind(out) & 4) and _disjoint(b, out)))):
        return _slow.binary_bias(name, op, g, x, b, axis, out, p0, p1)
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef cnp.ndarray ya = _empty_like(xa, 4 | (kx & 3)) if out is None else <cnp.ndarray>out
    cdef double p[4]
    _params(p, p0, p1)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(xa)
    cdef Py_ssize_t blen = cnp.PyArray_DIMS(<cnp.ndarray>b)[0]
    cdef void *gp = cnp.PyArray_DATA(<cnp.ndarray>g)
    cdef void *xp = cnp.PyArray_DATA(xa)
    cdef void *bp = cnp.PyArray_DATA(<cnp.ndarray>b)
    cdef void *yp = cnp.PyArray_DATA(ya)
    if n > 0:
        with nogil:
            fa_run_binary_bias(kx & 3, op, gp, xp, bp, yp, n // blen, blen, p)
    return ya


cdef inline bint _last_axis(object axis, int ndim) noexcept:
    if type(axis) is not int or ndim == 0:
        return False
    cdef long a = <long>axis
    return a == -1 or a == ndim - 1


def rows(str name, int op, x, axis, out):
    """Row op along `axis`: fast path for the last axis of a C-contiguous array."""
    cdef int kx = _kind(x)
    if (kx < 0 or not (kx & 4) or not _last_axis(axis, cnp.PyArray_NDIM(<cnp.ndarray>x))
            or (out is not None and not (_out_ok(out, kx, <cnp.ndarray>x, (x,))
                                         and (_kind(out) & 4)))):
        return _slow.rows(name, op, x, axis, out)
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef cnp.ndarray ya = _empty_like(xa, 4 | (kx & 3)) if out is None else <cnp.ndarray>out
    _run_rows(op, kx & 3, xa, ya)
    return ya


def rows_bwd(str name, int op, g, a, axis, out):
    """Row gradient along `axis`: fast path as for rows()."""
    cdef int kx = _kind(a)
    cdef int kg = _kind(g)
    if (kx < 0 or kg < 0 or (kx & 3) != (kg & 3) or not (kx & kg & 4)
            or not _same_shape(<cnp.ndarray>g, <cnp.ndarray>a)
            or not _last_axis(axis, cnp.PyArray_NDIM(<cnp.ndarray>a))
            or (out is not None and not (_out_ok(out, kx, <cnp.ndarray>a, (g, a))
                                         and (_kind(out) & 4)))):
        return _slow.rows_bwd(name, op, g, a, axis, out)
    cdef cnp.ndarray aa = <cnp.ndarray>a
    cdef cnp.ndarray ya = _empty_like(aa, 4 | (kx & 3)) if out is None else <cnp.ndarray>out
    _run_rows_bwd(op, kx & 3, <cnp.ndarray>g, aa, ya)
    return ya


cdef void _run_rows(int op, int dt, cnp.ndarray x, cnp.ndarray y):
    cdef int nd = cnp.PyArray_NDIM(x)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x)
    cdef Py_ssize_t rowlen = cnp.PyArray_DIMS(x)[nd - 1] if nd > 0 else 1
    if n == 0 or rowlen == 0:
        return
    cdef void *xp = cnp.PyArray_DATA(x)
    cdef void *yp = cnp.PyArray_DATA(y)
    with nogil:
        fa_run_row(dt, op, xp, yp, n // rowlen, rowlen)


cdef void _run_rows_bwd(int op, int dt, cnp.ndarray g, cnp.ndarray a, cnp.ndarray y):
    cdef int nd = cnp.PyArray_NDIM(a)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(a)
    cdef Py_ssize_t rowlen = cnp.PyArray_DIMS(a)[nd - 1] if nd > 0 else 1
    if n == 0 or rowlen == 0:
        return
    cdef void *gp = cnp.PyArray_DATA(g)
    cdef void *ap = cnp.PyArray_DATA(a)
    cdef void *yp = cnp.PyArray_DATA(y)
    with nogil:
        fa_run_row_bwd(dt, op, gp, ap, yp, n // rowlen, rowlen)


def run_rows_2d(int op, x, y):
    """Row op on validated 2-D C-contiguous arrays (for fastact._normalize)."""
    if _kind(x) < 0 or not (_kind(x) & 4) or not _out_ok(y, _kind(x), x, (x,)):
        raise AssertionError("run_rows_2d: arrays not normalized")
    _run_rows(op, _kind(x) & 3, x, y)


def run_rows_bwd_2d(int op, g, a, y):
    """Row gradient on validated 2-D C-contiguous arrays."""
    cdef int k = _kind(a)
    if k < 0 or not (k & 4) or _kind(g) != k or not _out_ok(y, k, a, (g, a)):
        raise AssertionError("run_rows_bwd_2d: arrays not normalized")
    _run_rows_bwd(op, k & 3, g, a, y)


CHAN_OPS = {"prelu": FA_CHAN_prelu, "prelu_bwd": FA_CHAN_prelu_bwd}


def run_chan(int op, g, x, w, y, Py_ssize_t C, Py_ssize_t inner):
    """prelu kernels on validated C-contiguous arrays of one dtype: x and y
    (and g) of n elements seen as (n / (C*inner), C, inner), w of C."""
    cdef int k = _kind(x)
    if (k < 0 or not (k & 4) or _kind(w) < 0 or (_kind(w) & 3) != (k & 3)
            or not (_kind(w) & 4) or not _out_ok(y, k, x, (x,) if g is None else (g, x))
            or (g is not None and _kind(g) & 3 != k & 3)
            or cnp.PyArray_SIZE(<cnp.ndarray>w) != C or C <= 0 or inner <= 0):
        raise AssertionError("run_chan: arrays not normalized")
    cdef Py_ssize_t n = cnp.PyArray_SIZE(<cnp.ndarray>x)
    if n == 0:
        return
    cdef const void *gp = NULL if g is None else cnp.PyArray_DATA(<cnp.ndarray>g)
    cdef void *xp = cnp.PyArray_DATA(<cnp.ndarray>x)
    cdef void *wp = cnp.PyArray_DATA(<cnp.ndarray>w)
    cdef void *yp = cnp.PyArray_DATA(<cnp.ndarray>y)
    cdef Py_ssize_t nblk = n // C if inner == 1 else n // inner
    with nogil:
        fa_run_chan(k & 3, op, gp, xp, wp, yp, nblk, C, inner)


cdef inline bint _c_rows(object a, int dt) noexcept:
    """a is a 2-D, aligned, C-contiguous native array of kernel dtype dt."""
    cdef int k = _kind(a)
    return k >= 0 and (k & 3) == dt and (k & 4) and cnp.PyArray_NDIM(<cnp.ndarray>a) == 2


cdef inline bint _rows_ok(object a, int dt, Py_ssize_t nrows, Py_ssize_t ncols) noexcept:
    return (_c_rows(a, dt) and cnp.PyArray_DIMS(<cnp.ndarray>a)[0] == nrows
            and cnp.PyArray_DIMS(<cnp.ndarray>a)[1] == ncols)


def run_rowm_2d(int op, x, mask, y):
    """Masked row op (fa_rows_axis.h) on validated 2-D C-contiguous arrays: x
    (nrows, len); mask None or uint8/bool of x's shape; y (nrows, len), or
    (nrows, 1) for a reduction.  y may be x itself; nothing else may overlap."""
    cdef int kx = _kind(x)
    if kx < 0 or not _c_rows(x, kx & 3):
        raise AssertionError("run_rowm_2d: x not normalized")
    cdef cnp.ndarray xa = <cnp.ndarray>x
    cdef Py_ssize_t nrows = cnp.PyArray_DIMS(xa)[0]
    cdef Py_ssize_t rowlen = cnp.PyArray_DIMS(xa)[1]
    cdef Py_ssize_t ylen = cnp.PyArray_DIMS(<cnp.ndarray>y)[1] if cnp.PyArray_Check(y) else -1
    if (ylen not in (1, rowlen) or not _rows_ok(y, kx & 3, nrows, ylen)
            or not (cnp.PyArray_FLAGS(<cnp.ndarray>y) & WRITEABLE)
            or (cnp.PyArray_DATA(<cnp.ndarray>y) != cnp.PyArray_DATA(xa)
                and not _disjoint(xa, <cnp.ndarray>y))):
        raise AssertionError("run_rowm_2d: y not normalized")
    cdef cnp.ndarray ma
    cdef const unsigned char *mp = NULL
    if mask is not None:
        ma = <cnp.ndarray>mask
        if (not cnp.PyArray_CheckExact(ma) or cnp.PyArray_ITEMSIZE(ma) != 1
                or not cnp.PyArray_IS_C_CONTIGUOUS(ma) or not _same_shape(ma, xa)):
            raise AssertionError("run_rowm_2d: mask not normalized")
        mp = <const unsigned char *>cnp.PyArray_DATA(ma)
    if nrows == 0 or rowlen == 0:
        return
    cdef void *xp = cnp.PyArray_DATA(xa)
    cdef void *yp = cnp.PyArray_DATA(<cnp.ndarray>y)
    with nogil:
        fa_run_rowm(kx & 3, op, xp, mp, yp, nrows, rowlen, ylen)


def run_gated_2d(int op, x, y, double p0=0.0):
    """Gated forward on validated arrays: x (nrows, 2*half) -> y (nrows, half)."""
    cdef int kx = _kind(x)
    if kx < 0 or not _c_rows(x, kx & 3):
        raise AssertionError("run_gated_2d: x not normalized")
    cdef Py_ssize_t nrows = cnp.PyArray_DIMS(<cnp.ndarray>x)[0]
    cdef Py_ssize_t half = cnp.PyArray_DIMS(<cnp.ndarray>x)[1] // 2
    if (cnp.PyArray_DIMS(<cnp.ndarray>x)[1] != 2 * half or not _rows_ok(y, kx & 3, nrows, half)
            or not (cnp.PyArray_FLAGS(<cnp.ndarray>y) & WRITEABLE)
            or not _disjoint(<cnp.ndarray>x, <cnp.ndarray>y)):
        raise AssertionError("run_gated_2d: y not normalized")
    if nrows == 0 or half == 0:
        return
    cdef double p[4]
    _params(p, p0, 0.0)
    cdef void *xp = cnp.PyArray_DATA(<cnp.ndarray>x)
    cdef void *yp = cnp.PyArray_DATA(<cnp.ndarray>y)
    with nogil:
        fa_run_gated(kx & 3, op, xp, yp, nrows, half, p)


def run_gated_bwd_2d(int op, g, x, y, double p0=0.0):
    """Gated gradient on validated arrays: g (nrows, half), x (nrows, 2*half) ->
    y (nrows, 2*half); y may be x itself, g is disjoint from y."""
    cdef int kx = _kind(x)
    if kx < 0 or not _c_rows(x, kx & 3):
        raise AssertionError("run_gated_bwd_2d: x not normalized")
    cdef Py_ssize_t nrows = cnp.PyArray_DIMS(<cnp.ndarray>x)[0]
    cdef Py_ssize_t half = cnp.PyArray_DIMS(<cnp.ndarray>x)[1] // 2
    if (cnp.PyArray_DIMS(<cnp.ndarray>x)[1] != 2 * half or not _rows_ok(g, kx & 3, nrows, half)
            or not _rows_ok(y, kx & 3, nrows, 2 * half)
            or not (cnp.PyArray_FLAGS(<cnp.ndarray>y) & WRITEABLE)
            or not _disjoint(<cnp.ndarray>g, <cnp.ndarray>y)
            or (cnp.PyArray_DATA(<cnp.ndarray>y) != cnp.PyArray_DATA(<cnp.ndarray>x)
                and not _disjoint(<cnp.ndarray>x, <cnp.ndarray>y))):
        raise AssertionError("run_gated_bwd_2d: arrays not normalized")
    if nrows == 0 or half == 0:
        return
    cdef double p[4]
    _params(p, p0, 0.0)
    cdef void *gp = cnp.PyArray_DATA(<cnp.ndarray>g)
    cdef void *xp = cnp.PyArray_DATA(<cnp.ndarray>x)
    cdef void *yp = cnp.PyArray_DATA(<cnp.ndarray>y)
    with nogil:
        fa_run_gated_bwd(kx & 3, op, gp, xp, yp, nrows, half, p)


# ---- runtime controls -------------------------------------------------------

LEVELS = tuple(fa_level_name(i).decode() for i in range(FA_N_LEVELS))


def simd_compiled():
    return [fa_level_name(i).decode() for i in range(FA_N_LEVELS) if fa_level_compiled(i)]


def simd_supported():
    return [fa_level_name(i).decode() for i in range(FA_N_LEVELS) if fa_level_supported(i)]


def get_simd():
    return fa_level_name(fa_get_level()).decode()


def set_simd(str level):
    """Switch the kernels' ISA level at run time (tests and benchmarks);
    returns the previous level.  ValueError if this CPU cannot run it."""
    prev = get_simd()
    names = [fa_level_name(i).decode() for i in range(FA_N_LEVELS)]
    if level not in names or fa_set_level(names.index(level)) != 0:
        raise ValueError(f"SIMD level {level!r} is not supported here; "
                         f"supported: {simd_supported()}")
    return prev


def best_simd():
    return fa_level_name(fa_best_level()).decode()


def openmp_enabled():
    return bool(fa_openmp_enabled())


def openmp_version():
    return fa_openmp_version().decode()


def init_threads(int cpu_limit):
    fa_init_threads(cpu_limit)


def set_user_threads(int n):
    fa_set_user_threads(n)


def get_user_threads():
    return fa_get_user_threads()


def resolve_threads():
    return fa_resolve_threads()


def parallel_broken():
    return bool(fa_parallel_broken())
