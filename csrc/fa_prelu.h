/* prelu: leaky_relu with one learned slope per channel (He et al. 2015),
 * the slopes w[C] along one axis of x.  x is seen as nblk blocks:
 *  - inner == 1 (channel axis last): blocks are rows of C elements, slope
 *    w[i] for element i of a row -- the loop vectorizes across channels;
 *  - inner > 1: blocks are runs of `inner` elements sharing the slope
 *    w[(b0 + k) mod C] of block b0 + k.
 * The per-element formula is leaky_relu's (fa_ops.h), so prelu with all
 * slopes equal is bitwise leaky_relu.  Template, included per dtype after
 * fa_ops.h. */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define OPAUX(name) FA_CAT3(opaux_, name, FA_SFX)

FA_FLATTEN static void FA_CAT3(chankernel_prelu, FA_SFX, )(const void *gv, const void *xv, const void *wv,
                                                void *yv, fa_ssize b0, fa_ssize nblk,
                                                fa_ssize C, fa_ssize inner)
{
    (void)gv;
    const T *x = (const T *)xv;
    const T *w = (const T *)wv;
    T *y = (T *)yv;
    if (inner == 1) {
        for (fa_ssize r = 0; r < nblk; r++, x += C, y += C)
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < C; i++) y[i] = OPAUX(leaky)(x[i], w[i]);
        return;
    }
    for (fa_ssize k = 0; k < nblk; k++, x += inner, y += inner) {
        T s = w[(b0 + k) % C];
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < inner; i++) y[i] = OPAUX(leaky)(x[i], s);
    }
}

FA_FLATTEN static void FA_CAT3(chankernel_prelu_bwd, FA_SFX, )(const void *gv, const void *xv,
                                                    const void *wv, void *yv, fa_ssize b0,
                                                    fa_ssize nblk, fa_ssize C, fa_ssize inner)
{
    const T *g = (const T *)gv;
    const T *x = (const T *)xv;
    const T *w = (const T *)wv;
    T *y = (T *)yv;
    if (inner == 1) {
        for (fa_ssize r = 0; r < nblk; r++, g += C, x += C, y += C)
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < C; i++)
                y[i] = OPAUX(leaky_bwd)(g[i], x[i], w[i]);
        return;
    }
    for (fa_ssize k = 0; k < nblk; k++, g += inner, x += inner, y += inner) {
        T s = w[(b0 + k) % C];
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < inner; i++)
            y[i] = OPAUX(leaky_bwd)(g[i], x[i], s);
    }
}

#undef T
#undef OPAUX
