/* Along-an-axis ops beyond softmax/log_softmax: masked and negated softmax
 * rows (where=, softmin), logsumexp, sparsemax and the gated family (glu,
 * geglu, swiglu, reglu).  Template, included once per dtype after
 * fa_softmax.h (same FA_T / FA_SFX); the softmax row kernels are reused, the
 * gated ones call the float64 definitions of fa_ops.h (op_*_f64), so every
 * activation stays defined once.
 *
 * Determinism as in fa_softmax.h: every reduction runs in a fixed order over
 * FA_AX_LANES accumulators, one row per call, so a row's result depends only
 * on the row (threads split rows, never a row).
 */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define AX(name) FA_CAT3(ax_, name, FA_SFX)
/* the exported kernels: NAME_<isa> (fa_kernels_isa.c's table refers to them) */
#define FA_AXSYM(full) FA_CAT(FA_CAT(full, _), FA_ISA)
#define AXK(name) FA_AXSYM(FA_CAT3(axkernel_, name, FA_SFX))
#define XROWK(name) FA_AXSYM(FA_CAT3(rowkernel_, name, FA_SFX))
#define GK(name) FA_AXSYM(FA_CAT3(gatedkernel_, name, FA_SFX))
#define ROWK(name) FA_CAT3(rowkernel_, name, FA_SFX) /* fa_softmax.h's (static) */
#define SMF(name) FA_CAT3(sm_, name, FA_SFX)
#define FA_AX_LANES 8
#define FA_AX_LANE_LOOP _Pragma("GCC unroll 0")

/* ---- masked / negated softmax rows ---------------------------------------
 *
 * The kept entries (mask[i] != 0, all of them without a mask), negated for
 * softmin, are copied into y with the dropped ones set to -inf; the softmax
 * or log_softmax row kernel then runs on y in place (both read an entry
 * before writing it), so the masked ops have exactly the unmasked ones'
 * numerics -- -inf entries are probability 0 there -- at the price of one
 * cache-hot pass.  A row with no kept entry is the documented "safe" result:
 * softmax 0, log_softmax -inf (the kernel would give NaN).  A row whose kept
 * entries are all -inf, or hold +inf/NaN, gives NaN there as without a mask
 * (the dropped entries stay 0 / -inf). */
static inline void AX(masked_rows)(const void *xv, const unsigned char *mask, void *yv,
                                   fa_ssize nrows, fa_ssize len, int log, int neg)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        fa_ssize kept = len;
        if (mask) {
            const unsigned char *mk = mask + r * len;
            kept = 0;
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
                int k = mk[i] != 0;
                T v = neg ? -x[i] : x[i];
                kept += k;
                y[i] = k ? v : (T)-FA_INF;
            }
        } else if (neg) {
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) y[i] = -x[i];
        } else if ((const T *)y != x) {
            memcpy(y, x, (size_t)len * sizeof(T));
        }
        if (kept == 0) {
            for (fa_ssize i = 0; i < len; i++) y[i] = log ? (T)-FA_INF : (T)0;
            continue;
        }
        if (log)
            ROWK(log_softmax)(y, y, 1, len);
        else
            ROWK(softmax)(y, y, 1, len);
        /* dropped entries stay exactly 0 / -inf even when the kept ones give
         * NaN (a kept +inf or NaN) */
        if (mask && kept < len) {
            const unsigned char *mk = mask + r * len;
            T fill = log ? (T)-FA_INF : (T)0;
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) y[i] = mk[i] ? y[i] : fill;
        }
    }
}

FA_FLATTEN void AXK(softmax_m)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                    fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 0, 0);
}
FA_FLATTEN void AXK(log_softmax_m)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                        fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 1, 0);
}
FA_FLATTEN void AXK(softmin)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                  fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 0, 1);
}

/* softmin VJP from its output y: -(y (g - <g, y>)), softmax's kernel then a
 * negation -- bitwise softmax_bwd(-g, y), rounding being odd-symmetric. */
FA_FLATTEN void XROWK(softmin_bwd)(const void *gv, const void *av, void *ov, fa_ssize nrows,
                        fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        T *o = (T *)ov + r * len;
        ROWK(softmax_bwd)((const T *)gv + r * len, (const T *)av + r * len, o, 1, len);
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) o[i] = -o[i];
    }
}

