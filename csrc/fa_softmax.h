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

/* 64 bytes of T: one AVX-512 register, four SSE ones.  The loops over the
 * lanes stay loops (unroll 0): gcc vectorizes them as one vector, where the
 * fully unrolled form was left scalar (SLP does not take the max/select
 * lane updates; measured 16 scalar vmaxss per 16 floats). */
#define FA_LANES ((int)(64 / sizeof(T)))
#define FA_LANES_MAX 16
#define FA_LANE_LOOP _Pragma("GCC unroll 0")
#if defined(__GNUC__)
#define FA_SM_INLINE static inline __attribute__((always_inline))
#else
#define FA_SM_INLINE static inline
#endif

/* The row's max (NaN entries ignored), and its min when mn != NULL. */
static inline T SM(row_max)(const T *x, fa_ssize n, T *mn)
{
    T acc[64 / sizeof(T)], acm[64 / sizeof(T)];
    for (int k = 0; k < FA_LANES; k++) acc[k] = (T)-FA_INF, acm[k] = (T)FA_INF;
    fa_ssize i = 0;
    for (; i + FA_LANES <= n; i += FA_LANES)
        FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
            acc[k] = x[i + k] > acc[k] ? x[i + k] : acc[k];
            if (mn) acm[k] = x[i + k] < acm[k] ? x[i + k] : acm[k];
        }
    T m = (T)-FA_INF, m2 = (T)FA_INF;
    for (; i < n; i++) {
        m = x[i] > m ? x[i] : m;
        m2 = x[i] < m2 ? x[i] : m2;
    }
    for (int k = 0; k < FA_LANES; k++) {
        m = acc[k] > m ? acc[k] : m;
        m2 = acm[k] < m2 ? acm[k] : m2;
    }
    if (mn) *mn = m2;
    return m;
}

#if !FA_T_IS_DOUBLE
/* float32: e^(x - m) from the float exp (16 lanes), x - m exact (TwoSum,
 * the error folded into exp's reduction).  With FMA the plain exp (~0.6
 * ulp) keeps softmax within 1.7 ulp; without it (baseline) its error grows
 * and the pair exp (~0.25 ulp before the one rounding) is used: 2.2 ulp
 * measured otherwise (python -m fastact accuracy --ops softmax).  Entries more than 80 below the max come scaled by 2^64
 * (*tail), so e stays a normal float down to e^-110 (below that it is 0 in
 * every result: d is clamped, which also maps -inf entries there); the
 * callers take the 2^-64 back in double. */
#define FA_SM_TAIL (-80.0f)
/* tails (a constant): 0 when the caller knows the row spans less than 80
 * (min - max >= -80: no scaling, no clamp, every d in [-80, 0] or NaN) */
static inline float SM(fexp)(float xi, float m, int tails, int *tail)
{
    float err, lo;
    float d = FTWOSUM(xi, -m, &err);
    *tail = 0;
    if (tails) {
        int low = -110.0f > d; /* keeps NaN (an all -inf row: NaN) */
        d = low ? -110.0f : d;
        err = low ? 0.0f : err;
        *tail = d < FA_SM_TAIL;
    }
#if FA_HAVE_FMA
    (void)lo;
    return fa_exp_lean2_f32(d, err, *tail ? -64 : 0);
#else
    float hi = fa_exp_pair_f32(d, err, *tail ? -64 : 0, &lo);
    return hi + lo;
#endif
}
#endif

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

/* One term of a row's sum (float64): e^(x - m) (1 + c), c the exact error
 * of x - m, stored to y[i] when y is given (the unrounded term). */
#if FA_T_IS_DOUBLE
static inline double SM(term)(T xi, T m, T *y, fa_ssize i)
{
    T c;
    T e = SM(exp_shifted)(xi, m, &c);
    e = FFMA(e, c, e);
    if (y) y[i] = e;
    return e;
}
#endif

/* Sum of the terms exp(x_i - m) of a row, returned as cnt + (t + *lo).
 * split (a constant, for log_softmax): cnt counts the entries equal to the
 * max (each contributes exactly 1) and t sums the rest (a max entry adds
 * e - 1, which is 0, or NaN when m is infinite, so such rows stay NaN):
 * log_softmax needs s - 1 = (cnt - 1) + t to full relative precision,
 * log(1 + 1e-20) must not become log(1).  Without split (softmax) cnt = 0
 * and t sums every term. */
