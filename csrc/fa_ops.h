/* Every elementwise activation, defined once: formula, derivative, constants.
 *
 * This file is a template: fa_kernels_isa.c includes it once per dtype with
 * FA_T (float or double) and FA_SFX (_f32 or _f64) defined, inside a
 * translation unit compiled once per ISA level.  Functions are branch-free
 * (both sides of ?: are cheap to evaluate) so the loops in fa_loops.h
 * vectorize; the vector body and the scalar tail run this same code, so a
 * result never depends on where an element sits in the array.
 *
 * Parameters arrive as doubles p[0..FA_MAXP-1] and are rounded to FA_T here;
 * the loops hoist these conversions.
 *
 * Conventions shared by all ops (tested in tests/):
 *  - NaN in x propagates to the forward and to the gradient.
 *  - Kinks follow PyTorch: x > 0 takes the positive branch, so relu'(0) = 0,
 *    leaky_relu'(0) = slope, elu'(0) = alpha.
 *  - +-inf give the limits (never inf*0 or inf/inf).
 */

#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define FM(fn) FA_CAT3(fa_, fn, FA_SFX)   /* math library: FM(exp) -> fa_exp_f32 */
#define OP(name) FA_CAT3(FA_OP_PFX, name, FA_SFX)  /* op_NAME_f32 (fa_kernels.h) */
#define OPAUX(name) FA_CAT3(FA_OPAUX_PFX, name, FA_SFX)
#define FFMA FA_CAT3(fa_fma, FA_SFX, )
#define FTWOPROD FA_CAT3(fa_two_prod, FA_SFX, )
#define FTWOSUM FA_CAT3(fa_two_sum, FA_SFX, )
#define FABS FA_CAT3(fa_abs, FA_SFX, )

/* ---- shared pieces ------------------------------------------------------ */


/* n - q*d exactly (q ~ n/d): one fma, or Dekker's product without FMA. */
static inline T OPAUX(rem)(T n, T q, T d)
{
#if FA_HAVE_FMA
    return FFMA(-q, d, n);
#else
    T pl;
    T ph = FTWOPROD(q, d, &pl);
    return (n - ph) - pl;
#endif
}

/* Round a double constant or parameter c to T as hi + lo, so products with it
 * can be formed as fma(hi, v, lo*v), free of the constant's own rounding. */
static inline T OPAUX(hi)(double c) { return (T)c; }
static inline T OPAUX(lo)(double c) { return (T)(c - (double)(T)c); }

/* x with +-inf replaced by +-FA_MAX (NaN kept): used where a formula would
 * otherwise form inf*0 or inf/inf on the way to a finite limit. */
static inline T OPAUX(clamp_inf)(T x)
{
    return x > FA_MAX ? (T)FA_MAX : (x < -FA_MAX ? (T)-FA_MAX : x);
}
/* x clamped to [-2^100, 2^100] (NaN kept): for a factor of an exact product
 * (TwoProd) whose other factor vanishes there anyway -- Dekker's splitting
 * (no FMA) overflows near FA_MAX. */
static inline T OPAUX(clamp_big)(T x)
{
    return x < (T)-0x1p100 ? (T)-0x1p100 : (x > (T)0x1p100 ? (T)0x1p100 : x);
}

/* Exponential tails without underflow.  Gradients are g * f'(x), and f'(x)
 * decays like e^-|x|: rounding f'(x) to a subnormal first and multiplying by g
 * after would scale that rounding by |g|.  So e^-a is computed as e * K with
 * e = exp(-a) for a <= FA_TAIL and e = exp(FA_TAIL - a) beyond (exact there,
 * Sterbenz, up to 2 FA_TAIL -- past that every result underflows anyway),
 * K = e^-FA_TAIL held as hi + lo, and K is applied last, with one rounding.
 * e^-FA_TAIL is below 2^-92 (float32) / 2^-738 (float64): next to 1 it
 * vanishes, so sums like 1 + e^-a use 0 (tail_e) in the scaled range. */
#if FA_T_IS_DOUBLE
#define FA_TAIL 512.0
#define FA_TAIL_K_HI 4.377491037053051e-223
#define FA_TAIL_K_LO 2.706079830228623e-239
#else
#define FA_TAIL 64.0f
#define FA_TAIL_K_HI 1.6038109389511792e-28f
#define FA_TAIL_K_LO -4.840254038107756e-36f
#define FA_TAIL_K_D 1.603810890548637853e-28
#endif
static inline T OPAUX(exp_neg)(T a) { return FM(exp)(a > FA_TAIL ? (T)FA_TAIL - a : -a); }
static inline T OPAUX(tail_e)(T e, T a) { return a > FA_TAIL ? (T)0 : e; }
/* (r + rl)*K rounded once: float32 forms it in double (exact: K is held to
 * 2^-53); float64 uses the exact product (TwoProd, exact without FMA too)
 * plus the small terms, so no level pays a second rounding. */