/* ---- chunked sums ----------------------------------------------------------
 *
 * A row's terms are computed FA_AX_CHUNK at a time into a buffer by a plain
 * elementwise loop (vectorized like the elementwise kernels: the exp and
 * select bodies do not vectorize inside the lane loops below), then added
 * into FA_AX_LANES accumulators in a fixed order -- TwoSum-compensated for
 * float64, plain double for float32 rows (float terms: n 2^-53 relative is
 * far below float's resolution).  The order depends only on the row. */
#define FA_AX_CHUNK 256
typedef struct {
    double sa[FA_AX_LANES], sc[FA_AX_LANES], s, c;
} AX(acc);

static inline void AX(acc_init)(AX(acc) *a)
{
    for (int k = 0; k < FA_AX_LANES; k++) a->sa[k] = a->sc[k] = 0.0;
    a->s = a->c = 0.0;
}

static inline void AX(acc_add)(AX(acc) *a, const double *buf, fa_ssize nb)
{
    fa_ssize j = 0;
    for (; j + FA_AX_LANES <= nb; j += FA_AX_LANES) {
#if FA_T_IS_DOUBLE
        FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
            double err;
            a->sa[k] = fa_two_sum_f64(a->sa[k], buf[j + k], &err);
            a->sc[k] += err;
        }
#else
        FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) a->sa[k] += buf[j + k];
#endif
    }
    for (; j < nb; j++) {
        double err;
        a->s = fa_two_sum_f64(a->s, buf[j], &err);
        a->c += err;
    }
}

/* the total as hi + *lo */
static inline double AX(acc_total)(const AX(acc) *a, double *lo)
{
    double s = a->s, c = a->c;
    for (int k = 0; k < FA_AX_LANES; k++) {
        double err;
        s = fa_two_sum_f64(s, a->sa[k], &err);
        c += err + a->sc[k];
    }
    double hi = s + c;
    *lo = c - (hi - s);
    return hi;
}

/* ---- logsumexp -----------------------------------------------------------
 *
 * lse = m + log1p(s - 1), m = max of the kept entries, s = sum_j e^(x_j - m)
 * with s - 1 summed without its max entries' exact 1s (the split of
 * fa_softmax.h's sum_exp): lse is tiny when one entry dominates at m = 0
 * (log of a rounded 1 + 1e-20 would be 0).
 * float32: every term and the sum in double (x - m exact up to 2^-53
 * relative, fa_exp_f64 ~0.75 ulp of double), rounded once at the end: the
 * correctly rounded result or its neighbour (measured max 0.50 ulp, i.e. at
 * most one rounding from the float64 value: tests/test_axis_catalogue.py::
 * test_logsumexp_f32_ulp).  Positive terms, so the double sum's relative error
 * stays n 2^-53 without compensation.
 * float64: the softmax kernels' sum_exp (x - m exact by TwoSum, compensated
 * lanes); the error is log1p's (< 1 ulp of log s) plus the last rounding:
 * measured max 0.91 ulp where |lse| >= |log s|; when m and log s nearly
 * cancel, (1 + 2 cond) ulp, cond = sum|x_i| p_i / |lse|.
 * Special rows: NaN (kept) -> NaN; else +inf -> +inf; no kept finite entry
 * (all -inf, all masked, or empty) -> -inf, log(0).
 * The masked and unmasked loops are separate inlined copies (`masked` a
 * constant), each a plain select-and-accumulate loop gcc vectorizes. */
static inline T AX(kept)(const T *x, const unsigned char *mk, fa_ssize i, int masked)
{
    return masked ? (mk[i] ? x[i] : (T)-FA_INF) : x[i];
}

