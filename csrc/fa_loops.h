/* Loop wrappers: one contiguous loop per op and dtype, generated from the
 * catalogue in fa_kernels.h.  Template, included once per dtype after
 * fa_ops.h (same FA_T / FA_SFX).
 *
 * `#pragma GCC ivdep`: y may be the very same buffer as x (or g) -- in-place
 * use -- which is safe for an elementwise loop, but gcc's runtime alias check
 * would send x == y down the scalar path.  Partial overlap never reaches here
 * (the Python layer buffers it).
 */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define OP(name) FA_CAT3(op_, name, FA_SFX)
#define KERNEL(name) FA_CAT3(kernel_, name, FA_SFX)

#define FA_DEFINE_UNARY(name)                                                        \
    FA_FLATTEN static void KERNEL(name)(const void *xv, void *yv, fa_ssize n, const double *p)  \
    {                                                                                \
        const FA_T *x = (const FA_T *)xv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        double pl[FA_MAXP]; /* a local copy cannot alias y: conversions hoist */     \
        memcpy(pl, p, sizeof pl);                                                    \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < n; i++) y[i] = OP(name)(x[i], pl); \
    }
FA_UNARY_OPS(FA_DEFINE_UNARY)
#undef FA_DEFINE_UNARY

#define FA_DEFINE_BINARY(name)                                                      \
    FA_FLATTEN static void KERNEL(name)(const void *gv, const void *xv, void *yv, fa_ssize n,  \
                             const double *p)                                       \
    {                                                                               \
        const FA_T *g = (const FA_T *)gv;                                           \
        const FA_T *x = (const FA_T *)xv;                                           \
        FA_T *y = (FA_T *)yv;                                                       \
        double pl[FA_MAXP];                                                         \
        memcpy(pl, p, sizeof pl);                                                   \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < n; i++)                       \
            y[i] = OP(name)(g[i], x[i], pl);                                        \
    }
FA_BINARY_OPS(FA_DEFINE_BINARY)
#undef FA_DEFINE_BINARY

/* Fused bias (act(x + b), b broadcast along contiguous rows of len): the sum
 * is rounded to FA_T before the op sees it, exactly as np.add then the op
 * would, so the fused result is bitwise the unfused one. */
#define FA_DEFINE_UNARY_BIAS(name)                                                   \
    FA_FLATTEN static void FA_CAT3(kernelb_, name, FA_SFX)(const void *xv, const void *bv, void *yv,  \
                                                fa_ssize nrows, fa_ssize len,         \
                                                const double *p)                      \
    {                                                                                \
        const FA_T *x = (const FA_T *)xv;                                            \
        const FA_T *b = (const FA_T *)bv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        double pl[FA_MAXP];                                                          \
        memcpy(pl, p, sizeof pl);                                                    \
        for (fa_ssize r = 0; r < nrows; r++, x += len, y += len)                     \
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)                  \
                y[i] = OP(name)((FA_T)(x[i] + b[i]), pl);                            \
    }
FA_UNARY_OPS(FA_DEFINE_UNARY_BIAS)
#undef FA_DEFINE_UNARY_BIAS

#define FA_DEFINE_BINARY_BIAS(name)                                                  \
    FA_FLATTEN static void FA_CAT3(kernelb_, name, FA_SFX)(const void *gv, const void *xv,       \
                                                const void *bv, void *yv,             \
                                                fa_ssize nrows, fa_ssize len,         \
                                                const double *p)                      \
    {                                                                                \
        const FA_T *g = (const FA_T *)gv;                                            \
        const FA_T *x = (const FA_T *)xv;                                            \
        const FA_T *b = (const FA_T *)bv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        double pl[FA_MAXP];                                                          \
        memcpy(pl, p, sizeof pl);                                                    \
        for (fa_ssize r = 0; r < nrows; r++, g += len, x += len, y += len)           \
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)                  \
                y[i] = OP(name)(g[i], (FA_T)(x[i] + b[i]), pl);                      \
    }
FA_BINARY_OPS(FA_DEFINE_BINARY_BIAS)
#undef FA_DEFINE_BINARY_BIAS

#undef OP
#undef KERNEL