static inline T OPAUX(unscale2)(T r, T rl, T a)
{
#ifdef FA_WIDE
    return a > FA_TAIL ? (T)(((double)r + (double)rl) * FA_TAIL_K_D) : r + rl;
#else
    T pl;
    T ph = FTWOPROD((T)FA_TAIL_K_HI, r, &pl);
    return a > FA_TAIL ? ph + (pl + FFMA((T)FA_TAIL_K_HI, rl, (T)FA_TAIL_K_LO * r)) : r + rl;
#endif
}
static inline T OPAUX(unscale)(T r, T a) { return OPAUX(unscale2)(r, (T)0, a); }

#if !FA_T_IS_DOUBLE
/* Calm blocks.  Where texp's argument is at most 64, k >= -93: khi = k and
 * f1 = f2 = 1, so the scale's integer work and the products with f1, f2 are
 * exact no-ops.  The float32 loops (fa_loops.h) of the ops marked below
 * (FA_CALMOP_: texp's argument |x|, or 2|x| with the limit FA_CALMX_ 32;
 * softplus is the beta = 1 form, log_sigmoid's in fa_ops_smooth.h is -softplus(-x))
 * run blocks of FA_CALM_BLOCK elements with |x| <= FA_CALM_X (NaN is not
 * calm) through the FA_CALM instantiation, where texp leaves that work out:
 * bitwise the same results.  Loop bodies per 16 floats at avx512 (objdump;
 * the calm loop includes its check and the kept inputs), plain -> calm:
 * sigmoid 42 -> 33 instructions, silu 50 -> 38, silu' 75 -> 61, sigmoid'
 * 42 -> 33, tanh' 44 -> 35, elu' 43 -> 32, selu' 43 -> 34, softplus 74 ->
 * 66, softplus' 42 -> 31, gelu' 81 -> 64; 64K floats in cache, one thread,
 * ns per element:
 * sigmoid 0.452 -> 0.373, silu 0.558 -> 0.439, sigmoid' 0.486 -> 0.358,
 * elu' 0.472 -> 0.325, softplus 0.912 -> 0.789, softplus' 0.468 -> 0.330,
 * gelu' 0.984 -> 0.888 (6% of 3 N(0,1) blocks have an |x| > 12: run twice)
 * (fastact against its previous build, one process each, in turn). */
/* FA_WILD(guarded, calm): a clamp or guard that only |x| > FA_CALM_X (or
 * inf, NaN) needs; the calm instantiation leaves it out (silu's calm loop:
 * 45 -> 38 instructions) */
#if defined(FA_CALM) && FA_CALM
#define FA_WILD(guarded, calm) (calm)
#else
#define FA_WILD(guarded, calm) (guarded)
#endif
#define FA_CALM_X 64.0f
#define FA_CALM_BLOCK 1024
#define FA_CALMOP_sigmoid_f32 ~, 1
#define FA_CALMOP_silu_f32 ~, 1
#define FA_CALMOP_sigmoid_bwd_f32 ~, 1
#define FA_CALMOP_silu_bwd_f32 ~, 1
#define FA_CALMOP_elu_bwd_f32 ~, 1
#define FA_CALMOP_selu_bwd_f32 ~, 1
#define FA_CALMOP_tanh_bwd_f32 ~, 1
#define FA_CALMX_tanh_bwd_f32 ~, 32.0f
#define FA_CALMOP_gelu_bwd_f32 ~, 1 /* fa_gelu_grad_lean_f32's calm form */
#define FA_CALMX_gelu_bwd_f32 ~, 12.0f
#define FA_CALMOP_softplus_f32 ~, 1
#define FA_CALMOP_softplus_bwd_f32 ~, 1

/* float32 exponential tails, from the float exp (16 lanes at avx512; the
 * double-based exp above costs twice as much per element).  e^-a, a >= 0
 * (NaN kept), is returned as e with e^-a = e * f1 * f2: e = (1 + r q) 2^khi,
 * khi = max(k, -100), is a normal float, and f1 f2 = 2^(k - khi) <= 1 is
 * split into two powers of two >= 2^-95 (a is clamped at 200, k >= -289).
 * Where the scale is in use (a > ~69), e <= 2^-99.5 vanishes next to 1, so
 * sums like 1 + e need no special case.  Gradients multiply g by f1, then f2,
 * before anything else: exact, unless g f1 or g f1 f2 leaves the normal
 * range, and then the result, g f1 f2 times a factor below 2^74 * e, is
 * below 2^-218 and rounds to 0 anyway.  So g e^-a f(e) is rounded once even
 * with g near FLT_MAX and e^-a far below the subnormals (g e^-200 rounds to
 * 0 for every float g).  The scale's integer arithmetic replaced compares on
 * a (two levels of 2^96): elu' took 0.43 instead of 0.61 ns per element (one
 * thread, 64K elements in cache, avx512).
 * levels = 1 (forwards, no g): a clamped at 120 (e^-120 is below every
 * subnormal), f1 = 2^(k - khi) >= 2^-74 alone, f2 = 1: forwards apply f1 to
 * their finished result, one rounding.  keep = 0 lanes get f1 = f2 = 1 (for
 * e^-|x| used only where x < 0).  el != NULL: the pair e + *el of
 * fa_exp_pair_f32 (~0.25 ulp), scaled alike. */
