/* Piecewise-linear activations: hardtanh (and relu6), threshold,
 * hardsigmoid, hardswish, softshrink, hardshrink, sparse_plus,
 * sparse_sigmoid.  Template, included per dtype right after fa_ops.h (same
 * macros, same conventions: NaN propagates to the forward and the gradient,
 * kinks as PyTorch -- its *_backward kernels test strict inequalities, so
 * the gradient at each breakpoint is the outer piece's).
 *
 * Parameters arrive as doubles and are compared and combined with x as
 * exact values (dn/up below); a bound that is itself the result is rounded to T
 * once.  Every result here is one rounding of
 * the exact value (or exact): the products and quotients take operands that
 * are exact (x + 3 near -3 is exact by Sterbenz, 2x is exact) or go through
 * double for float32 (FA_WIDE) -- but for hardswish (float32 with FMA, and
 * float64), whose bounds are stated beside it. */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define OP(name) FA_CAT3(FA_OP_PFX, name, FA_SFX)
#define OPAUX(name) FA_CAT3(FA_OPAUX_PFX, name, FA_SFX)

/* Parameters mean their double value exactly: lambd = 1.7 is 1.7, not its
 * float32 rounding, which would move every softshrink result near the band
 * by up to 2^-24 -- thousands of ulps of a small result (measured 2e5 ulp at
 * lambd = 1.7).  Comparisons stay in T all the same: for T x and a double p,
 *   x > p  <=>  x > dn(p)      x < p  <=>  x < up(p)
 * with dn(p) the largest T <= p and up(p) the smallest T >= p (no T lies
 * strictly between them and p).  Loop-invariant, so hoisted; comparing in
 * double instead made relu6 3x slower than PyTorch's (bench, 64K). */
#if FA_T_IS_DOUBLE
static inline T OPAUX(dn)(double p) { return p; }
static inline T OPAUX(up)(double p) { return p; }
#else
static inline T OPAUX(step)(T t, int toward_inf)
{
    /* the float next to t towards +inf (toward_inf) or -inf; t finite or inf */
    uint32_t b = fa_bits_f32(t);
    int up = (t >= 0) == (toward_inf != 0);
    uint32_t nb = t == 0 ? (toward_inf ? 1u : 0x80000001u) : (up ? b + 1 : b - 1);
    return fa_from_bits_f32(nb);
}
static inline T OPAUX(dn)(double p)
{
    T t = (T)p;
    return (double)t > p ? OPAUX(step)(t, 0) : t;
}
static inline T OPAUX(up)(double p)
{
    T t = (T)p;
    return (double)t < p ? OPAUX(step)(t, 1) : t;
}
#endif

/* NaN x gives NaN through the gradient masks: g * [cond] would give 0. */
static inline T OPAUX(mask)(T g, T x, int keep) { return x != x ? x : (keep ? g : (T)0); }

/* hardtanh(x) = clamp(x, lo, hi); relu6 is hardtanh(x, 0, 6) (as PyTorch). */
static inline T OP(hardtanh)(T x, const double *p)
{
    T y = x < OPAUX(up)(p[0]) ? (T)p[0] : x;
    return y > OPAUX(dn)(p[1]) ? (T)p[1] : y; /* NaN passes both */
}
/* g where lo < x < hi.  The same test on y = hardtanh(x) (y is strictly
 * inside exactly where x is), so from_output uses this kernel too. */
static inline T OP(hardtanh_bwd)(T g, T x, const double *p)
{
    return OPAUX(mask)(g, x, x > OPAUX(dn)(p[0]) && x < OPAUX(up)(p[1]));
}

/* threshold(x) = x if x > threshold else value (NaN stays NaN, where
 * PyTorch's comparison would pick value). */
static inline T OP(threshold)(T x, const double *p)
{
    T v = (T)p[1];
    T r = x != x ? x : v;
    return x > OPAUX(dn)(p[0]) ? x : r;
}
static inline T OP(threshold_bwd)(T g, T x, const double *p)
{
    return OPAUX(mask)(g, x, x > OPAUX(dn)(p[0]));
}

/* hardsigmoid(x) = relu6(x + 3)/6 (slope 1/6: PyTorch, JAX, Keras 3).
 * x + 3 is exact wherever the result is small (x in [-6, -1.5], Sterbenz);
 * elsewhere its rounding is <= 1/2 ulp of the result, then one division. */
static inline T OP(hardsigmoid)(T x, const double *p)
{
    (void)p;
    T t = x + (T)3;
    t = t < 0 ? (T)0 : t;
    t = t > 6 ? (T)6 : t;
    return t / (T)6;
}
static inline T OP(hardsigmoid_bwd)(T g, T x, const double *p)
{
    (void)p;
    return OPAUX(mask)(g / (T)6, x, x > -3 && x < 3);
}
static inline T OP(hardsigmoid_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return OPAUX(mask)(g / (T)6, y, y > 0 && y < 1);
}

/* hardswish(x) = x relu6(x + 3)/6 (-0 for x <= -3).  float32 with FMA: on
 * -3 < x < 3 the sum 3 + x is split exactly (Fast2Sum, |x| < 3), x (x + 3)
 * rounded once by an fma, then the division: <= 1 ulp (1.000 measured, every
 * 61st float in (-3.2, 3.2)), in float (16 lanes);
 * the correctly rounded double form it replaced ran at 0.43x PyTorch's speed
 * (1M floats, bench), a float form rounding the quotient once (TwoProd, a
 * remainder fma) at 0.85x.  float32 without FMA forms x (x + 3) in double
 * (exact) and rounds once; float64 rounds x + 3 (exact near -3, where the
 * result is small), the product and the quotient: <= 1.5 ulp. */
