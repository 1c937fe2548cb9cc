"""Generate fastact's compiled-caller API from one table (run from the repo root):

    python tools/gen_capi.py          # rewrites the three files below
    python tools/gen_capi.py --check  # exits 1 if they differ (tests run this)

Outputs (committed: they are the API's source, reviewed like any other):
  fastact/include/fastact.h  C header: the function table and its import
  fastact/kernels.pxd        Cython declarations (cimport fastact.kernels)
  fastact/kernels.pyx        the Cython functions, each one call into the table

The C side (csrc/fa_capi.c) fills the table from the X-macro lists that the
header carries, so this table is the one list of the API's functions.
"""

import argparse
import os
import sys

# (public name, internal op, kind, params)
#   kind: fwd (x, y, n), grad (g, x, out, n), rows (x, y, nrows, len),
#         rows_grad (g, a, out, nrows, len), rows_m (as rows; the masked-row
#         kernels of fa_rows_axis.h without a mask), reduce (x, y, nrows, len:
#         one result per row).  The gated ops (glu, ...) have no kind here
#         (rows of 2*half in, half out): Python API only.
API = [
    ("relu", "relu", "fwd", ()),
    ("leaky_relu", "leaky_relu", "fwd", ("negative_slope",)),
    ("elu", "elu", "fwd", ("alpha",)),
    ("selu", "selu", "fwd", ()),
    ("gelu", "gelu", "fwd", ()),
    ("gelu_tanh", "gelu_tanh", "fwd", ()),
    ("silu", "silu", "fwd", ()),
    ("sigmoid", "sigmoid", "fwd", ()),
    ("tanh", "tanh", "fwd", ()),
    ("softplus", "softplus", "fwd", ("beta", "threshold")),
    ("relu_grad", "relu_bwd", "grad", ()),
    ("leaky_relu_grad", "leaky_relu_bwd", "grad", ("negative_slope",)),
    ("elu_grad", "elu_bwd", "grad", ("alpha",)),
    ("selu_grad", "selu_bwd", "grad", ()),
    ("gelu_grad", "gelu_bwd", "grad", ()),
    ("gelu_tanh_grad", "gelu_tanh_bwd", "grad", ()),
    ("silu_grad", "silu_bwd", "grad", ()),
    ("sigmoid_grad", "sigmoid_bwd", "grad", ()),
    ("tanh_grad", "tanh_bwd", "grad", ()),
    ("softplus_grad", "softplus_bwd", "grad", ("beta", "threshold")),
    ("relu_grad_y", "relu_bwd_y", "grad", ()),
    ("leaky_relu_grad_y", "leaky_relu_bwd_y", "grad", ("negative_slope",)),
    ("elu_grad_y", "elu_bwd_y", "grad", ("alpha",)),
    ("selu_grad_y", "selu_bwd_y", "grad", ()),
    ("sigmoid_grad_y", "sigmoid_bwd_y", "grad", ()),
    ("tanh_grad_y", "tanh_bwd_y", "grad", ()),
    # the catalogue: parameterless, or one checked parameter
    ("hardsigmoid", "hardsigmoid", "fwd", ()),
    ("hardswish", "hardswish", "fwd", ()),
    ("sparse_plus", "sparse_plus", "fwd", ()),
    ("sparse_sigmoid", "sparse_sigmoid", "fwd", ()),
    ("log_sigmoid", "log_sigmoid", "fwd", ()),
    ("softsign", "softsign", "fwd", ()),
    ("mish", "mish", "fwd", ()),
    ("tanhshrink", "tanhshrink", "fwd", ()),
    ("celu", "celu", "fwd", ("alpha",)),
    ("softshrink", "softshrink", "fwd", ("lambd",)),
    ("hardshrink", "hardshrink", "fwd", ("lambd",)),
    ("squareplus", "squareplus", "fwd", ("b",)),
    ("hardsigmoid_grad", "hardsigmoid_bwd", "grad", ()),
    ("hardswish_grad", "hardswish_bwd", "grad", ()),
    ("sparse_plus_grad", "sparse_plus_bwd", "grad", ()),
    ("sparse_sigmoid_grad", "sparse_sigmoid_bwd", "grad", ()),
    ("log_sigmoid_grad", "log_sigmoid_bwd", "grad", ()),
    ("softsign_grad", "softsign_bwd", "grad", ()),
    ("mish_grad", "mish_bwd", "grad", ()),
    ("tanhshrink_grad", "tanhshrink_bwd", "grad", ()),
    ("celu_grad", "celu_bwd", "grad", ("alpha",)),
    ("softshrink_grad", "shrink_bwd", "grad", ("lambd",)),
    ("hardshrink_grad", "shrink_bwd", "grad", ("lambd",)),
    ("squareplus_grad", "squareplus_bwd", "grad", ("b",)),
    ("hardsigmoid_grad_y", "hardsigmoid_bwd_y", "grad", ()),
    ("sparse_sigmoid_grad_y", "sparse_sigmoid_bwd_y", "grad", ()),
    ("celu_grad_y", "celu_bwd_y", "grad", ("alpha",)),
    ("softshrink_grad_y", "shrink_bwd_y", "grad", ("lambd",)),
    ("hardshrink_grad_y", "shrink_bwd_y", "grad", ("lambd",)),
    ("softmax", "softmax", "rows", ()),
    ("log_softmax", "log_softmax", "rows", ()),
    ("softmax_grad_y", "softmax_bwd", "rows_grad", ()),
    ("log_softmax_grad_y", "log_softmax_bwd", "rows_grad", ()),
    ("softmin", "softmin", "rows_m", ()),
    ("softmin_grad_y", "softmin_bwd", "rows_grad", ()),
    ("sparsemax", "sparsemax", "rows", ()),
    ("sparsemax_grad_y", "sparsemax_bwd", "rows_grad", ()),
    ("logsumexp", "logsumexp", "reduce", ()),
]
DTYPES = [("f32", "float"), ("f64", "double")]
ARGS = {
    "fwd": ("const {T} *x, {T} *y, ptrdiff_t n", "x, y, n"),
    "grad": ("const {T} *g, const {T} *x, {T} *out, ptrdiff_t n", "g, x, out, n"),
    "rows": ("const {T} *x, {T} *y, ptrdiff_t nrows, ptrdiff_t len", "x, y, nrows, len"),
    "rows_grad": ("const {T} *g, const {T} *a, {T} *out, ptrdiff_t nrows, ptrdiff_t len",
                  "g, a, out, nrows, len"),
    "rows_m": ("const {T} *x, {T} *y, ptrdiff_t nrows, ptrdiff_t len", "x, y, nrows, len"),
    "reduce": ("const {T} *x, {T} *y, ptrdiff_t nrows, ptrdiff_t len", "x, y, nrows, len"),
}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = "/* Generated by tools/gen_capi.py from its API table: edit the table, not this file. */\n"