#if FA_T_IS_DOUBLE
/* float64: compensated (TwoSum) per lane, so the error stays ~1 ulp of
 * float64 whatever the row length. */
static inline double SM(sum_exp)(const T *x, T *y, fa_ssize n, T m, int split, double *cnt,
                                 double *lo)
{
    double acc[FA_LANES_MAX], comp[FA_LANES_MAX], ones[FA_LANES_MAX];
    for (int k = 0; k < FA_LANES; k++) acc[k] = comp[k] = ones[k] = 0.0;
    fa_ssize i = 0;
    for (; i + FA_LANES <= n; i += FA_LANES) {
        double tb[FA_LANES_MAX];
        /* the terms: an elementwise loop (ivdep: y may be x itself) */
        _Pragma("GCC ivdep") FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
            T xi = x[i + k];
            double e = SM(term)(xi, m, y, i + k);
            tb[k] = split && xi == m ? e - 1.0 : e;
            if (split) ones[k] += xi == m ? 1.0 : 0.0;
        }
        FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
            double err;
            acc[k] = fa_two_sum_f64(acc[k], tb[k], &err);
            comp[k] += err;
        }
    }
    double s = 0.0, sc = 0.0, ns = 0.0;
    for (; i < n; i++) {
        T xi = x[i];
        double e = SM(term)(xi, m, y, i);
        double err;
        s = fa_two_sum_f64(s, split && xi == m ? e - 1.0 : e, &err);
        sc += err;
        ns += split && xi == m ? 1.0 : 0.0;
    }
    for (int k = 0; k < FA_LANES; k++) {
        double err;
        s = fa_two_sum_f64(s, acc[k], &err);
        sc += err + comp[k];
        ns += ones[k];
    }
    double hi = s + sc;
    *lo = sc - (hi - s);
    *cnt = ns;
    return hi;
}
#else
/* float32: the float terms (<= 1, exact in double) summed in double per lane:
 * n 2^-53 relative at most, far below float's resolution even for s - 1, so
 * no compensation (*lo = 0).  The bookkeeping stays on the 16 float lanes
 * (the split's e - 1 and the tail select in float, the max count in int32)
 * and only the sums are double.  tails (a constant): 0 when the row spans
 * less than 80 (fexp); else the terms scaled by 2^64 go to their own lanes,
 * scaled back once at the end.  Always inlined: split, tails and whether y
 * is stored must be constants in each copy (out of line, gcc kept the lanes
 * on the stack and branched on the split's masks). */
FA_SM_INLINE double SM(sum_exp_t)(const float *x, float *y, fa_ssize n, float m, int split,
                                  int tails, double *cnt, double *lo)
{
    double acc[FA_LANES_MAX], acct[FA_LANES_MAX];
    int32_t ones[FA_LANES_MAX];
    for (int k = 0; k < FA_LANES; k++) acc[k] = acct[k] = 0.0, ones[k] = 0;
    fa_ssize i = 0;
    for (; i + FA_LANES <= n; i += FA_LANES) {
        float tb[FA_LANES_MAX], tt[FA_LANES_MAX];
        int32_t one[FA_LANES_MAX];
        /* the terms: an elementwise loop (ivdep: y may be x itself) */
        _Pragma("GCC ivdep") FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
            float xi = x[i + k];
            int tail;
            float e = SM(fexp)(xi, m, tails, &tail);
            if (y) y[i + k] = e;
            int o = split && xi == m;
            e = o ? e - 1.0f : e;
            tb[k] = tail ? 0.0f : e;
            tt[k] = tail ? e : 0.0f;
            one[k] = o;
        }
        FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
            acc[k] += (double)tb[k];
            if (tails) acct[k] += (double)tt[k];
            if (split) ones[k] += one[k];
        }
    }
    double s = 0.0, st = 0.0;
    fa_ssize ns = 0;
    for (; i < n; i++) {
        float xi = x[i];
        int tail;
        float e = SM(fexp)(xi, m, tails, &tail);
        if (y) y[i] = e;
        int o = split && xi == m;
        e = o ? e - 1.0f : e;
        s += tail ? 0.0 : (double)e;
        st += tail ? (double)e : 0.0;
        ns += o;
    }
    for (int k = 0; k < FA_LANES; k++) {
        s += acc[k];
        st += acct[k];
        ns += ones[k];
    }
    *lo = 0.0;
    *cnt = (double)ns;
    return s + st * 0x1p-64;
}
#endif