static inline T OPAUX(texp)(T a, int levels, int keep, T *el, T *f1, T *f2)
{
    T cap = levels == 1 ? 120.0f : 200.0f;
    T ac = FA_WILD(cap < a ? cap : a, a);
    (void)cap;
    T q, rl, kf;
    int32_t k;
    T r = fa_exp_kq_f32(-ac, 0.0f, el ? 2 : 0, &q, &rl, &k, &kf);
#if defined(FA_CALM) && FA_CALM
    (void)kf;
    (void)keep;
    int32_t khi = k, klo = 0;
#elif defined(FA_X86_64) && !defined(__SSE4_1__)
    /* SSE2 has no 32-bit integer max: take it on k as a float */
    int32_t klo = (int32_t)(kf - (-100.0f < kf ? kf : -100.0f));
    int32_t khi = k - klo;
    klo = keep ? klo : 0;
#else
    (void)kf;
    int32_t khi = k > -100 ? k : -100;
    int32_t klo = keep ? k - khi : 0;
#endif
    int32_t kh = levels == 1 ? klo : klo >> 1;
    T sc = fa_from_bits_f32((uint32_t)(khi + 127) << 23);
    *f1 = fa_from_bits_f32((uint32_t)(kh + 127) << 23);
    *f2 = fa_from_bits_f32((uint32_t)(klo - kh + 127) << 23);
    if (!el) return FFMA(r, q, 1.0f) * sc;
    T pl;
    T pp = FTWOPROD(r, q, &pl);
    T hi = 1.0f + pp;
    *el = FFMA(rl, hi, (pp - (hi - 1.0f)) + pl) * sc;
    return hi * sc;
}
/* g f1 f2, in that order (see above) */
static inline T OPAUX(tscale)(T g, T f1, T f2) { return (g * f1) * f2; }
/* sigmoid(x) = q f1 from e = texp(|x|) (x < 0 scaled): d + dl = 1 + e
 * exactly (Fast2Sum), q = n/d (n = 1 or e) and one Newton step on d + dl
 * with the exact remainder (1/d ~ 1.5 - d/2 for the correction, 12% off on a
 * ~1 ulp term): exp's error (damped by e/(1+e) for x >= 0) plus one
 * rounding.  lsigmoid_qc leaves the step unapplied, q + c inv, for callers
 * that scale it before the one rounding (glu). */
static inline T OPAUX(lsigmoid_qc)(T x, T e, T *c_out, T *inv_out)
{
    T d = 1.0f + e;
    T dl = e - (d - 1.0f);
    T n = x >= 0 ? 1.0f : e;
    T q = n / d;
#if FA_HAVE_FMA
    /* the remainder n - q (d + dl) as two fmas (one rounding, on a term
     * ~2^-24 of q) instead of an fma, a multiply and a subtraction */
    *c_out = FFMA(-q, dl, FFMA(-q, d, n));
#else
    *c_out = OPAUX(rem)(n, q, d) - q * dl;
#endif
    *inv_out = FFMA(-0.5f, d, 1.5f);
    return q;
}
static inline T OPAUX(lsigmoid_q)(T x, T e)
{
    T c, inv;
    T q = OPAUX(lsigmoid_qc)(x, e, &c, &inv);
    return FFMA(c, inv, q);
}
/* g k e/(1+e)^2 for e^-a: the (1+e)^2 = d^2 + 2 d dl rounded once, then one
 * division: exp's error plus three roundings (<= 4 ulp with g's). */
static inline T OPAUX(llogistic_grad)(T g, T a, T k)
{
    T f1, f2;
    T e = OPAUX(texp)(a, 2, 1, NULL, &f1, &f2);
    T d = 1.0f + e;
    T dl = e - (d - 1.0f);
    return OPAUX(tscale)(g, f1, f2) * (k * e / FFMA(d, d, 2.0f * d * dl));
}
/* g alpha e^x for x <= 0, alpha = ah + al: alpha e rounded once. */
static inline T OPAUX(lalpha_exp)(T g, T x, T ah, T al)
{
    T a = -x;
    a = 0.0f > a ? 0.0f : a; /* x > 0 lanes are discarded; keep exp in range */
    T f1, f2;
    T e = OPAUX(texp)(a, 2, 1, NULL, &f1, &f2);
    return OPAUX(tscale)(g, f1, f2) * FFMA(ah, e, al * e);
}
#endif

/* (1 + e)^2 for e in [0, 1], rounded once: 1 + e is split exactly as d + dl
 * (Fast2Sum, 1 >= e) and (d + dl)^2 = d^2 + 2 d dl (+ dl^2, below 2^-48
 * relative) goes through one fma.  e/(1+e)^2 is then e's error plus two
 * roundings, not the ~3 ulp of e/(d*d). */
static inline T OPAUX(sq1p)(T e)
{
    T d = (T)1 + e;
    T dl = e - (d - (T)1);
    return FFMA(d, d, (T)2 * d * dl);
}

/* (n + nl) / (d + dl) for d in [1, 2], with nl, dl the exact rounding errors
 * of n and d (at most an ulp each): q = n/d rounded once, plus the first-order
 * correction (nl - q dl)/d.  The correction is itself ~1 ulp in size, so 1/d
 * is replaced by 1.5 - d/2 (12% off at worst: <= 0.12 ulp).  Net error: n's
 * own plus one rounding, where n/(d*(1+...)) would add two. */
