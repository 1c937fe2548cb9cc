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
#define AXK(name) FA_CAT3(axkernel_, name, FA_SFX)
#define ROWK(name) FA_CAT3(rowkernel_, name, FA_SFX)
#define GK(name) FA_CAT3(gatedkernel_, name, FA_SFX)
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

static void AXK(softmax_m)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                           fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 0, 0);
}
static void AXK(log_softmax_m)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                               fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 1, 0);
}
static void AXK(softmin)(const void *x, const unsigned char *m, void *y, fa_ssize nrows,
                         fa_ssize len)
{
    AX(masked_rows)(x, m, y, nrows, len, 0, 1);
}

/* softmin VJP from its output y: -(y (g - <g, y>)), softmax's kernel then a
 * negation -- bitwise softmax_bwd(-g, y), rounding being odd-symmetric. */
static void ROWK(softmin_bwd)(const void *gv, const void *av, void *ov, fa_ssize nrows,
                              fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        T *o = (T *)ov + r * len;
        ROWK(softmax_bwd)((const T *)gv + r * len, (const T *)av + r * len, o, 1, len);
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) o[i] = -o[i];
    }
}

/* ---- logsumexp -----------------------------------------------------------
 *
 * lse = m + log1p(s - 1), m = max of the kept entries, s = sum_j e^(x_j - m)
 * with s - 1 summed without its max entries' exact 1s (the split of
 * fa_softmax.h's sum_exp): lse is tiny when one entry dominates at m = 0
 * (log of a rounded 1 + 1e-20 would be 0).
 * float32: every term and the sum in double (x - m exact up to 2^-53
 * relative, exp of fa_math_f64.h), rounded once at the end: the result is
 * the correctly rounded value's neighbour at worst (measured max 0.50 ulp,
 * tests/test_axis_catalogue.py::test_logsumexp_f32_ulp, 2026-11-29).
 * float64: terms e^(x - m) with x - m exact (TwoSum, sm_term), compensated
 * sum; the error is log1p's (< 1 ulp of log s) plus the final rounding:
 * measured max 0.9 ulp on typical rows where |lse| >= |log s|; when m and
 * log s nearly cancel the bound is (1 + cond) ulp, cond = sum|x_i| p_i/|lse|.
 * Special rows: NaN (kept) -> NaN; else +inf -> +inf; no kept finite entry
 * (all -inf, or all masked) -> -inf, log(0). */
static void AXK(logsumexp)(const void *xv, const unsigned char *mask, void *yv, fa_ssize nrows,
                           fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        const unsigned char *mk = mask ? mask + r * len : NULL;
        T *y = (T *)yv + r;
        T acc[FA_AX_LANES];
        int nan[FA_AX_LANES];
        for (int k = 0; k < FA_AX_LANES; k++) acc[k] = (T)-FA_INF, nan[k] = 0;
        fa_ssize i = 0;
        for (; i + FA_AX_LANES <= len; i += FA_AX_LANES)
            FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
                T v = (mk && !mk[i + k]) ? (T)-FA_INF : x[i + k];
                acc[k] = v > acc[k] ? v : acc[k];
                nan[k] |= v != v;
            }
        T m = (T)-FA_INF;
        int anynan = 0;
        for (; i < len; i++) {
            T v = (mk && !mk[i]) ? (T)-FA_INF : x[i];
            m = v > m ? v : m;
            anynan |= v != v;
        }
        for (int k = 0; k < FA_AX_LANES; k++) {
            m = acc[k] > m ? acc[k] : m;
            anynan |= nan[k];
        }
        if (anynan || !(m > (T)-FA_INF && m < (T)FA_INF)) {
            *y = anynan ? (T)NAN : m; /* NaN, +inf, or -inf (nothing kept finite) */
            continue;
        }
        double sa[FA_AX_LANES], sc[FA_AX_LANES], ones[FA_AX_LANES];
        for (int k = 0; k < FA_AX_LANES; k++) sa[k] = sc[k] = ones[k] = 0.0;
        double s = 0.0, c = 0.0, cnt = 0.0;
        for (i = 0; i + FA_AX_LANES <= len; i += FA_AX_LANES)
            FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
                T v = (mk && !mk[i + k]) ? (T)-FA_INF : x[i + k];
#if FA_T_IS_DOUBLE
                double e = SMF(term)(v, m, NULL, 0);
#else
                double e = fa_exp_f64((double)v - (double)m);
