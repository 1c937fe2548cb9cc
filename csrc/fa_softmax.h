/* softmax and log_softmax over contiguous rows, and their vector-Jacobian
 * products.  Template, included once per dtype (FA_T, FA_SFX) like fa_ops.h.
 *
 * Determinism: reductions use FA_LANES explicit accumulators in a fixed
 * order (never a compiler-reassociated reduction), so a row's result depends
 * only on the row, not on the thread that ran it or on the other rows.
 * Sums are accumulated in double for both dtypes: for float32 that makes the
 * sum's error negligible next to exp's, so y = e/s stays within ~1 ulp.
 */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define FM(fn) FA_CAT3(fa_, fn, FA_SFX)
#define SM(name) FA_CAT3(sm_, name, FA_SFX)
#define ROWK(name) FA_CAT3(rowkernel_, name, FA_SFX)
#define FTWOSUM FA_CAT3(fa_two_sum, FA_SFX, )
#define FABS FA_CAT3(fa_abs, FA_SFX, )
#define FFMA FA_CAT3(fa_fma, FA_SFX, )

/* 64 bytes of T: one AVX-512 register, four SSE ones. */
#define FA_LANES ((int)(64 / sizeof(T)))
#define FA_LANES_MAX 16

static inline T SM(row_max)(const T *x, fa_ssize n)
{
    T acc[64 / sizeof(T)];
    for (int k = 0; k < FA_LANES; k++) acc[k] = (T)-FA_INF;
    fa_ssize i = 0;
    for (; i + FA_LANES <= n; i += FA_LANES)
        for (int k = 0; k < FA_LANES; k++) acc[k] = x[i + k] > acc[k] ? x[i + k] : acc[k];
    T m = (T)-FA_INF;
    for (; i < n; i++) m = x[i] > m ? x[i] : m;
    for (int k = 0; k < FA_LANES; k++) m = acc[k] > m ? acc[k] : m;
    return m;
}

/* exp(x - m) with x - m taken exactly (TwoSum): rounding x - m first would
 * cost |x - m| * 2^-p relative, ~40 ulp for entries 80 below the max.
 * Returns e = exp(hi) and the relative correction c: exp(x - m) = e (1 + c).
 * -inf entries give 0; an all -inf row (m = -inf) gives NaN. */
static inline T SM(exp_shifted)(T x, T m, T *c)
{
    T err;
    T d = FTWOSUM(x, -m, &err);
    *c = FABS(err) <= FABS(d) ? err : (T)0; /* NaN/inf from infinite x */
    return FM(exp)(d);
}

/* Sum of the terms exp(x_i - m) of a row, returned as cnt + (t + *lo): cnt
 * counts the entries equal to the max (each contributes exactly 1) and t sums
 * the rest (a max entry adds e - 1, which is 0, or NaN when m is infinite, so
 * such rows stay NaN).  log_softmax needs s - 1 = (cnt - 1) + t to full
 * relative precision: log(1 + 1e-20) must not become log(1).
 *
 * float64: terms stored in y (when y != NULL) and summed with a compensated
 * (TwoSum) accumulator per lane, so the error stays ~1 ulp whatever the row
 * length.  float32: terms and sums in double, exact enough already; y is
 * recomputed in the last pass instead of stored. */
static inline double SM(sum_exp)(const T *x, T *y, fa_ssize n, T m, double *cnt, double *lo)
{
    double acc[FA_LANES_MAX], comp[FA_LANES_MAX], ones[FA_LANES_MAX];
    for (int k = 0; k < FA_LANES; k++) acc[k] = comp[k] = ones[k] = 0.0;
    fa_ssize i = 0;
    for (; i + FA_LANES <= n; i += FA_LANES) {
        for (int k = 0; k < FA_LANES; k++) {
            T c;
            T xi = x[i + k];
            T e = SM(exp_shifted)(xi, m, &c);
#if FA_T_IS_DOUBLE
            e = FFMA(e, c, e);
            if (y) y[i + k] = e;
            T term = xi == m ? e - (T)1 : e;
            T err;
            acc[k] = FTWOSUM(acc[k], term, &err);
            comp[k] += err;
#else
            double ed = (double)e + (double)e * (double)c;
            acc[k] += xi == m ? ed - 1.0 : ed;
#endif
            ones[k] += xi == m ? 1.0 : 0.0;
        }
    }
    double s = 0.0, sc = 0.0, ns = 0.0;
    for (; i < n; i++) {
        T c;
        T xi = x[i];
        T e = SM(exp_shifted)(xi, m, &c);
#if FA_T_IS_DOUBLE
        e = FFMA(e, c, e);
        if (y) y[i] = e;
        T term = xi == m ? e - (T)1 : e;
        T err;
        s = FTWOSUM(s, term, &err);
        sc += err;
#else
        double ed = (double)e + (double)e * (double)c;
        s += xi == m ? ed - 1.0 : ed;
#endif
        ns += xi == m ? 1.0 : 0.0;
    }
    for (int k = 0; k < FA_LANES; k++) {
        double err;
        s = fa_two_sum_f64(s, acc[k], &err);
        sc += err + comp[k];
        ns += ones[k];
    }
    (void)y;
    double hi = s + sc;
    *lo = sc - (hi - s);
    *cnt = ns;
    return hi;
}