static inline T OPAUX(div_fix)(T n, T nl, T d, T dl)
{
    T q = n / d;
    T c = nl - q * dl;
    return FFMA(c == c ? c : (T)0, (T)1.5 - (T)0.5 * d, q); /* q = +-inf: c is NaN */
}

/* sigmoid(t) from e = exp(-|t|) <= 1 (scaled as above when |t| > FA_TAIL):
 * never overflows, so the left tail keeps full relative accuracy down to the
 * last subnormal (1/(1+e^-t) gives 0 once e^-t overflows, t < -88.7 in
 * float32).  1 + e is split exactly, so the error is exp's plus one rounding. */
static inline T OPAUX(sigmoid_scaled)(T t, T e)
{
    T et = OPAUX(tail_e)(e, FABS(t));
    T d = (T)1 + et;
    T dl = et - (d - (T)1);
    return OPAUX(div_fix)(t >= 0 ? (T)1 : e, (T)0, d, dl); /* times K when t < -FA_TAIL */
}
static inline T OPAUX(sigmoid_e)(T t, T e)
{
    return OPAUX(unscale)(OPAUX(sigmoid_scaled)(t, e), -t);
}

/* SELU's constants (Klambauer et al. 2017, to 32 digits).  Written once; the
 * forward and the gradient both use the hi/lo splits below. */
#define FA_SELU_ALPHA 1.6732632423543772848170429916717L
#define FA_SELU_SCALE 1.0507009873554804934193349852946L
#define FA_SELU_SA (FA_SELU_SCALE * FA_SELU_ALPHA)

/* ---- relu, leaky_relu --------------------------------------------------- */

/* relu(x) = max(x, 0). */
static inline T OP(relu)(T x, const double *p)
{
    (void)p;
    return x < 0 ? (T)0 : x;
}
/* g * [x > 0]; NaN x gives NaN.  Same test on y = relu(x) (y > 0 iff x > 0). */
static inline T OP(relu_bwd)(T g, T x, const double *p)
{
    (void)p;
    return x > 0 ? g : (x <= 0 ? (T)0 : x);
}
static inline T OP(relu_bwd_y)(T g, T y, const double *p) { return OP(relu_bwd)(g, y, p); }

/* leaky_relu(x) = x for x > 0, slope*x otherwise.  With slope 0, x = -inf
 * would give inf*0 = NaN: x is clamped at -FA_MAX then (-0, the limit), and at
 * -inf (no-op) otherwise -- one max per element with a loop-invariant bound,
 * where a NaN test and fix-up cost four (leaky_relu ran at half relu's
 * speed on cached data). */
static inline T OPAUX(leaky)(T x, T s)
{
    T lo = s == 0 ? (T)-FA_MAX : (T)-FA_INF;
    T xc = lo > x ? lo : x; /* keeps NaN */
    return x > 0 ? x : xc * s;
}
static inline T OPAUX(leaky_bwd)(T g, T x, T s)
{
    return x > 0 ? g : (x <= 0 ? g * s : x);
}
static inline T OP(leaky_relu)(T x, const double *p) { return OPAUX(leaky)(x, (T)p[0]); }
static inline T OP(leaky_relu_bwd)(T g, T x, const double *p)
{
    return OPAUX(leaky_bwd)(g, x, (T)p[0]);
}
/* From y: for slope >= 0 (checked by the caller) y > 0 iff x > 0. */
static inline T OP(leaky_relu_bwd_y)(T g, T y, const double *p)
{
    return OP(leaky_relu_bwd)(g, y, p);
}

/* ---- elu, selu ---------------------------------------------------------- */

/* elu(x) = x for x > 0, alpha*(e^x - 1) otherwise (expm1 keeps relative
 * accuracy near 0). */
static inline T OP(elu)(T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    /* float32: alpha (alpha = ah + al) times the float expm1's pair, one
     * rounding that counts.  Max error over every third float32 x <= 0 (dev
     * harness against the float64 elu; alpha 1, 0.3, 1.7, 1.99, selu's):
     * 0.93 ulp (avx512), 1.23 (baseline); 0.46 against 0.64 ns per element
     * with fa_expm1_f32 (64K in cache, one thread, avx512). */
    T ah = OPAUX(hi)(p[0]), al = OPAUX(lo)(p[0]);
    T eml, em = fa_expm1_neg_f32(x, &eml);
    return x > 0 ? x : FFMA(ah, em, FFMA(ah, eml, al * em));
#else
    T a = (T)p[0];
    return x > 0 ? x : a * FM(expm1)(x);
#endif
}
/* elu'(x) = alpha*e^x for x <= 0: error <= exp's + 1 ulp of rounding. */
static inline T OP(elu_bwd)(T g, T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    T ah = OPAUX(hi)(p[0]), al = OPAUX(lo)(p[0]);
    return x > 0 ? g : OPAUX(lalpha_exp)(g, x, ah, al);
#else
    T a = (T)p[0];
    return x > 0 ? g : OPAUX(unscale)(g * (a * OPAUX(exp_neg)(-x)), -x);
#endif
}
/* From y (alpha >= 0, checked by the caller): alpha*e^x = y + alpha. */
static inline T OP(elu_bwd_y)(T g, T y, const double *p)
{
    /* alpha as hi + lo: y + alpha cancels as y -> -alpha, and the float32
     * rounding of alpha would be all that is left */
    T ah = OPAUX(hi)(p[0]), al = OPAUX(lo)(p[0]);
    return y > 0 ? g : g * ((y + ah) + al);
}