static void ROWK(softmax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        double lo, cnt;
#if FA_T_IS_DOUBLE
        T m = SM(row_max)(x, len, NULL);
        double t = SM(sum_exp)(x, y, len, m, 0, &cnt, &lo);
        double s = cnt + (t + lo);
        /* one correctly rounded division per element */
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) y[i] = y[i] / s;
#else
        /* float32: y = e / s as e * (1/s) in double, one rounding.  The terms
         * are stored in the sum's pass unless the row reaches 80 below its max
         * (then y may be x itself, and the scaled tail terms are recomputed) */
        T mn;
        T m = SM(row_max)(x, len, &mn);
        int store = !(mn - m < FA_SM_TAIL);
        /* two calls, so each inlined copy knows whether it stores */
        double t = store ? SM(sum_exp_t)(x, y, len, m, 0, 0, &cnt, &lo)
                         : SM(sum_exp_t)(x, NULL, len, m, 0, 1, &cnt, &lo);
        double inv = 1.0 / (cnt + (t + lo));
        if (store) {
#if FA_HAVE_FMA
            /* e (ih + il) in float, one rounding (the fma): the same result
             * as e * inv in double but for e il's own rounding, 2^-48 of the
             * result; 16 lanes instead of two conversions each way */
            T ih = (T)inv, il = (T)(inv - (double)ih);
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)
                y[i] = FFMA(y[i], ih, y[i] * il);
#else
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)
                y[i] = (T)((double)y[i] * inv);
#endif
        } else {
            double invt = inv * 0x1p-64;
            _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++) {
                int tail;
                T e = SM(fexp)(x[i], m, 1, &tail);
                y[i] = (T)((double)e * (tail ? invt : inv));
            }
        }
#endif
    }
}

static void ROWK(log_softmax)(const void *xv, void *yv, fa_ssize nrows, fa_ssize len)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *x = (const T *)xv + r * len;
        T *y = (T *)yv + r * len;
        /* log s as log1p(s - 1), s - 1 from sum_exp's split: log of a
         * rounded 1 + tiny keeps only s's absolute error (700 ulp of float64
         * when the other entries sum to 1e-3; everything when they sum to
         * 1e-20).  Once per row, so libm is fine. */
        double lo, cnt;
#if FA_T_IS_DOUBLE
        T m = SM(row_max)(x, len, NULL);
        double t = SM(sum_exp)(x, NULL, len, m, 1, &cnt, &lo);
#else
        /* rows spanning less than 80 take the sum without tail scaling */
        T mn;
        T m = SM(row_max)(x, len, &mn);
        double t = mn - m < FA_SM_TAIL ? SM(sum_exp_t)(x, NULL, len, m, 1, 1, &cnt, &lo)
                                       : SM(sum_exp_t)(x, NULL, len, m, 1, 0, &cnt, &lo);
#endif
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
        /* float32 in float: y = (x - ch) - cl with ch + cl = m + log s to
         * ~2^-48 relative (the sum exact as a double pair, TwoSum, then split
         * into two floats; a plain double sum lost log s where m is large
         * and log s tiny): y <= 0, x - ch rounds at most once (not at all
         * where x is near the max, Sterbenz), and cl, below half an ulp of
         * ch, adds one more rounding: <= 1 ulp, 2 float operations per
         * element instead of 8 in double with conversions.  A row with
         * +inf: ch = inf, cl = 0 (finite x -> -inf, +inf -> NaN, as
         * x - m - log s gives) */
        double ce, c = fa_two_sum_f64((double)m, ls, &ce);
        T ch = (T)c, cl = (T)((c - (double)ch) + ce);
        cl = cl == cl ? cl : (T)0;
        _Pragma("GCC ivdep") for (fa_ssize i = 0; i < len; i++)
            y[i] = (x[i] - ch) - cl;
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
#if FA_T_IS_DOUBLE
        for (; i + FA_LANES <= len; i += FA_LANES)
            FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) acc[k] += g[i + k] * y[i + k];