def c_sig(name, kind, params, T):
    args = ARGS[kind][0].format(T=T) + "".join(f", double {p}" for p in params)
    return args


def xmacro(kind, nparams):
    items = [(n, op, ps) for n, op, k, ps in API if k == kind and len(ps) == nparams]
    if not items:
        return None
    lines = [f"#define FASTACT_API_{kind.upper()}{nparams}(X) \\"]
    for i, (n, op, ps) in enumerate(items):
        tail = " \\" if i < len(items) - 1 else ""
        lines.append(f"    X({', '.join([n, op] + list(ps))}){tail}")
    return "\n".join(lines)


def gen_header():
    out = [HEADER, """/* fastact.h -- the C entry points of fastact's kernels.

   A C extension gets the table once, with the GIL held:

       #include <Python.h>
       #include "fastact.h"          (directory: fastact.get_include())
       const fastact_api *fa = fastact_import();   (NULL + exception on failure)

   then calls, without the GIL, e.g.

       int err = fa->gelu_f32(x, y, n);          (0 on success)

   Every function works on contiguous buffers of n elements (rows: nrows rows
   of len elements each); y/out may be the very same buffer as x or g (in
   place) but must not overlap it otherwise.  Results are bitwise those of the
   Python API at the SIMD level chosen at import.  The plain functions run
   single-threaded on the caller's thread (the caller owns threading); the
   `_mt` ones use fastact's OpenMP threads (fastact.set_num_threads and
   friends apply).  Return value: 0, or -1 for invalid arguments (n < 0;
   parameters as the Python functions check them: finite slopes and alphas,
   beta > 0, threshold not NaN, negative_slope/alpha >= 0 for the _grad_y
   forms, celu's alpha nonzero (> 0 for celu_grad_y), lambd >= 0, b >= 0),
   in which case nothing is written.

   Signatures (T = float for _f32, double for _f64):
     forwards:        int NAME_f32(const T *x, T *y, ptrdiff_t n [, double param...])
     gradients:       int NAME_grad_f32(const T *g, const T *x, T *out, ptrdiff_t n [, ...])
                      (_grad_y: the second argument is the forward's output)
     softmax rows:    int softmax_f32(const T *x, T *y, ptrdiff_t nrows, ptrdiff_t len)
                      (also log_softmax, softmin, sparsemax)
     their gradients: int softmax_grad_y_f32(const T *g, const T *a, T *out,
                                             ptrdiff_t nrows, ptrdiff_t len)
                      (a: the softmax / log_softmax / softmin / sparsemax output)
     logsumexp:       int logsumexp_f32(const T *x, T *y, ptrdiff_t nrows, ptrdiff_t len)
                      (y: nrows results, one per row; len = 0 gives -inf)
   The gated functions (glu, geglu, swiglu, reglu) and the where= masks are
   Python-only.
*/
#ifndef FASTACT_H
#define FASTACT_H

#include <stddef.h>

#define FASTACT_API_VERSION 1
#define FASTACT_CAPSULE_NAME "fastact._C_API"

/* The API as X-macro lists: X(public name, internal op, params...). */"""]
    for kind in ARGS:
        for npar in range(3):
            m = xmacro(kind, npar)
            if m:
                out.append(m)
    out.append("""
typedef struct fastact_api {
    int version;        /* FASTACT_API_VERSION */
    size_t size;        /* sizeof(fastact_api) as built */""")
    for name, _op, kind, ps in API:
        for sfx, T in DTYPES:
            for mt in ("", "_mt"):
                out += wrap(f"    int (*{name}_{sfx}{mt})", c_sig(name, kind, ps, T), ";")
    out.append("""} fastact_api;

#ifdef Py_PYTHON_H
/* The table from the capsule fastact._C_API (imports fastact); NULL with a
 * Python exception set when fastact is missing or its table is older than
 * this header. */
static inline const fastact_api *fastact_import(void)
{
    const fastact_api *api = (const fastact_api *)PyCapsule_Import(FASTACT_CAPSULE_NAME, 0);
    if (api != NULL && (api->version != FASTACT_API_VERSION || api->size < sizeof(fastact_api))) {
        PyErr_SetString(PyExc_ImportError, "fastact: C API table does not match fastact.h");
        return NULL;
    }
    return api;
}
#endif

#endif /* FASTACT_H */
""")
    return "\n".join(out)