/* selu(x) = scale*x for x > 0, scale*alpha*(e^x - 1) otherwise.
 * scale*v is formed as v + (scale-1)*v: the small product's rounding is
 * 0.05 ulp of the result, the sum rounds once, and nothing overflows on the
 * way to a result just below FLT_MAX.  scale*alpha*em uses the hi/lo split,
 * so only expm1's error and one rounding remain. */
static inline T OPAUX(selu_scale)(T v)
{
    return v + (T)(FA_SELU_SCALE - 1.0L) * v;
}
static inline T OP(selu)(T x, const double *p)
{
    (void)p;
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
#if !FA_T_IS_DOUBLE
    T eml, em = fa_expm1_neg_f32(x, &eml); /* float only, as elu */
    return x > 0 ? OPAUX(selu_scale)(x) : FFMA(ah, em, FFMA(ah, eml, al * em));
#else
    T em = FM(expm1)(x);
    return x > 0 ? OPAUX(selu_scale)(x) : FFMA(ah, em, al * em);
#endif
}
static inline T OP(selu_bwd)(T g, T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    (void)p;
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
    return x > 0 ? OPAUX(selu_scale)(g) : OPAUX(lalpha_exp)(g, x, ah, al);
#else
    (void)p;
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
    T e = OPAUX(exp_neg)(-x);
    return x > 0 ? OPAUX(selu_scale)(g) : OPAUX(unscale)(g * FFMA(ah, e, al * e), -x);
#endif
}
/* From y: scale*alpha*e^x = y + scale*alpha (y > 0 iff x > 0). */
static inline T OP(selu_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
    return y > 0 ? OPAUX(selu_scale)(g) : g * ((y + ah) + al);
}

/* ---- sigmoid, tanh, silu ------------------------------------------------ */

/* sigmoid(x) = 1/(1+e^-x), evaluated as e/(1+e) for x < 0 (e = e^-|x|): the
 * error is exp's plus two roundings; for x >= 0 exp's error is damped by
 * e/(1+e) < 1/2.  Never NaN but for NaN input. */
static inline T OP(sigmoid)(T x, const double *p)
{
    (void)p;
#if !FA_T_IS_DOUBLE
    T f1, f2;
    T e = OPAUX(texp)(FABS(x), 1, x < 0, NULL, &f1, &f2);
    return OPAUX(lsigmoid_q)(x, e) * f1;
#else
    return OPAUX(sigmoid_e)(x, OPAUX(exp_neg)(FABS(x)));
#endif
}
/* sigmoid'(x) = e/(1+e)^2 with e = exp(-|x|): exact in both tails, unlike
 * s*(1-s), which is 0 once s rounds to 1 (x > 17 in float32). */
static inline T OP(sigmoid_bwd)(T g, T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    (void)p;
    return OPAUX(llogistic_grad)(g, FABS(x), 1.0f);
#else
    (void)p;
    T a = FABS(x);
    T e = OPAUX(exp_neg)(a);
    return OPAUX(unscale)(g * (e / OPAUX(sq1p)(OPAUX(tail_e)(e, a))), a);
#endif
}
/* From y: y*(1-y); 1-y is exact for y >= 1/2 (Sterbenz). */
static inline T OP(sigmoid_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return g * (y * ((T)1 - y));
}

static inline T OP(tanh)(T x, const double *p)
{
    (void)p;
#if !FA_T_IS_DOUBLE
    return fa_tanh_lean_f32(x); /* float only (fa_math_f32.h) */
#else
    return FM(tanh)(x);
#endif
}
/* tanh'(x) = sech^2(x) = 4e/(1+e)^2 with e = exp(-2|x|) (2|x| is exact). */
static inline T OP(tanh_bwd)(T g, T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    (void)p;
    return OPAUX(llogistic_grad)(g, 2.0f * FABS(x), 4.0f);
#else
    (void)p;
    T a = (T)2 * FABS(x);
    T e = OPAUX(exp_neg)(a);
    return OPAUX(unscale)(g * ((T)4 * e / OPAUX(sq1p)(OPAUX(tail_e)(e, a))), a);
#endif
}
/* From y: (1-y)(1+y), not 1-y*y, which cancels for |y| near 1. */
static inline T OP(tanh_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return g * (((T)1 - y) * ((T)1 + y));
}

/* silu(x) = x*sigmoid(x): x/(1+e) for x >= 0 and x*e/(1+e) for x < 0, with
 * e = e^-|x| <= 1 (no overflow in the left tail, where silu ~ x e^x is still
 * representable past x = -88).  x = -inf is clamped: the limit is -0. */
#if !FA_T_IS_DOUBLE
/* float32: x/(1+e) or x e/(1+e) as sigmoid above, with x e taken exactly;
 * silu = (q + c inv) f1, the Newton step left unapplied for callers that
 * scale it before the one rounding (swiglu) */
