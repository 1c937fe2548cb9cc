/* The C API table (fastact/include/fastact.h): one small function per public
 * kernel, dtype and threading mode, generated from the header's X-macro lists.
 * Each checks its arguments as the Python layer does and calls the kernel of
 * the current SIMD level, either directly on the caller's thread or through
 * the threaded runtime (fa_run_*, the _mt forms).  Compiled into
 * fastact._core; the table leaves through the capsule fastact._C_API. */
#include <math.h>
#include <string.h>

#include "fa_runtime.h"
#include "fastact.h"

#define FA_CT_f32 float
#define FA_CT_f64 double
#define FA_CDT_f32 FA_F32
#define FA_CDT_f64 FA_F64

static int capi_unary(int dt, int op, const void *x, void *y, fa_ssize n, const double *p, int mt)
{
    if (n < 0) return -1;
    if (n == 0) return 0;
    if (mt) fa_run_unary(dt, op, x, y, n, p);
    else fa_current_table()->unary[dt][op](x, y, n, p);
    return 0;
}

static int capi_binary(int dt, int op, const void *g, const void *x, void *y, fa_ssize n,
                       const double *p, int mt)
{
    if (n < 0) return -1;
    if (n == 0) return 0;
    if (mt) fa_run_binary(dt, op, g, x, y, n, p);
    else fa_current_table()->binary[dt][op](g, x, y, n, p);
    return 0;
}

/* Rows run serially in both modes unless mt: fa_run_row splits the rows over
 * the threads (never a row), so results match either way. */
static int capi_row(int dt, int op, const void *x, void *y, fa_ssize nrows, fa_ssize len, int mt)
{
    if (nrows < 0 || len < 0) return -1;
    if (nrows == 0 || len == 0) return 0;
    if (mt) fa_run_row(dt, op, x, y, nrows, len);
    else fa_current_table()->row[dt][op](x, y, nrows, len);
    return 0;
}

static int capi_row_bwd(int dt, int op, const void *g, const void *a, void *y, fa_ssize nrows,
                        fa_ssize len, int mt)
{
    if (nrows < 0 || len < 0) return -1;
    if (nrows == 0 || len == 0) return 0;
    if (mt) fa_run_row_bwd(dt, op, g, a, y, nrows, len);
    else fa_current_table()->row_bwd[dt][op](g, a, y, nrows, len);
    return 0;
}

/* The masked-row kernels (fa_rows_axis.h) without a mask: softmin (ylen =
 * len) and logsumexp (one result per row, ylen = 1; an empty row is -inf). */
static int capi_rowm(int dt, int op, const void *x, void *y, fa_ssize nrows, fa_ssize len,
                     fa_ssize ylen, int mt)
{
    if (nrows < 0 || len < 0) return -1;
    if (nrows == 0) return 0;
    if (len == 0) {
        for (fa_ssize r = 0; r < nrows && ylen == 1; r++) {
            if (dt == FA_F32) ((float *)y)[r] = -INFINITY;
            else ((double *)y)[r] = -INFINITY;
        }
        return 0;
    }
    if (mt) fa_run_rowm(dt, op, x, NULL, y, nrows, len, ylen);
    else fa_current_table()->rowm[dt][op](x, NULL, y, nrows, len);
    return 0;
}

/* One parameter (a slope or alpha): finite; the _grad_y forms (derivative
 * from the output) also need it >= 0; celu's alpha is nonzero (> 0 from the
 * output), lambd and b are >= 0 -- as the Python layer checks. */
static int capi_param_ok(const char *name, double v)
{
    if (!isfinite(v)) return 0;
    size_t n = strlen(name);
    int from_y = n > 7 && strcmp(name + n - 7, "_grad_y") == 0;
    if (strncmp(name, "celu", 4) == 0) return v != 0.0 && (!from_y || v > 0.0);
    if (strstr(name, "shrink") || strncmp(name, "squareplus", 10) == 0) return v >= 0.0;
    return !from_y || v >= 0.0;
}
/* The op a one-parameter entry runs: celu with 1e-30 <= alpha <= 1e30 takes
 * the float-lane form (celu_p, as fastact/_smooth.py picks it), so results
 * stay bitwise the Python API's. */