static inline T AX(lse_max)(const T *x, const unsigned char *mk, fa_ssize n, int masked)
{
    T acc[FA_AX_LANES];
    for (int k = 0; k < FA_AX_LANES; k++) acc[k] = (T)-FA_INF;
    fa_ssize i = 0;
    for (; i + FA_AX_LANES <= n; i += FA_AX_LANES)
        FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
            T v = AX(kept)(x, mk, i + k, masked);
            acc[k] = v > acc[k] ? v : acc[k];
        }
    T m = (T)-FA_INF;
    for (; i < n; i++) {
        T v = AX(kept)(x, mk, i, masked);
        m = v > m ? v : m;
    }
    for (int k = 0; k < FA_AX_LANES; k++) m = acc[k] > m ? acc[k] : m;
    return m; /* NaN entries ignored */
}

/* sum of e^(x - m) over the non-max kept entries (float32: in double; float64:
 * sm_term, x - m exact), as hi + *lo, and *cnt the number of max entries (each
 * an exact 1, left out: the split above) */
static inline double AX(lse_sum)(const T *x, const unsigned char *mk, fa_ssize n, T m,
                                 int masked, double *lo, double *cnt)
{
    double buf[FA_AX_CHUNK];
    AX(acc) acc;
    AX(acc_init)(&acc);
    fa_ssize nmax = 0;
    for (fa_ssize i0 = 0; i0 < n; i0 += FA_AX_CHUNK) {
        fa_ssize nb = n - i0 < FA_AX_CHUNK ? n - i0 : FA_AX_CHUNK;
        const T *xc = x + i0;
        const unsigned char *mc = masked ? mk + i0 : NULL;
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < nb; j++) {
            T v = AX(kept)(xc, mc, j, masked);
#if FA_T_IS_DOUBLE
            double e = SMF(term)(v, m, NULL, 0);
#else
            double e = fa_exp_f64((double)v - (double)m);
#endif
            buf[j] = v == m ? 0.0 : e;
        }
        for (fa_ssize j = 0; j < nb; j++) nmax += AX(kept)(xc, mc, j, masked) == m;
        AX(acc_add)(&acc, buf, nb);
    }
    *cnt = (double)nmax;
    return AX(acc_total)(&acc, lo);
}

/* NaN among the kept entries (the rare rows whose max is not finite) */
static inline int AX(any_nan)(const T *x, const unsigned char *mk, fa_ssize n)
{
    for (fa_ssize i = 0; i < n; i++)
        if ((!mk || mk[i]) && x[i] != x[i]) return 1;
    return 0;
}

static inline T AX(lse_row)(const T *x, const unsigned char *mk, fa_ssize n, int masked)
{
    T m = AX(lse_max)(x, mk, n, masked);
    if (!(m > (T)-FA_INF && m < (T)FA_INF)) /* NaN, +inf, or nothing kept finite */
        return AX(any_nan)(x, mk, n) ? (T)NAN : m;
    double cnt, lo, t;
#if FA_T_IS_DOUBLE
    if (!masked) /* the softmax kernels' own sum (vectorized there) */
        t = SMF(sum_exp)(x, NULL, n, m, 1, &cnt, &lo);
    else
#endif
        t = AX(lse_sum)(x, mk, n, m, masked, &lo, &cnt);
    double ls = log1p((cnt - 1.0) + (t + lo));
    return (T)((double)m + ls);
}

FA_FLATTEN void AXK(logsumexp)(const void *xv, const unsigned char *mask, void *yv, fa_ssize nrows,
                    fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r;
        *y = mask ? AX(lse_row)(x, mask + r * len, len, 1) : AX(lse_row)(x, NULL, len, 0);
    }
}

/* logsumexp's VJP, g_r softmax(x_r), without a mask: the softmax row kernel
 * and the scaling by g_r while the row is in cache (softmax rounded, then the
 * product rounded: bitwise softmax then np.multiply, one pass fewer).  g
 * comes in through y: y[r, 0] holds g_r on entry. */
FA_FLATTEN void AXK(logsumexp_bwd)(const void *xv, const unsigned char *mask, void *yv,
                                   fa_ssize nrows, fa_ssize len)
{
    (void)mask;
    for (fa_ssize r = 0; r < nrows; r++) {
        T *y = (T *)yv + r * len;
        T g = y[0];
        ROWK(softmax)((const T *)xv + r * len, y, 1, len);
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) y[i] = y[i] * g;
    }
}