static inline T OPAUX(silu_qc)(T x, T *c_out, T *inv_out, T *f1_out)
{
    T f1, f2;
    T e = OPAUX(texp)(FABS(x), 1, x < 0, NULL, &f1, &f2);
    T d = 1.0f + e;
    T dl = e - (d - 1.0f);
    T xc = FA_WILD(-120.0f > x ? -120.0f : x, x); /* silu(-120) rounds to -0 already */
    T nl;
    T n = FTWOPROD(xc, e, &nl);
    n = x >= 0 ? x : n;
    nl = x >= 0 ? 0.0f : nl;
    T q = n / d;
#if FA_HAVE_FMA
    T c = FFMA(-q, dl, FFMA(-q, d, n) + nl);
    *c_out = FA_WILD(c == c ? c : 0.0f, c); /* x = +inf: c is NaN */
#else
    T qc = OPAUX(clamp_big)(q);        /* q > 2^100: d = 1 and q = x exactly */
    T c = (OPAUX(rem)(n, qc, d) + nl) - q * dl;  /* (Dekker's split overflows) */
    *c_out = qc == q ? c : 0.0f;
#endif
    *inv_out = FFMA(-0.5f, d, 1.5f);
    *f1_out = f1;
    return q;
}
#endif
static inline T OP(silu)(T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    (void)p;
    T c, inv, f1;
    T q = OPAUX(silu_qc)(x, &c, &inv, &f1);
    return FFMA(c, inv, q) * f1;
#else
    (void)p;
    T a = FABS(x);
    T e = OPAUX(exp_neg)(a);
    T et = OPAUX(tail_e)(e, a);
    T xc = OPAUX(clamp_big)(x); /* e = 0 below -2^100: the limit is -0 */
    T d = (T)1 + et;
    T dl = et - (d - (T)1);
    T nl;
    T n = FTWOPROD(xc, e, &nl); /* x*e exactly, for x < 0 */
    /* in the scaled tail d = 1: silu = (n + nl) K, one rounding */
    return x >= 0 ? OPAUX(div_fix)(x, (T)0, d, dl)
                  : (a > FA_TAIL ? OPAUX(unscale2)(n, nl, a) : OPAUX(div_fix)(n, nl, d, dl));
#endif
}

/* Near silu's zero at x1 = -1.27846454276..., s(1 + x(1-s)) cancels: with t
 * = x - x1 the terms are O(1) and the sum O(t), so float32 lost ~1.4/|t| ulp
 * (5300 ulp at the float nearest x1).  On |t| <= 0.6 the gradient is
 * evaluated as t * q(t) instead, x1 held as hi + lo (x - hi is exact there,
 * Sterbenz) and q fitted in the relative sense by tools/fit_root_poly.py:
 *   float32: degree 8, max relative error 2^-27.5
 *     (python tools/fit_root_poly.py silu 0.6 8 float32)
 *   float64: degree 16, max relative error 2^-54.8
 *     (python tools/fit_root_poly.py silu 0.6 16 float64) */
#if FA_T_IS_DOUBLE
#define FA_SILU_ROOT_HI -1.2784645427610737
#define FA_SILU_ROOT_LO -1.0946994183093437e-16
#define FA_SILU_Q_DEG 16
static const double OPAUX(silu_q)[FA_SILU_Q_DEG + 1] = {
    0.217811705719800096256,    0.146648796996946721717,   0.0188748142237832011859,
    -0.0152226552231639098216,  -0.00660658913840775260924, 0.000126627409131946023304,
    0.000798521882952323921186, 0.000185707260366595057119, -0.0000409053541684371407455,
    -0.000029733699074340981357, -0.00000294256520208465168503, 0.00000234686402753754815287,
    8.59769127978636111806e-7,  -3.30505656069200806693e-8, -9.23927622656844861605e-8,
    -1.47330645618031441828e-8, 4.59217447308154770421e-9};
#else
#define FA_SILU_ROOT_HI -1.2784645557403564
#define FA_SILU_ROOT_LO 1.2979282537628478e-08
#define FA_SILU_Q_DEG 8
static const double OPAUX(silu_q)[FA_SILU_Q_DEG + 1] = {
    0.217811706124201346621,   0.146648812653550782279,    0.0188747796207772388239,
    -0.0152232482648930303705, -0.00660614024172560347088, 0.000132672546337994672732,
    0.000796819734657662279972, 0.00016279414813635288612, -0.0000398485199157154646833};
#endif

/* silu'(x) = s(1 + x(1-s)).  With e = exp(-|x|) and D = (1+e)^2 as in sq1p():
 *   x >= 0: (1 + e + x e)/D        x < 0: e ((1 + x) + e)/D
 * so nothing overflows in either tail; 1 + e and 1 + x are taken exactly
 * (Fast2Sum/TwoSum), leaving exp's error and four roundings.  Near the zero,
 * t q(t) (above). */