static void ROWK(softmax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        T m = SM(row_max)(x, len);
        double lo, cnt;
        double t = SM(sum_exp)(x, y, len, m, &cnt, &lo);
        double s = cnt + (t + lo);
#if FA_T_IS_DOUBLE
        /* one correctly rounded division per element */
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) y[i] = y[i] / s;
#else
        double inv = 1.0 / s;
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
            T c;
            double e = (double)SM(exp_shifted)(x[i], m, &c);
            y[i] = (T)((e + e * (double)c) * inv);
        }
#endif
    }
}

static void ROWK(log_softmax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        T m = SM(row_max)(x, len);
        /* log s as log1p(s - 1), s - 1 from sum_exp's split: log of a
         * rounded 1 + tiny keeps only s's absolute error (700 ulp of float64
         * when the other entries sum to 1e-3; everything when they sum to
         * 1e-20).  Once per row, so libm is fine. */
        double lo, cnt;
        double t = SM(sum_exp)(x, NULL, len, m, &cnt, &lo);
        double ls = log1p((cnt - 1.0) + (t + lo));
#if FA_T_IS_DOUBLE
        /* y = (x - m) - log s with x - m exact as hi + lo */
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
            T err;
            T d = FTWOSUM(x[i], -m, &err);
            err = FABS(err) <= FABS(d) ? err : (T)0;
            y[i] = (d - ls) + err;
        }
#else
        /* float32: x - m is exact in double; one rounding at the end */
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)
            y[i] = (T)(((double)x[i] - (double)m) - ls);
#endif
    }
}

/* softmax VJP from its output y: out = y * (g - <g, y>). */
static void ROWK(softmax_bwd)(const void *gv, const void *av, void *ov, fa_ssize nrows,
                              fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *g = (const T *)gv + r * len;
        const T *y = (const T *)av + r * len;
        T *o = (T *)ov + r * len;
        double acc[64 / sizeof(T)];
        for (int k = 0; k < FA_LANES; k++) acc[k] = 0.0;
        fa_ssize i = 0;
        for (; i + FA_LANES <= len; i += FA_LANES)
            for (int k = 0; k < FA_LANES; k++) acc[k] += (double)g[i + k] * (double)y[i + k];
        double dot = 0.0;
        for (; i < len; i++) dot += (double)g[i] * (double)y[i];
        for (int k = 0; k < FA_LANES; k++) dot += acc[k];
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
            o[j] = (T)((double)y[j] * ((double)g[j] - dot));
    }
}

/* log_softmax VJP: out = g - p * sum(g), p = exp(y) (from the output) or the
 * softmax probabilities themselves (_p). */
static inline void SM(log_softmax_bwd_rows)(const void *gv, const void *av, void *ov,
                                            fa_ssize nrows, fa_ssize len, int a_is_p)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *g = (const T *)gv + r * len;
        const T *a = (const T *)av + r * len;
        T *o = (T *)ov + r * len;
        double acc[64 / sizeof(T)];
        for (int k = 0; k < FA_LANES; k++) acc[k] = 0.0;
        fa_ssize i = 0;
        for (; i + FA_LANES <= len; i += FA_LANES)
            for (int k = 0; k < FA_LANES; k++) acc[k] += (double)g[i + k];
        double gs = 0.0;
        for (; i < len; i++) gs += (double)g[i];
        for (int k = 0; k < FA_LANES; k++) gs += acc[k];
        if (a_is_p) {
            _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
                o[j] = (T)((double)g[j] - (double)a[j] * gs);
        } else {
            _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
                o[j] = (T)((double)g[j] - (double)FM(exp)(a[j]) * gs);
        }
    }
}
static void ROWK(log_softmax_bwd)(const void *g, const void *a, void *o, fa_ssize nrows,
                                  fa_ssize len)
{
    SM(log_softmax_bwd_rows)(g, a, o, nrows, len, 0);
}
static void ROWK(log_softmax_bwd_p)(const void *g, const void *a, void *o, fa_ssize nrows,
                                    fa_ssize len)
{
    SM(log_softmax_bwd_rows)(g, a, o, nrows, len, 1);
}

#undef T
#undef FM
#undef SM
#undef ROWK
#undef FTWOSUM
#undef FABS
#undef FFMA
#undef FA_LANES
#undef FA_LANES_MAX