/* ---- sparsemax -----------------------------------------------------------
 *
 * sparsemax(x) = max(x - tau, 0) with tau the threshold where the result
 * sums to 1 (Martins & Astudillo 2016).  tau by Michelot's algorithm: start
 * from the mean of the finite entries minus 1/n, then repeat tau = (sum over
 * S of x - 1)/|S| with S = {x > tau}; tau only grows and S only shrinks, to
 * the true support, in O(n) passes at worst (7-10 on rows of 1024 normal
 * entries, measured) and without scratch memory -- y may be x itself.  Sums
 * in double, compensated for float64; tau kept as a double-double (hi + lo):
 * the support test is (x - tau_hi) - tau_lo > 0 and y = x - tau rounds once.  Rows with NaN give NaN; +inf entries share the mass equally (the
 * limit), the rest 0; a row without a finite or +inf entry gives NaN. */
static inline void AX(masked_sum)(const T *x, fa_ssize n, double tau, double tl, int first,
                                  double *hi, double *lo, double *count)
{
    double buf[FA_AX_CHUNK];
    AX(acc) acc;
    AX(acc_init)(&acc);
    fa_ssize cnt = 0;
    for (fa_ssize i0 = 0; i0 < n; i0 += FA_AX_CHUNK) {
        fa_ssize nb = n - i0 < FA_AX_CHUNK ? n - i0 : FA_AX_CHUNK;
        const T *xc = x + i0;
        /* first pass: the finite entries (v - v == 0); later: v > tau + tl,
         * tested as (v - tau) - tl > 0 (v - tau exact near tau, Sterbenz):
         * with tau's low part, [1e20] * 4 keeps its support (v > tau_hi
         * alone is false when tau rounds to v) */
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < nb; j++) {
            T v = xc[j];
            int in = first ? (v - v == 0) : (((double)v - tau) - tl > 0);
            buf[j] = in ? (double)v : 0.0;
        }
        for (fa_ssize j = 0; j < nb; j++) {
            T v = xc[j];
            cnt += first ? (v - v == 0) : (((double)v - tau) - tl > 0);
        }
        AX(acc_add)(&acc, buf, nb);
    }
    *hi = AX(acc_total)(&acc, lo);
    *count = (double)cnt;
}

/* (hi + lo - 1) / k as a double-double q + *ql. */
static inline double AX(tau)(double hi, double lo, double k, double *ql)
{
    double e1;
    double num = fa_two_sum_f64(hi, -1.0, &e1);
    double nl = e1 + lo;
    double q = num / k;
    double pl, ph = fa_two_prod_f64(q, k, &pl);
    *ql = (((num - ph) - pl) + nl) / k;
    return q;
}

FA_FLATTEN void XROWK(sparsemax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        fa_ssize npinf = 0;
        int anynan = 0;
        for (fa_ssize i = 0; i < len; i++) {
            npinf += x[i] == (T)FA_INF;
            anynan |= x[i] != x[i];
        }
        if (anynan) {
            for (fa_ssize i = 0; i < len; i++) y[i] = (T)NAN;
            continue;
        }
        if (npinf) {
            T share = (T)(1.0 / (double)npinf);
            for (fa_ssize i = 0; i < len; i++) y[i] = x[i] == (T)FA_INF ? share : (T)0;
            continue;
        }
        double hi, lo, cnt, tl;
        AX(masked_sum)(x, len, 0.0, 0.0, 1, &hi, &lo, &cnt);
        if (cnt == 0) { /* all -inf */
            for (fa_ssize i = 0; i < len; i++) y[i] = (T)NAN;
            continue;
        }
        double tau = AX(tau)(hi, lo, cnt, &tl);
        /* S = {x > tau} shrinks strictly until it is the support; the bound
         * only guards against a cycle that rounding could in principle make */
        for (fa_ssize it = 0; it <= len; it++) {
            double c2;
            AX(masked_sum)(x, len, tau, tl, 0, &hi, &lo, &c2);
            if (!(c2 < cnt) || c2 == 0) break;
            cnt = c2;
            tau = AX(tau)(hi, lo, cnt, &tl);
        }
        /* the same test as the support's: y > 0 exactly on S */
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
            double d = ((double)x[i] - tau) - tl;
            y[i] = d > 0 ? (T)d : (T)0;
        }
    }
}