#endif
                double err;
                sa[k] = fa_two_sum_f64(sa[k], v == m ? e - 1.0 : e, &err);
                sc[k] += err;
                ones[k] += v == m ? 1.0 : 0.0;
            }
        for (; i < len; i++) {
            T v = (mk && !mk[i]) ? (T)-FA_INF : x[i];
#if FA_T_IS_DOUBLE
            double e = SMF(term)(v, m, NULL, 0);
#else
            double e = fa_exp_f64((double)v - (double)m);
#endif
            double err;
            s = fa_two_sum_f64(s, v == m ? e - 1.0 : e, &err);
            c += err;
            cnt += v == m ? 1.0 : 0.0;
        }
        for (int k = 0; k < FA_AX_LANES; k++) {
            double err;
            s = fa_two_sum_f64(s, sa[k], &err);
            c += err + sc[k];
            cnt += ones[k];
        }
        double ls = log1p((cnt - 1.0) + (s + c));
        *y = (T)((double)m + ls);
    }
}

/* ---- sparsemax -----------------------------------------------------------
 *
 * sparsemax(x) = max(x - tau, 0) with tau the threshold where the result
 * sums to 1 (Martins & Astudillo 2016).  tau by Michelot's algorithm: start
 * from the mean of the finite entries minus 1/n, then repeat tau = (sum over
 * S of x - 1)/|S| with S = {x > tau}; tau only grows and S only shrinks, to
 * the true support, in O(n) passes at worst (a handful on real rows) and
 * without scratch memory -- y may be x itself.  Sums in double, compensated
 * for float64; tau kept as a double-double (hi + lo), so y = x - tau rounds
 * once.  Rows with NaN give NaN; +inf entries share the mass equally (the
 * limit), the rest 0; a row without a finite or +inf entry gives NaN. */
static inline void AX(masked_sum)(const T *x, fa_ssize n, double tau, int first, double *hi,
                                  double *lo, double *count)
{
    double sa[FA_AX_LANES], sc[FA_AX_LANES], na[FA_AX_LANES];
    for (int k = 0; k < FA_AX_LANES; k++) sa[k] = sc[k] = na[k] = 0.0;
    fa_ssize i = 0;
    for (; i + FA_AX_LANES <= n; i += FA_AX_LANES)
        FA_AX_LANE_LOOP for (int k = 0; k < FA_AX_LANES; k++) {
            T v = x[i + k];
            /* first pass: the finite entries (v - v == 0); later: v > tau */
            int in = first ? (v - v == 0) : ((double)v > tau);
            double err;
            sa[k] = fa_two_sum_f64(sa[k], in ? (double)v : 0.0, &err);
            sc[k] += err;
            na[k] += in ? 1.0 : 0.0;
        }
    double s = 0.0, c = 0.0, cnt = 0.0;
    for (; i < n; i++) {
        T v = x[i];
        int in = first ? (v - v == 0) : ((double)v > tau);
        double err;
        s = fa_two_sum_f64(s, in ? (double)v : 0.0, &err);
        c += err;
        cnt += in ? 1.0 : 0.0;
    }
    for (int k = 0; k < FA_AX_LANES; k++) {
        double err;
        s = fa_two_sum_f64(s, sa[k], &err);
        c += err + sc[k];
        cnt += na[k];
    }
    *hi = s + c;
    *lo = c - (*hi - s);
    *count = cnt;
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

static void ROWK(sparsemax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
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
        AX(masked_sum)(x, len, 0.0, 1, &hi, &lo, &cnt);
        if (cnt == 0) { /* all -inf */
            for (fa_ssize i = 0; i < len; i++) y[i] = (T)NAN;
            continue;
        }
        double tau = AX(tau)(hi, lo, cnt, &tl);
        /* S = {x > tau} shrinks strictly until it is the support; the bound
         * only guards against a cycle that rounding could in principle make */
        for (fa_ssize it = 0; it <= len; it++) {
            double c2;
            AX(masked_sum)(x, len, tau, 0, &hi, &lo, &c2);
            if (!(c2 < cnt)) break;
            cnt = c2;
            tau = AX(tau)(hi, lo, cnt, &tl);
        }
#if FA_T_IS_DOUBLE
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
            T v = x[i];
            y[i] = v > tau ? (v - tau) - tl : (T)0;
        }
#else
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
            double v = (double)x[i];
            y[i] = v > tau ? (T)((v - tau) - tl) : (T)0;
        }
#endif
    }
}

/* sparsemax VJP from its output y: on S = {y > 0}, g - mean_S(g); 0 off S
 * (NaN where y is NaN).  The mean as a double-double, one rounding. */