static inline T OP(silu_bwd)(T g, T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    /* float32, from c = e/(1 + e) = sigmoid(-|x|), e = e^-|x| (texp, scaled
     * where x < 0), as sigmoid's quotient (~1.1 ulp with exp's error):
     *   x >= 0: silu' = (1 - c)(1 + x c)   x c <= 0.28: c's error damped
     *   x < 0:  silu' = c ((1 + x) - x c)  1 + x exact on [-2, -1/2]; c's
     *           error enters scaled by |x c / silu'/c| <= 0.42 outside the
     *           zero window (0.93 at |t| = 0.3)
     * then g times the product rounded once: 2.67 ulp measured with g = 1
     * (README's accuracy table), 3.04 with random g (7M sampled x).
     * The first version here took e as a pair, (1 + e)^2 as a pair and a
     * Newton-corrected quotient, for 2.45 / 2.85 ulp: 116 instructions per
     * 16 floats (avx512) against 75 (61 in calm blocks), 1.25 against 0.75
     * ns per element (64K floats, one thread). */
    (void)p;
    T a = FABS(x);
    /* |x| clamped at 200 as texp clamps it (e^-200 (1 + x) with x near
     * -FLT_MAX is no limit of anything; for x >= 0 past ~69, c is texp's
     * 2^-100-floored value, whose x c must stay below 2^-35), so both sides
     * are one fma: ac c + 1 (x >= 0) and ac c + (1 - ac) (x < 0) */
    T ac = FA_WILD(200.0f < a ? 200.0f : a, a);
    T f1, f2;
    T e = OPAUX(texp)(ac, 2, x < 0, NULL, &f1, &f2);
    T c = OPAUX(lsigmoid_q)(-1.0f, e);
    T sg = x >= 0 ? 1.0f - c : c;
    T b = FFMA(ac, c, x >= 0 ? 1.0f : 1.0f - ac);
    /* sg b as an exact pair, so g sg b rounds once: swiglu's db (g a rounded
     * first) measured 3.67 ulp with two roundings here, 3.46 before this
     * form; the scale last: one rounding in the subnormals */
    T pl, pp = FTWOPROD(sg, b, &pl);
    T gs = OPAUX(tscale)(g, f1, f2);
    T r = FFMA(gs, pp, gs * pl);
    T t = (x - (T)FA_SILU_ROOT_HI) - (T)FA_SILU_ROOT_LO;
    T w = (T)OPAUX(silu_q)[FA_SILU_Q_DEG];
    _Pragma("GCC unroll 20") for (int k = FA_SILU_Q_DEG - 1; k >= 0; k--)
        w = FFMA(w, t, (T)OPAUX(silu_q)[k]);
    return FABS(t) <= 0.6f ? g * (t * w) : r;
#else
    (void)p;
    T a = FABS(x);
    T xc = OPAUX(clamp_inf)(x);
    T e = OPAUX(exp_neg)(a);
    T et = OPAUX(tail_e)(e, a);
    T d = (T)1 + et;
    T dl = et - (d - (T)1);
    T dd = FFMA(d, d, (T)2 * d * dl);
    T err1;
    T s1 = FTWOSUM((T)1, xc, &err1);
    /* x >= 0: silu' = 1 + e (x - 1 - e)/D, the O(e) part damped in the sum */
    T num_neg = e * (s1 + (et + err1));
    T delta = et * ((xc - (T)1) - et) / dd;
    T t = (x - (T)FA_SILU_ROOT_HI) - (T)FA_SILU_ROOT_LO;
    T q = (T)OPAUX(silu_q)[FA_SILU_Q_DEG];
    _Pragma("GCC unroll 20") for (int k = FA_SILU_Q_DEG - 1; k >= 0; k--)
        q = FFMA(q, t, (T)OPAUX(silu_q)[k]);
    return FABS(t) <= (T)0.6 ? g * (t * q)
                             : (x >= 0 ? g * ((T)1 + delta) : OPAUX(unscale)(g * (num_neg / dd), -x));
#endif
}
#undef FA_SILU_ROOT_HI
#undef FA_SILU_ROOT_LO
#undef FA_SILU_Q_DEG

/* ---- gelu (erf and tanh forms) ------------------------------------------ */

/* gelu(x) = x*Phi(x); gelu_tanh(x) = x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715x^3))).
 * Both live in the math library: their tails need erfc / the sigmoid form
 * and extra-precise arguments (see fa_math_f32.h / fa_math_f64.h). */
static inline T OP(gelu)(T x, const double *p)
{
    (void)p;
#if !FA_T_IS_DOUBLE
    return fa_gelu_lean_f32(x); /* float only (fa_math_f32.h) */
#else
    return FM(gelu)(x);
#endif
}
static inline T OP(gelu_bwd)(T g, T x, const double *p)
{
    (void)p;
#if !FA_T_IS_DOUBLE
    return fa_gelu_grad_lean_f32(g, x, FA_WILD(0, 1)); /* float only, g applied before the unscaling */
#else
    return g * FM(gelu_grad)(x);
#endif
}
static inline T OP(gelu_tanh)(T x, const double *p)
{
    (void)p;
    return FM(gelu_tanh)(x);
}
static inline T OP(gelu_tanh_bwd)(T g, T x, const double *p)
{
    (void)p;
#ifdef FA_WIDE
    return (T)((double)g * fa_gelu_tanh_grad_d_f32(x));
#else
    return g * FM(gelu_tanh_grad)(x);
#endif
}

/* ---- softplus ----------------------------------------------------------- */