static int capi_op1(int op, double a)
{
    int p_range = a >= 1e-30 && a <= 1e30;
    if (op == FA_OP_celu && p_range) return FA_OP_celu_p;
    if (op == FA_OP_celu_bwd && p_range) return FA_OP_celu_p_bwd;
    return op;
}
/* softplus: beta finite and > 0, threshold not NaN; beta == 1 runs the
 * float32-native kernel, any other beta the float64-based one (fa_ops.h). */
static int capi_softplus_ok(double beta, double threshold)
{
    return isfinite(beta) && beta > 0.0 && !isnan(threshold);
}

#define FA_CAPI_BOTH(DEF, ...) DEF(f32, 0, __VA_ARGS__) DEF(f32, 1, __VA_ARGS__) \
                               DEF(f64, 0, __VA_ARGS__) DEF(f64, 1, __VA_ARGS__)
#define FA_CAPI_NAME(name, sfx, mt) FA_CAPI_NAME_##mt(name, sfx)
#define FA_CAPI_NAME_0(name, sfx) capi_##name##_##sfx
#define FA_CAPI_NAME_1(name, sfx) capi_##name##_##sfx##_mt

#define DEF_FWD0(sfx, mt, name, op)                                                          \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y, ptrdiff_t n) \
    {                                                                                         \
        const double p[FA_MAXP] = {0};                                                        \
        return capi_unary(FA_CDT_##sfx, FA_OP_##op, x, y, n, p, mt);                          \
    }
#define DEF_FWD1(sfx, mt, name, op, a)                                                       \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y, ptrdiff_t n, \
                                           double a)                                          \
    {                                                                                         \
        const double p[FA_MAXP] = {a};                                                        \
        if (!capi_param_ok(#name, a)) return -1;                                              \
        return capi_unary(FA_CDT_##sfx, capi_op1(FA_OP_##op, a), x, y, n, p, mt);             \
    }
#define DEF_FWD2(sfx, mt, name, op, b, t)                                                    \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y, ptrdiff_t n, \
                                           double b, double t)                                \
    {                                                                                         \
        const double p[FA_MAXP] = {b, t};                                                     \
        if (!capi_softplus_ok(b, t)) return -1;                                               \
        return capi_unary(FA_CDT_##sfx, b == 1.0 ? FA_OP_##op : FA_OP_##op##_b, x, y, n, p,   \
                          mt);                                                                \
    }
#define DEF_GRAD0(sfx, mt, name, op)                                                         \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *g, const FA_CT_##sfx *x,        \
                                           FA_CT_##sfx *out, ptrdiff_t n)                     \
    {                                                                                         \
        const double p[FA_MAXP] = {0};                                                        \
        return capi_binary(FA_CDT_##sfx, FA_OP_##op, g, x, out, n, p, mt);                    \
    }
#define DEF_GRAD1(sfx, mt, name, op, a)                                                      \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *g, const FA_CT_##sfx *x,        \
                                           FA_CT_##sfx *out, ptrdiff_t n, double a)           \
    {                                                                                         \
        const double p[FA_MAXP] = {a};                                                        \
        if (!capi_param_ok(#name, a)) return -1;                                              \
        return capi_binary(FA_CDT_##sfx, capi_op1(FA_OP_##op, a), g, x, out, n, p, mt);       \
    }
/* softplus_bwd -> softplus_b_bwd for beta != 1 */
#define FA_OP_softplus_bwd_b FA_OP_softplus_b_bwd
#define DEF_GRAD2(sfx, mt, name, op, b, t)                                                   \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *g, const FA_CT_##sfx *x,        \
                                           FA_CT_##sfx *out, ptrdiff_t n, double b, double t) \
    {                                                                                         \
        const double p[FA_MAXP] = {b, t};                                                     \
        if (!capi_softplus_ok(b, t)) return -1;                                               \
        return capi_binary(FA_CDT_##sfx, b == 1.0 ? FA_OP_##op : FA_OP_##op##_b, g, x, out,   \
                           n, p, mt);                                                         \
    }
#define DEF_ROWS0(sfx, mt, name, op)                                                         \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y,              \
                                           ptrdiff_t nrows, ptrdiff_t len)                    \
    {                                                                                         \
        return capi_row(FA_CDT_##sfx, FA_OP_##op, x, y, nrows, len, mt);                      \
    }
#define DEF_ROWS_GRAD0(sfx, mt, name, op)                                                    \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *g, const FA_CT_##sfx *a,        \
                                           FA_CT_##sfx *out, ptrdiff_t nrows, ptrdiff_t len)  \
    {                                                                                         \
        return capi_row_bwd(FA_CDT_##sfx, FA_OP_##op, g, a, out, nrows, len, mt);             \
    }

#define DEF_ROWS_M0(sfx, mt, name, op)                                                       \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y,              \
                                           ptrdiff_t nrows, ptrdiff_t len)                    \
    {                                                                                         \
        return capi_rowm(FA_CDT_##sfx, FA_OP_##op, x, y, nrows, len, len, mt);                \
    }
#define DEF_REDUCE0(sfx, mt, name, op)                                                       \
    static int FA_CAPI_NAME(name, sfx, mt)(const FA_CT_##sfx *x, FA_CT_##sfx *y,              \
                                           ptrdiff_t nrows, ptrdiff_t len)                    \
    {                                                                                         \
        return capi_rowm(FA_CDT_##sfx, FA_OP_##op, x, y, nrows, len, 1, mt);                  \
    }

#define X_FWD0(...) FA_CAPI_BOTH(DEF_FWD0, __VA_ARGS__)
#define X_FWD1(...) FA_CAPI_BOTH(DEF_FWD1, __VA_ARGS__)
#define X_FWD2(...) FA_CAPI_BOTH(DEF_FWD2, __VA_ARGS__)
#define X_GRAD0(...) FA_CAPI_BOTH(DEF_GRAD0, __VA_ARGS__)
#define X_GRAD1(...) FA_CAPI_BOTH(DEF_GRAD1, __VA_ARGS__)
#define X_GRAD2(...) FA_CAPI_BOTH(DEF_GRAD2, __VA_ARGS__)
#define X_ROWS0(...) FA_CAPI_BOTH(DEF_ROWS0, __VA_ARGS__)
#define X_ROWS_GRAD0(...) FA_CAPI_BOTH(DEF_ROWS_GRAD0, __VA_ARGS__)
#define X_ROWS_M0(...) FA_CAPI_BOTH(DEF_ROWS_M0, __VA_ARGS__)
#define X_REDUCE0(...) FA_CAPI_BOTH(DEF_REDUCE0, __VA_ARGS__)
FASTACT_API_FWD0(X_FWD0)
FASTACT_API_FWD1(X_FWD1)
FASTACT_API_FWD2(X_FWD2)
FASTACT_API_GRAD0(X_GRAD0)
FASTACT_API_GRAD1(X_GRAD1)
FASTACT_API_GRAD2(X_GRAD2)
FASTACT_API_ROWS0(X_ROWS0)
FASTACT_API_ROWS_GRAD0(X_ROWS_GRAD0)
FASTACT_API_ROWS_M0(X_ROWS_M0)
FASTACT_API_REDUCE0(X_REDUCE0)

#define FIELD(name, ...)                                                      \
    .name##_f32 = capi_##name##_f32, .name##_f32_mt = capi_##name##_f32_mt, \
    .name##_f64 = capi_##name##_f64, .name##_f64_mt = capi_##name##_f64_mt,
static const fastact_api fa_capi_table = {
    .version = FASTACT_API_VERSION,
    .size = sizeof(fastact_api),
    FASTACT_API_FWD0(FIELD) FASTACT_API_FWD1(FIELD) FASTACT_API_FWD2(FIELD)
    FASTACT_API_GRAD0(FIELD) FASTACT_API_GRAD1(FIELD) FASTACT_API_GRAD2(FIELD)
    FASTACT_API_ROWS0(FIELD) FASTACT_API_ROWS_GRAD0(FIELD)
    FASTACT_API_ROWS_M0(FIELD) FASTACT_API_REDUCE0(FIELD)
};

const void *fa_capi(void) { return &fa_capi_table; }