def cy_args(kind, params, T):
    a = ARGS[kind][0].format(T=T).replace("ptrdiff_t", "Py_ssize_t")
    return a + "".join(f", double {p}" for p in params)


def wrap(head, args, tail, width=100):
    """head(args)tail, the arguments wrapped under the opening parenthesis."""
    one = f"{head}({args}){tail}"
    if len(one) <= width:
        return [one]
    pad = " " * (len(head) + 1)
    lines, cur = [], head + "("
    for i, a in enumerate(args.split(", ")):
        piece = a + (", " if i < len(args.split(", ")) - 1 else ")" + tail)
        if len(cur) + len(piece.rstrip()) > width and cur.strip() not in ("", head + "("):
            lines.append(cur.rstrip())
            cur = pad
        cur += piece
    lines.append(cur)
    return lines


def cy_call(kind, params):
    return ARGS[kind][1] + "".join(f", {p}" for p in params)


def gen_pxd():
    out = [HEADER.replace("/*", "#").replace(" */", ""),
           '"""fastact.kernels: C-level entry points for Cython code.',
           "",
           "    from fastact.kernels cimport gelu_f32",
           "",
           "Each function runs the kernel of the SIMD level chosen at import on",
           "contiguous buffers, without the GIL and without Python overhead; plain",
           "names run single-threaded (the caller owns threading), ``_mt`` names use",
           "fastact's OpenMP threads.  Returns 0, or -1 for invalid arguments (then",
           "nothing is written).  See fastact/include/fastact.h for the contract.",
           '"""', ""]
    for name, _op, kind, ps in API:
        for sfx, T in DTYPES:
            for mt in ("", "_mt"):
                out += wrap(f"cdef int {name}_{sfx}{mt}", cy_args(kind, ps, T), " noexcept nogil")
    return "\n".join(out) + "\n"


def gen_pyx():
    out = [HEADER.replace("/*", "#").replace(" */", ""),
           "# cython: language_level=3",
           '"""fastact.kernels: see kernels.pxd.  Each function is one call through',
           'the table of fastact._core (capsule fastact._C_API)."""',
           "from cpython.pycapsule cimport PyCapsule_GetPointer",
           "",
           'cdef extern from "fastact.h":',
           "    ctypedef struct fastact_api:",
           "        int version"]
    for name, _op, kind, ps in API:
        for sfx, T in DTYPES:
            for mt in ("", "_mt"):
                out += wrap(f"        int (*{name}_{sfx}{mt})", cy_args(kind, ps, T),
                            " noexcept nogil")
    out += ["    int FASTACT_API_VERSION", "",
            "from fastact import _core",
            "",
            "cdef const fastact_api *_api = <const fastact_api *>PyCapsule_GetPointer(",
            '    _core._C_API, "fastact._C_API")',
            "if _api.version != FASTACT_API_VERSION:",
            '    raise ImportError("fastact.kernels does not match fastact._core")',
            ""]
    for name, _op, kind, ps in API:
        for sfx, T in DTYPES:
            for mt in ("", "_mt"):
                fn = f"{name}_{sfx}{mt}"
                out += wrap(f"cdef int {fn}", cy_args(kind, ps, T), " noexcept nogil:")
                out.append(f"    return _api.{fn}({cy_call(kind, ps)})")
                out.append("")
    return "\n".join(out)


FILES = {
    "fastact/include/fastact.h": gen_header,
    "fastact/kernels.pxd": gen_pxd,
    "fastact/kernels.pyx": gen_pyx,
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true")
    args = p.parse_args(argv)
    stale = []
    for rel, fn in FILES.items():
        path = os.path.join(ROOT, rel)
        text = fn()
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            stale.append(rel)
            if not args.check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
    if args.check and stale:
        print("out of date (run python tools/gen_capi.py): " + ", ".join(stale))
        return 1
    if not args.check:
        print("wrote " + (", ".join(stale) if stale else "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