#elif FA_HAVE_FMA
        /* g y as the exact pair p + pl (TwoProd): p goes to the double lanes,
         * pl (below 2^-24 |p|) to float lanes, whose own error -- 2^-48
         * sum|g y| over 64 steps -- is far inside the bound the tests hold
         * VJPs to.  One conversion per product instead of two (g and y):
         * the conversions bound this pass: 200 -> 170 us for 1M floats in
         * rows of 1024, one thread, g restored before each call as the
         * bench does (dev harness; a plain float dot, as PyTorch's, 150) */
        float accl[FA_LANES];
        for (int k = 0; k < FA_LANES; k++) accl[k] = 0.0f;
        for (; i + FA_LANES <= len; i += FA_LANES)
            FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
                float pl, pp = fa_two_prod_f32(g[i + k], y[i + k], &pl);
                acc[k] += (double)pp;
                accl[k] += pl;
            }
        for (int k = 0; k < FA_LANES; k++) acc[k] += (double)accl[k];
#else
        /* the float product is exact in double, so the fma gives the same
         * sum as multiply-then-add, one instruction fewer (Dekker's TwoProd
         * for the pair form above costs more than the conversions here) */
        for (; i + FA_LANES <= len; i += FA_LANES)
            FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++)
                acc[k] = fa_fma_f64((double)g[i + k], (double)y[i + k], acc[k]);
#endif
        double dot = 0.0;
        for (; i < len; i++) dot += (double)g[i] * (double)y[i];
        for (int k = 0; k < FA_LANES; k++) dot += acc[k];
#if FA_T_IS_DOUBLE
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
            o[j] = (T)((double)y[j] * ((double)g[j] - dot));
#else
        /* float32 in float (16 lanes, no conversions): the dot as hi + lo;
         * g - hi rounds at most u |g - dot|, inside the bound the tests
         * hold VJPs to (tests/softmax_rows.py) */
        T dh = (T)dot, dl = (T)(dot - (double)dh);
        _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
            o[j] = y[j] * ((g[j] - dh) - dl);
#endif
    }
}

/* log_softmax VJP: out = g - p * sum(g), p = exp(y) (from the output) or the
 * softmax probabilities themselves (_p). */
#if !FA_T_IS_DOUBLE
/* float32 from y, one row: p = e^y from the float exp (~0.9 ulp; the
 * tolerance is K u p sum|g|, K >= 8), o = g - p gs rounded twice (p gh,
 * then the difference; gh's own rounding is u |gs|, inside the same term).
 * tails (a constant): entries below -80 get e^y 2^160 (a normal float down
 * to y = -193, where p |gs| < 2^-150 for every float sum: it rounds to 0,
 * so -inf entries give g exactly) and lose the 2^160 on the product, in two
 * exact steps; rows whose y stays above -80 skip that bookkeeping. */