/* sparsemax VJP from its output y: on S = {y > 0}, g - mean_S(g); 0 off S
 * (NaN where y is NaN).  The mean as a double-double, one rounding. */
FA_FLATTEN void XROWK(sparsemax_bwd)(const void *gv, const void *av, void *ov, fa_ssize nrows,
                          fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *g = (const T *)gv + r * len;
        const T *y = (const T *)av + r * len;
        T *o = (T *)ov + r * len;
        double sa[FA_AX_LANES], sc[FA_AX_LANES], na[FA_AX_LANES];
        for (int k = 0; k < FA_AX_LANES; k++) sa[k] = sc[k] = na[k] = 0.0;
        fa_ssize i = 0;
        for (; i + FA_AX_LANES <= len; i += FA_AX_LANES)
            FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
                int in = y[i + k] > 0;
                double err;
                sa[k] = fa_two_sum_f64(sa[k], in ? (double)g[i + k] : 0.0, &err);
                sc[k] += err;
                na[k] += in ? 1.0 : 0.0;
            }
        double s = 0.0, c = 0.0, cnt = 0.0;
        for (; i < len; i++) {
            int in = y[i] > 0;
            double err;
            s = fa_two_sum_f64(s, in ? (double)g[i] : 0.0, &err);
            c += err;
            cnt += in ? 1.0 : 0.0;
        }
        for (int k = 0; k < FA_AX_LANES; k++) {
            double err;
            s = fa_two_sum_f64(s, sa[k], &err);
            c += err + sc[k];
            cnt += na[k];
        }
        double hi = s + c, lo = c - (hi - s);
        double vh = cnt > 0 ? hi / cnt : 0.0, vl = 0.0;
        if (cnt > 0) {
            double pl, ph = fa_two_prod_f64(vh, cnt, &pl);
            vl = (((hi - ph) - pl) + lo) / cnt;
        }
        vl = vh - vh == 0 ? vl : 0.0; /* inf/NaN sums: no correction */
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++) {
            T yj = y[j];
#if FA_T_IS_DOUBLE
            T v = (g[j] - vh) - vl;
#else
            T v = (T)(((double)g[j] - vh) - vl);
#endif
            o[j] = yj > 0 ? v : (yj == yj ? (T)0 : yj);
        }
    }
}

/* ---- gated family --------------------------------------------------------
 *
 * Rows of 2h entries: a = x[:h], b = x[h:] (torch.nn.functional.glu's
 * convention, the activation on the second half); y = a * act(b), h entries.
 * The VJP covers the whole row: da = g act(b), db = act'(b) (g a).
 * act and act' are fa_ops.h's float64 definitions (op_sigmoid_f64,
 * op_gelu_bwd_f64, ...) for both dtypes, never re-derived here:
 *   float64 rows: act'(b) (g a) as op_*_bwd_f64(g a, b), g a rounded first:
 *     the op's own bound plus one rounding (0.5 ulp);
 *   float32 rows: the same ops on (double)b, g a exact in double, rounded
 *     once: <= 0.5 ulp + ~2^-29 relative.  (The float32 gelu cores, rounded
 *     to float before the product, measured 4.0 ulp: a * gelu(b) for gelu(b)
 *     below float's subnormal range, b < -10.)  At the FMA levels most
 *     float32 rows take the faster forms after these loops: glu and swiglu
 *     in float lanes (2 / 4 ulp), geglu on the double-internal float32 GELU
 *     cores (still one rounding), reglu in float (bitwise the same).
 * Measured maxima: tests/test_axis_catalogue.py (module docstring).
 * Each op is its own straight loop (the kind is a macro argument, swiglu's
 * beta == 1 test hoisted out), so gcc vectorizes it like the elementwise
 * kernels; o may be x itself in the VJP: iteration i reads a[i] and b[i] and
 * writes exactly those two entries. */
#ifndef FA_GZ_DEFINED /* one zero parameter block for both dtypes */
#define FA_GZ_DEFINED
static const double fa_gz[FA_MAXP] = {0};
#endif
#define FA_GZ ((const double *)fa_gz)