static void ROWK(sparsemax_bwd)(const void *gv, const void *av, void *ov, fa_ssize nrows,
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
 * act and act' are the float64 definitions of fa_ops.h (op_sigmoid_f64,
 * op_gelu_bwd_f64, ...) for both dtypes: float32 rows are evaluated in double
 * (g a exact there) and rounded once, <= 0.5 ulp plus ~2^-29 relative;
 * float64 rows add the product's rounding to act's error (g a is rounded
 * before act'(b) multiplies it: 0.5 ulp more).  Measured maxima: see
 * tests/test_axis_catalogue.py (GATED_TOL). */
#define FA_GATE_GLU 0
#define FA_GATE_GEGLU 1
#define FA_GATE_GEGLU_TANH 2
#define FA_GATE_SWIGLU 3
#define FA_GATE_REGLU 4

static inline double AX(act)(int kind, double b, double beta)
{
    static const double z[FA_MAXP] = {0};
    switch (kind) {
    case FA_GATE_GLU: return op_sigmoid_f64(b, z);
    case FA_GATE_GEGLU: return op_gelu_f64(b, z);
    case FA_GATE_GEGLU_TANH: return op_gelu_tanh_f64(b, z);
    /* b sigmoid(beta b) = silu(beta b) / beta; beta = 1 (the default) exactly
     * silu; otherwise beta b rounds first (float64: cond(sigmoid) u more) */
    case FA_GATE_SWIGLU: return beta == 1.0 ? op_silu_f64(b, z) : b * op_sigmoid_f64(beta * b, z);
    default: return op_relu_f64(b, z);
    }
}

/* act'(b) * ga */
static inline double AX(act_bwd)(int kind, double ga, double b, double beta)
{
    static const double z[FA_MAXP] = {0};
    switch (kind) {
    case FA_GATE_GLU: return op_sigmoid_bwd_f64(ga, b, z);
    case FA_GATE_GEGLU: return op_gelu_bwd_f64(ga, b, z);
    case FA_GATE_GEGLU_TANH: return op_gelu_tanh_bwd_f64(ga, b, z);
    /* d/db b sigmoid(beta b) = silu'(beta b) */
    case FA_GATE_SWIGLU: return op_silu_bwd_f64(ga, beta == 1.0 ? b : beta * b, z);
    default: return op_relu_bwd_f64(ga, b, z);
    }
}

static inline void AX(gated_rows)(int kind, const void *xv, void *yv, fa_ssize nrows,
                                  fa_ssize h, const double *p)
{
    double beta = p[0];
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *a = (const T *)xv + r * 2 * h;
        const T *b = a + h;
        T *y = (T *)yv + r * h;
        for (fa_ssize i = 0; i < h; i++)
            y[i] = (T)((double)a[i] * AX(act)(kind, (double)b[i], beta));
    }
}

/* o may be x itself: entry i of a and of b is read by iteration i only,
 * which then writes exactly those two entries. */
static inline void AX(gated_bwd_rows)(int kind, const void *gv, const void *xv, void *ov,
                                      fa_ssize nrows, fa_ssize h, const double *p)
{
    double beta = p[0];
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *g = (const T *)gv + r * h;
        const T *a = (const T *)xv + r * 2 * h;
        const T *b = a + h;
        T *o = (T *)ov + r * 2 * h;
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < h; i++) {
            double gi = (double)g[i], ai = (double)a[i], bi = (double)b[i];
            double da = gi * AX(act)(kind, bi, beta);
            double db = AX(act_bwd)(kind, gi * ai, bi, beta);
            o[i] = (T)da;
            o[h + i] = (T)db;
        }
    }
}

#define FA_DEFINE_GATED(name, kind)                                                       \
    static void GK(name)(const void *x, void *y, fa_ssize nrows, fa_ssize h,             \
                         const double *p)                                                 \
    {                                                                                     \
        AX(gated_rows)(kind, x, y, nrows, h, p);                                          \
    }                                                                                     \
    static void GK(name##_bwd)(const void *g, const void *x, void *y, fa_ssize nrows,    \
                               fa_ssize h, const double *p)                               \
    {                                                                                     \
        AX(gated_bwd_rows)(kind, g, x, y, nrows, h, p);                                   \
    }
FA_DEFINE_GATED(glu, FA_GATE_GLU)
FA_DEFINE_GATED(geglu, FA_GATE_GEGLU)
FA_DEFINE_GATED(geglu_tanh, FA_GATE_GEGLU_TANH)
FA_DEFINE_GATED(swiglu, FA_GATE_SWIGLU)
FA_DEFINE_GATED(reglu, FA_GATE_REGLU)
#undef FA_DEFINE_GATED

#undef T
#undef AX
#undef AXK
#undef ROWK
#undef GK
#undef SMF
#undef FA_AX_LANES
#undef FA_AX_LANE_LOOP