FA_SM_INLINE void SM(lsm_vjp_y_row)(const float *g, const float *a, float *o, fa_ssize len,
                                    float gh, int tails)
{
    _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++) {
        float y = a[j];
        if (tails) {
            int tail = y < -80.0f;
            y = -193.0f > y ? -193.0f : y; /* keeps NaN */
            float f = tail ? 0x1p-80f : 1.0f;
            float p = fa_exp_lean_f32(y, tail ? -160 : 0);
            o[j] = g[j] - ((p * gh) * f) * f;
        } else {
            o[j] = g[j] - fa_exp_lean_f32(y, 0) * gh;
        }
    }
}
#endif
static inline void SM(log_softmax_bwd_rows)(const void *gv, const void *av, void *ov,
                                            fa_ssize nrows, fa_ssize len, int a_is_p)
{
    for (fa_ssize r = 0; r < nrows; r++) {
        const T *g = (const T *)gv + r * len;
        const T *a = (const T *)av + r * len;
        T *o = (T *)ov + r * len;
        /* sum(g) in double; from y (float32) the same pass takes y's max and
         * min, which choose the second pass */
        int from_y = !a_is_p && !FA_T_IS_DOUBLE;
        double acc[64 / sizeof(T)];
        T amx[64 / sizeof(T)], amn[64 / sizeof(T)];
        for (int k = 0; k < FA_LANES; k++) acc[k] = 0.0, amx[k] = (T)-FA_INF, amn[k] = (T)FA_INF;
        fa_ssize i = 0;
        for (; i + FA_LANES <= len; i += FA_LANES)
            FA_LANE_LOOP for (int k = 0; k < FA_LANES; k++) {
                acc[k] += (double)g[i + k];
                if (from_y) {
                    T y = a[i + k];
                    amx[k] = y > amx[k] ? y : amx[k];
                    amn[k] = y < amn[k] ? y : amn[k];
                }
            }
        double gs = 0.0;
        T ymax = (T)-FA_INF, ymin = (T)FA_INF;
        for (; i < len; i++) {
            gs += (double)g[i];
            if (from_y) {
                ymax = a[i] > ymax ? a[i] : ymax;
                ymin = a[i] < ymin ? a[i] : ymin;
            }
        }
        for (int k = 0; k < FA_LANES; k++) {
            gs += acc[k];
            ymax = amx[k] > ymax ? amx[k] : ymax;
            ymin = amn[k] < ymin ? amn[k] : ymin;
        }
        if (a_is_p) {
#if FA_T_IS_DOUBLE
            _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
                o[j] = (T)((double)g[j] - (double)a[j] * gs);
#else
            /* float32 in float: g - p (gh + gl), the product inside an fma */
            T gh = (T)gs, gl = (T)(gs - (double)gh);
            _Pragma("GCC ivdep") for (fa_ssize j = 0; j < len; j++)
                o[j] = FFMA(-a[j], gh, g[j]) - a[j] * gl;
#endif
        } else {
#if !FA_T_IS_DOUBLE
            /* rows whose sum leaves the float range, or whose y exceeds 88
             * (not an output of log_softmax), take the double path below */
            if (FABS((T)gs) <= (T)FA_MAX && !(ymax > 88.0f)) {
                if (ymin >= -80.0f)
                    SM(lsm_vjp_y_row)(g, a, o, len, (T)gs, 0);
                else
                    SM(lsm_vjp_y_row)(g, a, o, len, (T)gs, 1);
                continue;
            }
#endif
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

/* The VJPs from x, fused: each row's softmax goes to a scratch row on the
 * stack, then the from-output kernel runs on it -- the same code on the same
 * numbers, so the result is bitwise softmax(x) followed by the from-output
 * VJP, without the whole-array temporary that form needs (allocated per call,
 * its page faults, taken by two threads at once, spread 1M-element calls over
 * 0.5-3 ms in the bench).  Rows of at most FA_VJPX_MAX entries (the Python
 * layer takes the two-step form beyond). */
static inline void SM(vjp_x_rows)(const void *g, const void *x, void *o, fa_ssize nrows,
                                  fa_ssize len, int log)
{
    T p[FA_VJPX_MAX];
    size_t rb = (size_t)len * sizeof(T);
    for (fa_ssize r = 0; r < nrows; r++) {
        const char *gr = (const char *)g + r * rb;
        char *orow = (char *)o + r * rb;
        ROWK(softmax)((const char *)x + r * rb, p, 1, len);
        if (log)
            SM(log_softmax_bwd_rows)(gr, p, orow, 1, len, 1);
        else
            ROWK(softmax_bwd)(gr, p, orow, 1, len);
    }
}
static void ROWK(softmax_bwd_x)(const void *g, const void *x, void *o, fa_ssize nrows,
                                fa_ssize len)
{
    SM(vjp_x_rows)(g, x, o, nrows, len, 0);
}
static void ROWK(log_softmax_bwd_x)(const void *g, const void *x, void *o, fa_ssize nrows,
                                    fa_ssize len)
{
    SM(vjp_x_rows)(g, x, o, nrows, len, 1);
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
#undef FA_LANE_LOOP
#undef FA_SM_INLINE
