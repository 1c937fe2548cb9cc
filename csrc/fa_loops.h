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
    static void KERNEL(name)(const void *xv, void *yv, fa_ssize n, const double *p)  \
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
    static void KERNEL(name)(const void *gv, const void *xv, void *yv, fa_ssize n,  \
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

#undef OP
#undef KERNEL