static inline T OP(hardswish)(T x, const double *p)
{
    (void)p;
#if defined(FA_WIDE) && FA_HAVE_FMA
    T s = 3.0f + x;
    T sl = x - (s - 3.0f);
    T r = fa_fma_f32(x, s, x * sl) / 6.0f;
    r = x == 0 ? x : r; /* -0: the fma's +0 addend would give +0 */
#elif defined(FA_WIDE)
    T r = (T)((double)x * ((double)x + 3.0) / 6.0);
#else
    T r = x * (x + (T)3) / (T)6;
#endif
    r = x >= 3 ? x : r;           /* exactly x (x * 6 / 6 would overflow near MAX) */
    return x <= -3 ? (T)-0.0 : r; /* x * 0, also at x = -inf (where x * 0 is NaN) */
}
/* hardswish'(x) = 0 (x <= -3), (2x + 3)/6 (-3 < x < 3), 1 (x >= 3): the
 * breakpoints take the outer pieces, as PyTorch 2.13's autograd gives (0 at
 * -3, 1 at 3; measured, README kink table).  2x + 3
 * rather than x/3 + 1/2, which cancels at the zero x = -1.5 (2x + 3 is exact
 * there). */
static inline T OP(hardswish_bwd)(T g, T x, const double *p)
{
    (void)p;
#if defined(FA_WIDE) && FA_HAVE_FMA
    /* float32 with FMA: in float, as float64 below -- three roundings (2x +
     * 3, exact near the zero; the quotient; the product): 1.97 ulp measured
     * over every 61st float in (-3.2, 3.2) with random g, inside the
     * gradient's 4; the correctly rounded double form it replaced ran at
     * 0.67-0.9x PyTorch's speed on 64K floats (bench), this one 1.2-1.9x */
    T mid = g * ((2.0f * x + 3.0f) / 6.0f);
#elif defined(FA_WIDE)
    double d = (2.0 * (double)x + 3.0) / 6.0;
    T mid = (T)((double)g * d);
#else
    T mid = g * (((T)2 * x + (T)3) / (T)6);
#endif
    T r = x >= 3 ? g : mid;
    return x <= -3 ? (T)0 : r; /* NaN: mid is NaN */
}

/* softshrink(x) = x - l (x > l), x + l (x < -l), 0 otherwise (l >= 0):
 * one rounding (exact near +-l, Sterbenz). */
static inline T OP(softshrink)(T x, const double *p)
{
    /* x -+ l with l = lh + ll (ll = 0 in float64): x - lh is exact near the
     * band (Sterbenz), so the result rounds once there, and elsewhere ll is
     * far below the result's ulp */
    T lh = (T)p[0], ll = (T)(p[0] - (double)lh), d = OPAUX(dn)(p[0]);
    T r = x > d ? (x - lh) - ll : (x < -d ? (x + lh) + ll : (T)0);
    return x != x ? x : r;
}
static inline T OP(shrink_bwd)(T g, T x, const double *p)
{
    T d = OPAUX(dn)(p[0]);
    return OPAUX(mask)(g, x, x > d || x < -d);
}
/* From y, for both shrinks (l >= 0): y != 0 exactly where |x| > l. */
static inline T OP(shrink_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return OPAUX(mask)(g, y, y != 0);
}
/* hardshrink(x) = x where |x| > l, else 0. */
static inline T OP(hardshrink)(T x, const double *p)
{
    T d = OPAUX(dn)(p[0]);
    T r = (x > d || x < -d) ? x : (T)0;
    return x != x ? x : r;
}

/* sparse_plus(x) = 0 (x <= -1), (x + 1)^2/4 (-1 < x < 1), x (x >= 1)
 * (JAX's sparse_plus; C^1, so no kink convention is needed).  float32:
 * (x + 1)^2 is exact in double, one rounding.  float64: x + 1 is exact for
 * x <= -1/2 (where the result is small), else <= 1/2 ulp: <= 1.5 ulp. */
static inline T OP(sparse_plus)(T x, const double *p)
{
    (void)p;
#ifdef FA_WIDE
    double u = (double)x + 1.0;
    T mid = (T)(u * u * 0.25);
#else
    T u = x + (T)1;
    T mid = u * u * (T)0.25;
#endif
    T r = x >= 1 ? x : mid;
    return x <= -1 ? (T)0 : r;
}
/* sparse_plus'(x) = 0, (x + 1)/2, 1 on the three pieces (one rounding). */
static inline T OP(sparse_plus_bwd)(T g, T x, const double *p)
{
    (void)p;
#ifdef FA_WIDE
    T mid = (T)((double)g * (((double)x + 1.0) * 0.5));
#else
    T mid = (g * (x + (T)1)) * (T)0.5;
#endif
    T r = x >= 1 ? g : mid;
    return x <= -1 ? (T)0 : r; /* NaN: mid */
}

/* sparse_sigmoid(x) = clip((x + 1)/2, 0, 1) (JAX).  Gradient 1/2 on the
 * open interval (-1, 1) and 0 at +-1 (PyTorch's convention for clamps; JAX's
 * clip splits the tie and gives 1/4 there). */
static inline T OP(sparse_sigmoid)(T x, const double *p)
{
    (void)p;
    T u = x + (T)1;
    u = u < 0 ? (T)0 : (u > 2 ? (T)2 : u);
    return u * (T)0.5;
}
static inline T OP(sparse_sigmoid_bwd)(T g, T x, const double *p)
{
    (void)p;
    return OPAUX(mask)(g * (T)0.5, x, x > -1 && x < 1);
}
static inline T OP(sparse_sigmoid_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return OPAUX(mask)(g * (T)0.5, y, y > 0 && y < 1);
}

#undef T
#undef OP
#undef OPAUX