/* softplus(x; beta, threshold) = log(1 + e^(beta x))/beta, and exactly x where
 * beta*x > threshold (PyTorch's definition).
 *
 * z = beta*x is formed exactly as hi + lo (beta itself as a hi + lo pair of
 * the double parameter): in the left tail softplus ~ e^z/beta, whose relative
 * error is |z| times z's, 40+ ulp at z = -80 if z were simply rounded.
 * Written as softplus = max(x, 0) + log1p(e^-|z|)/beta, so the right branch
 * never rounds beta*x at all.  Returns e = e^-|z| and z's hi part. */
static inline T OPAUX(softplus_e)(T x, const double *p, T *zhi)
{
    T bh = OPAUX(hi)(p[0]), bl = OPAUX(lo)(p[0]);
    T zl;
    T z = FTWOPROD(bh, x, &zl);
    zl = FFMA(bl, x, zl);
    /* lo is meaningless once z overflows or x is infinite: e is 0 or 1 there */
    zl = FABS(zl) < (T)1 ? zl : (T)0;
    T e = OPAUX(exp_neg)(FABS(z)); /* scaled when |z| > FA_TAIL */
    *zhi = z;
    /* e^-|z + zl| = e^-|z| (1 -+ zl) to first order; zl <= ulp(z)/2 */
    return FFMA(e, z < 0 ? zl : -zl, e);
}
static inline T OPAUX(softplus)(T x, const double *p)
{
    T thr = (T)p[1], b = (T)p[0];
    T z;
    T e = OPAUX(softplus_e)(x, p, &z);
    /* in the scaled range log1p(e) = e (e < 2^-92): unscale after dividing */
    T a = FABS(z);
    T lp = a > FA_TAIL ? e : FM(log1p)(e);
    T r = (z > 0 ? x : (T)0) + OPAUX(unscale)(lp / b, a);
    return z > thr ? x : r;
}
/* softplus'(x) = sigmoid(beta x) (1 where beta*x > threshold). */
static inline T OPAUX(softplus_bwd)(T g, T x, const double *p)
{
    T thr = (T)p[1];
#if !FA_T_IS_DOUBLE
    /* float32 runs this only for beta = 1 (z = x).  g n/(1 + e), n = 1 or e:
     * the plain quotient, without sigmoid's Newton step -- the gradient's
     * 4 ulp leave room for exp's error, two roundings and g's (measured
     * <= 3.28 ulp with g = 1, -0.7, 1e-30, 3e38 on every 29th float32, all
     * levels; the Newton step cost 0.534 against 0.404 ns per element, 64K
     * in cache, one thread, avx512) */
    T f1, f2;
    T e = OPAUX(texp)(FABS(x), 2, x < 0, NULL, &f1, &f2);
    T n = x >= 0 ? 1.0f : e;
    T r = OPAUX(tscale)(g, f1, f2) * (n / (1.0f + e));
    return x > thr ? g : r;
#else
    T z;
    T e = OPAUX(softplus_e)(x, p, &z);
    return z > thr ? g : OPAUX(unscale)(g * OPAUX(sigmoid_scaled)(z, e), -z);
#endif
}

/* softplus runs in the array's precision for beta = 1.  For any other beta
 * the Python layer picks softplus_b: in float32 it goes through the float64
 * definition, because the correction for beta*x's rounding costs float32 one
 * more rounding of e, which pushed the forward past 2 ulp (2.2 measured at
 * beta = 3); in float64 that correction is free and softplus_b is softplus.
 * (Two ops rather than a test on beta inside the loop: gcc did not unswitch
 * it, and every element paid for both paths.) */
static inline T OP(softplus)(T x, const double *p)
{
#if !FA_T_IS_DOUBLE
    /* float32, beta = 1 (z = x): x+ + log1p(e), e = e^-|x| from the float
     * exp pair and log1p from its float atanh form; where texp scales
     * (|x| > ~69) the log1p term is e itself, taken back by f1 (x < 0), or
     * nothing next to x (x > 0: e <= 2^-99.5). */
    T thr = (T)p[1];
    T t = FABS(x);
    T el, f1, f2;
    T e = OPAUX(texp)(t, 1, x < 0, &el, &f1, &f2); /* e^-120 is below every float32 result */
    T r = (x > 0 ? x : 0.0f) + fa_log1p_unit_f32(e, el) * f1;
    return x > thr ? x : r;
#else
    return OPAUX(softplus)(x, p);
#endif
}
static inline T OP(softplus_bwd)(T g, T x, const double *p) { return OPAUX(softplus_bwd)(g, x, p); }
static inline T OP(softplus_b)(T x, const double *p)
{
#ifdef FA_WIDE
    return (T)FA_WIDE(softplus)((double)x, p);
#else
    return OPAUX(softplus)(x, p);
#endif
}
static inline T OP(softplus_b_bwd)(T g, T x, const double *p)
{
#ifdef FA_WIDE
    return (T)FA_WIDE(softplus_bwd)((double)g, (double)x, p);
#else
    return OPAUX(softplus_bwd)(g, x, p);
#endif
}

#undef T
#undef FM
#undef OP
#undef OPAUX
#undef FFMA
#undef FTWOPROD
#undef FTWOSUM
#undef FABS
#undef FA_TAIL
#undef FA_TAIL_K_HI
#undef FA_TAIL_K_LO
#undef FA_TAIL_K_D
#undef FA_WILD