#define FA_GELU_D(b) op_gelu_f64((b), FA_GZ)
#define FA_GELU_BWD_D(ga, b) op_gelu_bwd_f64((ga), (b), FA_GZ)
#define FA_GELUT_D(b) op_gelu_tanh_f64((b), FA_GZ)
#define FA_GELUT_BWD_D(ga, b) op_gelu_tanh_bwd_f64((ga), (b), FA_GZ)

/* FA_GATED_LOOPS(name, ACT(b), ACT_BWD(ga, b)): the forward and VJP row loops,
 * b and ga doubles (the float64 ops take T = double) */
#define FA_GATED_LOOPS(name, ACT, ACT_BWD)                                                  \
    static inline void AX(name##_fwd)(const T *a, T *y, fa_ssize h, double beta)            \
    {                                                                                       \
        const T *bb = a + h;                                                                \
        (void)beta;                                                                         \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {                             \
            double b = (double)bb[i];                                                       \
            y[i] = (T)((double)a[i] * (ACT));                                               \
        }                                                                                   \
    }                                                                                       \
    static inline void AX(name##_bwd)(const T *g, const T *a, T *o, fa_ssize h, double beta) \
    {                                                                                       \
        const T *bb = a + h;                                                                \
        (void)beta;                                                                         \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {                             \
            double b = (double)bb[i], gi = (double)g[i];                                    \
            double ga = gi * (double)a[i];                                                  \
            double da = gi * (ACT);                                                         \
            double db = ACT_BWD;                                                            \
            o[i] = (T)da;                                                                   \
            o[h + i] = (T)db;                                                               \
        }                                                                                   \
    }
FA_GATED_LOOPS(glu, op_sigmoid_f64(b, FA_GZ), op_sigmoid_bwd_f64(ga, b, FA_GZ))
FA_GATED_LOOPS(geglu, FA_GELU_D(b), FA_GELU_BWD_D(ga, b))
FA_GATED_LOOPS(geglu_tanh, FA_GELUT_D(b), FA_GELUT_BWD_D(ga, b))
FA_GATED_LOOPS(reglu, op_relu_f64(b, FA_GZ), op_relu_bwd_f64(ga, b, FA_GZ))
/* swiglu, beta = 1 (the default): silu itself */
FA_GATED_LOOPS(swiglu1, op_silu_f64(b, FA_GZ), op_silu_bwd_f64(ga, b, FA_GZ))

#if !FA_T_IS_DOUBLE && FA_HAVE_FMA
/* float32 forwards of glu and swiglu in float lanes (16 at avx512, where the
 * double ops above run 8 and convert): sigmoid's and silu's quotient q and
 * unapplied Newton term c inv (fa_ops.h, lsigmoid_qc / silu_qc) are scaled by
 * a before the one rounding, a q + a (c inv) in one fma, so a act(b) carries
 * act's own error and one rounding, as act(b) does (<= 2 ulp; 1.54 measured,
 * tests/test_axis_catalogue.py; the double form: 0.5).  Without FMA that
 * sum rounds twice (2.1 ulp measured), so the baseline level keeps the
 * double form.  The correction term takes a clamped to +-FLT_MAX (a = inf:
 * inf * 0 would be NaN where a q is inf).  reglu needs no double at all:
 * a max(b, 0) rounded once in float is the double product rounded once. */
static inline float AX(a_glu)(float a, float b)
{
    float f1, f2, c, inv;
    float e = opaux_texp_f32(fa_abs_f32(b), 1, b < 0, NULL, &f1, &f2);
    float q = opaux_lsigmoid_qc_f32(b, e, &c, &inv);
    return fa_fma_f32(a, q, opaux_clamp_inf_f32(a) * (c * inv)) * f1;
}
static inline float AX(a_swiglu)(float a, float b)
{
    float c, inv, f1;
    float q = opaux_silu_qc_f32(b, &c, &inv, &f1);
    return fa_fma_f32(a, q, opaux_clamp_inf_f32(a) * (c * inv)) * f1;
}
#define FA_GATED_FWD_F32(name, EXPR)                                                        \
    static inline void AX(name##_fwd32)(const T *a, T *y, fa_ssize h)                       \
    {                                                                                       \
        const T *bb = a + h;                                                                \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {                             \
            float av = a[i], b = bb[i];                                                     \
            y[i] = EXPR;                                                                    \
        }                                                                                   \
    }
FA_GATED_FWD_F32(glu, AX(a_glu)(av, b))
FA_GATED_FWD_F32(swiglu1, AX(a_swiglu)(av, b))
FA_GATED_FWD_F32(reglu, av * op_relu_f32(b, FA_GZ))
/* geglu forwards: the double-internal float32 GELU cores (fa_math_f32.h:
 * 2^-27 relative or better, a fraction of the cost of the float64 ops above)
 * times a in double, rounded once -- as before, <= 0.5 ulp + 2^-27 */
FA_GATED_FWD_F32(geglu, (float)((double)av * fa_gelu_d_f32(b, 20.0f)))
FA_GATED_FWD_F32(geglu_tanh, (float)((double)av * fa_gelu_tanh_d_f32(b, 14.0f)))
#undef FA_GATED_FWD_F32
/* The VJPs: da = g act(b) as the forwards above (g for a); db = (g a)
 * act'(b) by the elementwise gradient kernels with g a rounded first -- half
 * an ulp on sigmoid's 2.24 / silu's 2.45 (FMA levels), inside the
 * gradient's 4.  Where g a overflows from finite factors (act' may be tiny:
 * 1e30 * 1e30 * sigmoid'(60) is finite), (g 2^-64) a goes in and the
 * result comes out times 2^64. */
#define FA_GATED_BWD_F32(name, DA, ACT_BWD)                                                 \
    static inline void AX(name##_bwd32)(const T *g, const T *a, T *o, fa_ssize h)           \
    {                                                                                       \
        const T *bb = a + h;                                                                \
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {                             \
            float b = bb[i], gi = g[i], av = a[i];                                          \
            float ga = gi * av;                                                             \
            int big = fa_abs_f32(ga) == INFINITY && fa_abs_f32(gi) < INFINITY &&            \
                      fa_abs_f32(av) < INFINITY;                                            \
            float db = ACT_BWD(big ? (gi * 0x1p-64f) * av : ga, b, FA_GZ);                  \
            o[i] = DA;                                                                      \
            o[h + i] = big ? db * 0x1p64f : db;                                             \
        }                                                                                   \
    }
FA_GATED_BWD_F32(glu, AX(a_glu)(gi, b), op_sigmoid_bwd_f32)
FA_GATED_BWD_F32(swiglu1, AX(a_swiglu)(gi, b), op_silu_bwd_f32)
#undef FA_GATED_BWD_F32
static inline void AX(reglu_bwd32)(const T *g, const T *a, T *o, fa_ssize h)
{
    const T *bb = a + h;
    _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {
        float b = bb[i], gi = g[i];
        float da = gi * op_relu_f32(b, FA_GZ);
        float db = op_relu_bwd_f32(gi * a[i], b, FA_GZ);
        o[i] = da;
        o[h + i] = db;
    }
}
#define FA_GLU_FWD(x, y, h) AX(glu_fwd32)(x, y, h)
#define FA_GLU_BWD(g, x, o, h) AX(glu_bwd32)(g, x, o, h)
#define FA_SWIGLU1_FWD(x, y, h) AX(swiglu1_fwd32)(x, y, h)
#define FA_SWIGLU1_BWD(g, x, o, h) AX(swiglu1_bwd32)(g, x, o, h)
#define FA_REGLU_FWD(x, y, h) AX(reglu_fwd32)(x, y, h)
#define FA_REGLU_BWD(g, x, o, h) AX(reglu_bwd32)(g, x, o, h)
#define FA_GEGLU_FWD(x, y, h) AX(geglu_fwd32)(x, y, h)
#define FA_GEGLU_TANH_FWD(x, y, h) AX(geglu_tanh_fwd32)(x, y, h)
#else
#define FA_GLU_FWD(x, y, h) AX(glu_fwd)(x, y, h, 0.0)
#define FA_GLU_BWD(g, x, o, h) AX(glu_bwd)(g, x, o, h, 0.0)
#define FA_SWIGLU1_FWD(x, y, h) AX(swiglu1_fwd)(x, y, h, 1.0)
#define FA_SWIGLU1_BWD(g, x, o, h) AX(swiglu1_bwd)(g, x, o, h, 1.0)
#define FA_REGLU_FWD(x, y, h) AX(reglu_fwd)(x, y, h, 0.0)
#define FA_REGLU_BWD(g, x, o, h) AX(reglu_bwd)(g, x, o, h, 0.0)
#define FA_GEGLU_FWD(x, y, h) AX(geglu_fwd)(x, y, h, 0.0)
#define FA_GEGLU_TANH_FWD(x, y, h) AX(geglu_tanh_fwd)(x, y, h, 0.0)
#endif
/* swiglu, beta != 1: b sigmoid(beta b); d/db = silu'(beta b).  beta b rounds
 * first: exact enough for float32 rows (2^-53), one more cond(sigmoid) u for
 * float64 ones (documented) */
FA_GATED_LOOPS(swiglub, b * op_sigmoid_f64(beta * b, FA_GZ),
               op_silu_bwd_f64(ga, beta * b, FA_GZ))
#undef FA_GATED_LOOPS

#define FA_DEFINE_GATED(name, FWD, BWD)                                                     \
    FA_FLATTEN void GK(name)(const void *xv, void *yv, fa_ssize nrows, fa_ssize h,             \
                         const double *p)                                                   \
    {                                                                                       \
        for (fa_ssize r = 0; r < nrows; r++) {                                              \
            const T *x = (const T *)xv + r * 2 * h;                                         \
            T *y = (T *)yv + r * h;                                                         \
            FWD;                                                                            \
        }                                                                                   \
    }                                                                                       \
    FA_FLATTEN void GK(name##_bwd)(const void *gv, const void *xv, void *ov, fa_ssize nrows,   \
                               fa_ssize h, const double *p)                                 \
    {                                                                                       \
        for (fa_ssize r = 0; r < nrows; r++) {                                              \
            const T *g = (const T *)gv + r * h;                                             \
            const T *x = (const T *)xv + r * 2 * h;                                         \
            T *o = (T *)ov + r * 2 * h;                                                     \
            BWD;                                                                            \
        }                                                                                   \
    }
FA_DEFINE_GATED(glu, FA_GLU_FWD(x, y, h), FA_GLU_BWD(g, x, o, h))
FA_DEFINE_GATED(geglu, FA_GEGLU_FWD(x, y, h), AX(geglu_bwd)(g, x, o, h, 0.0))
FA_DEFINE_GATED(geglu_tanh, FA_GEGLU_TANH_FWD(x, y, h),
                AX(geglu_tanh_bwd)(g, x, o, h, 0.0))
FA_DEFINE_GATED(reglu, FA_REGLU_FWD(x, y, h), FA_REGLU_BWD(g, x, o, h))
FA_DEFINE_GATED(swiglu,
                (p[0] == 1.0 ? FA_SWIGLU1_FWD(x, y, h) : AX(swiglub_fwd)(x, y, h, p[0])),
                (p[0] == 1.0 ? FA_SWIGLU1_BWD(g, x, o, h)
                             : AX(swiglub_bwd)(g, x, o, h, p[0])))
#undef FA_DEFINE_GATED
#undef FA_GLU_FWD
#undef FA_GLU_BWD
#undef FA_SWIGLU1_FWD
#undef FA_SWIGLU1_BWD
#undef FA_REGLU_FWD
#undef FA_REGLU_BWD
#undef FA_GEGLU_FWD
#undef FA_GEGLU_TANH_FWD
#undef FA_GZ
#undef FA_GELU_D
#undef FA_GELU_BWD_D
#undef FA_GELUT_D
#undef FA_GELUT_BWD_D

#undef T
#undef AX
#undef AXK
#undef ROWK
#undef XROWK
#undef FA_AXSYM
#undef GK
#undef SMF
#undef FA_AX_LANES
#undef FA_AX_LANE_LOOP
#undef FA_AX_CHUNK
