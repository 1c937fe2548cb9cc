/* Smooth activations of the catalogue: celu, log_sigmoid, softsign, mish,
 * tanhshrink, squareplus, swish (silu with beta), logit.  Template, included
 * per dtype right after fa_ops.h (same macros and conventions).
 *
 * Each is written once, in FA_T.  float32 evaluates the float64 definition
 * (FA_WIDE) and rounds once: the float64 forms below are within a few
 * float64 ulp (bounds beside each), i.e. ~2^-29 float32 ulp, so the float32
 * result is within 0.5 ulp + 2^-29.  (These are not in the speed-critical set;
 * a float-width version can replace any of them later without changing its
 * definition here.)  log_sigmoid reuses softplus, which already has an
 * accurate float32 form. */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define FM(fn) FA_CAT3(fa_, fn, FA_SFX)
#define OP(name) FA_CAT3(FA_OP_PFX, name, FA_SFX)
#define OPAUX(name) FA_CAT3(FA_OPAUX_PFX, name, FA_SFX)
#define FABS FA_CAT3(fa_abs, FA_SFX, )

#ifdef FA_WIDE
/* float32: the float64 definition, rounded once */
#define FA_VIA_F64(name)                                                              \
    static inline T OP(name)(T x, const double *p) { return (T)FA_WIDE(name)((double)x, p); }
#define FA_VIA_F64_BWD(name)                                                          \
    static inline T OP(name)(T g, T x, const double *p)                               \
    {                                                                                 \
        return (T)FA_WIDE(name)((double)g, (double)x, p);                              \
    }
FA_VIA_F64_BWD(celu_bwd_y)
/* celu and logit in float32: one float64 transcendental instead of the
 * float64 definitions' two (selects compute both arms), which the float32
 * range does not need: alpha e^u past u = 709 overflows float32 anyway, and
 * log(x/(1 - x)) in double keeps 2^-50 relative accuracy even at the float
 * nearest 1/2 (|logit| >= 2.4e-7 while log's absolute error is 1e-16). */
static inline T OP(celu)(T x, const double *p)
{
    double u = (double)x / p[0];
    u = u > 709.0 ? 709.0 : u;
    return x > 0 ? x : (T)(p[0] * fa_expm1_f64(u));
}
static inline T OP(celu_bwd)(T g, T x, const double *p)
{
    double u = (double)x / p[0];
    u = u > 709.0 ? 709.0 : u;
    return x > 0 ? g : (T)((double)g * fa_exp_f64(u));
}
/* celu for 1e-30 <= alpha <= 1e30 (fastact/_smooth.py picks these), in
 * float lanes: u + ul = x/alpha to ~2^-46 (x times 1/alpha's hi + lo as an
 * exact TwoProd pair; x clamped at -200 alpha first, where e^u is 0 and
 * expm1 -1 anyway, so u cannot overflow), then elu's float32 machinery on u
 * with ul folded in -- the forward alpha (expm1(u) + e^u ul) through the
 * expm1 pair (elu's <= 1.23 ulp), the gradient g e^u (1 + ul) through
 * lalpha_exp.  |x| < 2^-26 alpha gives x itself (alpha expm1(x/alpha) = x (1 +
 * x/(2 alpha) + ...) rounds to x; u would lose bits as a subnormal).  Other
 * alphas (negative: expm1 of a positive u) keep the double forms above. */
static inline T OPAUX(celu_u)(T x, const double *p, T *ul)
{
    T ih = OPAUX(hi)(1.0 / p[0]), il = OPAUX(lo)(1.0 / p[0]);
    T lim = (T)(-200.0 * p[0]);
    T xc = x < lim ? lim : x;
    T pl, ph = fa_two_prod_f32(xc, ih, &pl);
    T t = fa_fma_f32(xc, il, pl);
    T u = ph + t;
    *ul = (ph - u) + t; /* Fast2Sum: |t| is ~2^-24 |ph| */
    return u;
}
static inline T OP(celu_p)(T x, const double *p)
{
    T ah = OPAUX(hi)(p[0]), al = OPAUX(lo)(p[0]);
    T ul, u = OPAUX(celu_u)(x, p, &ul);
    T eml, em = fa_expm1_neg_f32(u, &eml);
    eml = fa_fma_f32(em + 1.0f, ul, eml);
    T r = fa_fma_f32(ah, em, fa_fma_f32(ah, eml, al * em));
    r = fa_abs_f32(x) < (T)(0x1p-26 * p[0]) ? x : r;
    return x > 0 ? x : r;
}
static inline T OP(celu_p_bwd)(T g, T x, const double *p)
{
    T ul, u = OPAUX(celu_u)(x, p, &ul);
    return x > 0 ? g : OPAUX(lalpha_exp)(g, u, 1.0f, ul);
}
/* mish and mish' for float32, in double without the float64 kernels'
 * extras (the forward's second exponential for x < -600, the gradient's
 * double-double pairs): for a float32 result the plain double formulas
 * (e = e^-|x| by fa_dexp_f32, 1.2e-10 relative) are within ~2^-30 relative
 * and round once.  mish = x n/d as in the float64 definition below, x
 * clamped at -120 (mish(-120) = -1e-50 rounds to -0).  mish':
 *   x >= 0: ((1 + 2e) D + 4x e^2 (1 + e))/D^2,   D = 1 + 2e + 2e^2
 *   x < 0:  e ((e + 2) D + 4x (1 + e))/D^2,      D = e(e + 2) + 2
 * where only the x < 0 bracket cancels, at the zero x1 = -1.1924312... of
 * mish': e's error moves it by 1.2 e 2^-33 while it is 6.4 |x - x1|, so
 * within |x - x1| <= 1/64 (2^-29.4 relative at the edge) it is t q(t), t =
 * x - x1 (x1 as double hi + lo, the difference exact), q degree 4 with
 * relative error 2^-40.1 (python tools/fit_root_poly.py mish 0.016 4
 * float64).  x clamped to [-210, FLT_MAX]: g mish'(-210) rounds to 0 for
 * every float g; one rounding of g times the double value.
 * Measured: 0 ulp beyond the correct rounding on every 127th float32
 * (python -m fastact accuracy --ops mish). */
static inline T OP(mish)(T x, const double *p)
{
    (void)p;
    double xd = x < -120.0f ? -120.0 : (x > FLT_MAX ? (double)FLT_MAX : (double)x);
    double e = fa_dexp_f32(x > 120.0f ? -120.0 : -fa_abs_f64(xd)); /* fa_dexp_f32: |x| <= 700 */
    double n = x >= 0.0f ? 1.0 + 2.0 * e : e * (e + 2.0);
    double d = x >= 0.0f ? fa_fma_f64(2.0 * e, e, n) : n + 2.0;
    T r = (T)(xd * (n / d));
    return x > FLT_MAX ? x : r;
}
static inline T OP(mish_bwd)(T g, T x, const double *p)
{
    (void)p;
    double xd = x < -210.0f ? -210.0 : (x > FLT_MAX ? (double)FLT_MAX : (double)x);
    double e = fa_dexp_f32(x > 210.0f ? -210.0 : -fa_abs_f64(xd));
    double dp = 1.0 + 2.0 * e * (1.0 + e);
    double dn = fa_fma_f64(e, e + 2.0, 2.0);
    double np_ = (1.0 + 2.0 * e) * dp + 4.0 * xd * e * e * (1.0 + e);
    double nn = e * fa_fma_f64(e + 2.0, dn, 4.0 * xd * (1.0 + e));
    double d = x >= 0.0f ? dp : dn;
    double quo = (x >= 0.0f ? np_ : nn) / (d * d);
    double t = (xd - -0x1.31432c0d12d84p+0) - -0x1.bf319154da210p-55;
    double q = -0.0158203771797553265803;
    q = fa_fma_f64(q, t, -0.0202728980383046956629);
    q = fa_fma_f64(q, t, 0.0419078209188892918889);
    q = fa_fma_f64(q, t, 0.204731264148923044383);
    q = fa_fma_f64(q, t, 0.266947914049537786389);
    double r = fa_abs_f64(t) <= 0x1p-6 ? t * q : quo;
    return (T)((double)g * r);
}
#if FA_HAVE_FMA
/* tanhshrink(x) = x - tanh(x) in float (FMA levels; odd, a = |x|):
 *   a <= 1.25: a^3 Q(s), s = a^2, Q = (a - tanh a)/a^3 = Q0 + w P(w) around
 *     s0 = 0.78125 (w = s - s0; P degree 8, max relative error 2^-29.1 in
 *     Q: python tools/math_f32/fit_gelu_f32.py tanhshrink 8 1.25).  a^3 =
 *     c + cl + a sl exactly (two TwoProds), s's and w's roundings (sl, wl)
 *     enter through P, and Q0 = hi + lo, so the last fma's is the only full
 *     rounding; w P is at most 0.24 of Q, which damps P's own.  (Horner in s
 *     itself alternates with slowly falling terms at s = 1.56: its float
 *     roundings cost 2.1 ulp.)
 *   a > 1.25: (a - 1) + 2q, q = e/(1 + e), e = e^(-2a) (the lean exp, as in
 *     fa_tanh_lean_f32): a - 1 is exact, and q's ~1.7 ulp reach the result
 *     times 2q/y <= 0.38.
 * a is clamped at 20 for the exponential only (2e^-40 is far below half an
 * ulp of a - 1 there); inf -> inf, NaN -> NaN, -0 -> -0. */
static const float OPAUX(tshrink_p)[9] = {
    -0x1.dd72f2p-18f, 0x1.8598f6p-16f, -0x1.10292ep-14f, 0x1.b9b482p-13f, -0x1.69910cp-11f,
    0x1.25aa52p-9f, -0x1.dcf46ep-8f, 0x1.83789ep-6f, -0x1.3b53dep-4f};
static inline T OP(tanhshrink)(T x, const double *p)
{
    (void)p;
    T a = FABS(x);
    T sl, s = fa_two_prod_f32(a, a, &sl);
    T cl, c = fa_two_prod_f32(a, s, &cl);
    T w = s - 0.78125f;
    T wl = s - (w + 0.78125f); /* Fast2Sum: s0 >= s wherever w rounds */
    T pw = fa_horner_f32(w, OPAUX(tshrink_p), 9);
    T v = fa_fma_f32(w, pw, fa_fma_f32(sl + wl, pw, 0x1.e006a4p-27f)); /* w P + Q0 lo */
    T ys = fa_fma_f32(c, 0x1.04494cp-2f, fa_fma_f32(c, v, fa_fma_f32(a, sl, cl) * 0x1.04494cp-2f));
    T ac = a > 20.0f ? 20.0f : a;
    T e = fa_exp_lean_f32(-2.0f * ac, 0);
    T yb = (a - 1.0f) + 2.0f * (e / (1.0f + e));
    T y = a <= 1.25f ? ys : yb;
    return fa_from_bits_f32(fa_bits_f32(y) | (fa_bits_f32(x) & 0x80000000u));
}
/* tanhshrink'(x) = tanh(x)^2: fa_tanh_lean_f32's ~1 ulp twice and two
 * roundings (g th first, so a subnormal th^2 is not rounded before g scales
 * it) */
static inline T OP(tanhshrink_bwd)(T g, T x, const double *p)
{
    (void)p;
    T th = fa_tanh_lean_f32(x);
    return (g * th) * th;
}
#else
FA_VIA_F64(tanhshrink)
FA_VIA_F64_BWD(tanhshrink_bwd)
#endif
FA_VIA_F64(squareplus)
FA_VIA_F64_BWD(squareplus_bwd)
FA_VIA_F64(silu_b)
FA_VIA_F64_BWD(silu_b_bwd)
static inline T OP(logit)(T x, const double *p)
{
    double lo = p[0], hi = 1.0 - p[0], xd = x;
    double xc = p[1] != 0 ? (xd < lo ? lo : (xd > hi ? hi : xd)) : xd;
    double q = xc / (1.0 - xc);
    double r = opaux_log_pos_f64(q < 0 ? 0.0 : q); /* the float64 log below */
    return (xc < 0 || xc > 1 || xc != xc) ? __builtin_nanf("") : (T)r;
}
FA_VIA_F64_BWD(logit_bwd)
#if FA_HAVE_FMA
/* logit without eps in float (FMA levels; fastact/_smooth.py picks it when
 * eps is None).  q = x/(1 - x) = 2^k m with m in [1, 2) for q >= 1 and in
 * (1/2, 1] below (k' = k + 64 read from the bits of x 2^64 and 1 - x),
 * so that logit = k ln2 + 2 atanh(s), s = (m - 1)/(m + 1),
 * adds two terms of one sign and the atanh term is at most half the result:
 *   k = 0 (1/3 < x < 2/3): s = 2x - 1, exact, and the result is 2 atanh(s)
 *     (series to s^11, fa_atanh_series_f32) with one full rounding;
 *   k != 0: with xs = x 2^64 (q's exponent read without subnormals) and
 *     1 - x = d + dl exactly (Fast2Sum), s = N/D with N = xs - d 2^k' (exact,
 *     Sterbenz) - dl 2^k' and D = xs + d 2^k': three roundings of s, halved
 *     in the result, plus the last two.
 * logit(0) = -inf, logit(1) = inf, NaN outside [0, 1] and for NaN. */
static inline T OP(logit_u)(T x, const double *p)
{
    (void)p;
    T d = 1.0f - x;
    T dl = (1.0f - d) - x;
    T xs = x * 0x1p64f;
    /* k from the exponents and mantissas of xs and d (no division): xs/d =
     * 2^(ex - ed) (mx/md) with mx/md in (1/2, 2) */
    uint32_t bx = fa_bits_f32(xs), bd = fa_bits_f32(d);
    int32_t mx = (int32_t)(bx & 0x7fffffu), md = (int32_t)(bd & 0x7fffffu);
    int32_t k = (int32_t)(bx >> 23) - (int32_t)(bd >> 23) + (x < d ? mx > md : -(mx < md));
    k = k < -100 ? -100 : (k > 100 ? 100 : k); /* 0 < x < 1: -85 <= k <= 88 */
    T sc = fa_from_bits_f32((uint32_t)(k + 127) << 23);
    T ds = d * sc;
    T sg = fa_fma_f32(-dl, sc, xs - ds) / (xs + ds);
    T s = k == 64 ? 2.0f * x - 1.0f : sg;
    T kf = (T)(k - 64);
    T s2 = 2.0f * s;
    T t = fa_fma_f32(s2 * (s * s), fa_atanh_series_f32(s * s), fa_fma_f32(kf, 0x1.7f7d1cp-20f, s2));
    T y = fa_fma_f32(kf, 0x1.62e4p-1f, t);
    y = x == 0.0f ? -INFINITY : (x == 1.0f ? INFINITY : y);
    return (x >= 0.0f && x <= 1.0f) ? y : NAN;
}
/* logit'(x) = 1/(x (1 - x)) without eps: 1 - x, the product and the
 * quotient, three roundings (<= 1.7 ulp); NaN outside [0, 1]. */
static inline T OP(logit_u_bwd)(T g, T x, const double *p)
{
    (void)p;
    T r = g / (x * (1.0f - x));
    return (x >= 0.0f && x <= 1.0f) || x != x ? r : NAN;
}
/* logit with eps (fastact/_smooth.py: p[0] = eps, p[1] = logit(eps) in
 * float64): x outside [eps, 1 - eps] gives logit(eps) / logit(1 - eps) =
 * -logit(eps) (+0 for eps = 1/2), inside logit_u.  The float bounds: the
 * smallest float >= eps and the largest <= 1 - eps (as float64 computes
 * it), so float compares match the float64 ones; NaN stays NaN. */
static inline T OPAUX(logit_lo)(const double *p)
{
    T lo = (T)p[0];
    return (double)lo < p[0] ? fa_from_bits_f32(fa_bits_f32(lo) + 1u) : lo;
}
static inline T OPAUX(logit_hi)(const double *p)
{
    T hi = (T)(1.0 - p[0]);
    return (double)hi > 1.0 - p[0] ? fa_from_bits_f32(fa_bits_f32(hi) - 1u) : hi;
}
static inline T OP(logit_e)(T x, const double *p)
{
    T c = (T)p[1];
    T y = OP(logit_u)(x, p);
    y = x < OPAUX(logit_lo)(p) ? c : y;
    return x > OPAUX(logit_hi)(p) ? -c + 0.0f : y;
}
/* logit' with eps: 0 outside [eps, 1 - eps] (PyTorch), else logit_u_bwd's */
static inline T OP(logit_e_bwd)(T g, T x, const double *p)
{
    T r = g / (x * (1.0f - x));
    return (x < OPAUX(logit_lo)(p) || x > OPAUX(logit_hi)(p)) ? 0.0f : r;
}
#define FA_LOGIT_LANES 1
#endif
#undef FA_VIA_F64
#undef FA_VIA_F64_BWD

#else /* float64 definitions */

/* celu(x) = x (x > 0), alpha expm1(x/alpha) (x <= 0), alpha != 0.  x/alpha
 * rounds once (a 1/2-ulp change of x: backward stable), then expm1 and the
 * product: <= 2 ulp beyond that. */
/* alpha < 0 sends x/alpha to +inf as x -> -inf: alpha e^u is still finite for
 * u up to 709.78 - log|alpha|, past e^u's own overflow, so e^u is taken as
 * (e^(u/2))^2 there, a factor at a time (two more roundings; the condition
 * number |u| >= 700 of these results dwarfs them). */
static inline T OPAUX(scaled_by_exp)(T c, T u)
{
    T h = FM(exp)(0.5 * u);
    return u > 700.0 ? (c * h) * h : c * FM(expm1)(u);
}
static inline T OP(celu)(T x, const double *p)
{
    T a = p[0];
    return x > 0 ? x : OPAUX(scaled_by_exp)(a, x / a);
}
/* celu'(x) = exp(x/alpha) for x <= 0 (celu'(0) = 1, as PyTorch). */
static inline T OP(celu_bwd)(T g, T x, const double *p)
{
    T a = p[0];
    T u = x / a;
    T h = FM(exp)(0.5 * u);
    return x > 0 ? g : (u > 700.0 ? (g * h) * h : g * FM(exp)(u));
}
/* float64: celu_p is celu (the float32 kernels' alpha range, see above) */
static inline T OP(celu_p)(T x, const double *p) { return OP(celu)(x, p); }
static inline T OP(celu_p_bwd)(T g, T x, const double *p) { return OP(celu_bwd)(g, x, p); }

/* From y (alpha > 0, checked by the caller): exp(x/alpha) = (y + alpha)/alpha;
 * y + alpha is exact where it cancels (Sterbenz). */
static inline T OP(celu_bwd_y)(T g, T y, const double *p)
{
    T a = p[0];
    return y > 0 ? g : g * ((y + a) / a);
}


/* mish(x) = x tanh(softplus(x)).  With w = e^x, tanh(log(1 + w)) =
 * w(w + 2)/(w(w + 2) + 2); written on e = e^-|x| so nothing overflows:
 *   x >= 0: (1 + 2e)/(1 + 2e + 2e^2)       x < 0: e(e + 2)/(e(e + 2) + 2)
 * No cancellation in either: exp's error and <= 5 roundings (<= 3.5 ulp,
 * typically ~1).  mish(-inf) = -0 (the limit; x * 0 would be NaN). */
static inline T OP(mish)(T x, const double *p)
{
    (void)p;
    T e = FM(exp)(-FABS(x));
    T n = x >= 0 ? 1.0 + 2.0 * e : e * (e + 2.0);
    T d = x >= 0 ? n + 2.0 * e * e : n + 2.0;
    T r = x * (n / d);
    /* below -600, n/d = e to double precision, and x e^x is taken as
     * (x h) h with h = e^(x/2), normal where e is subnormal: one rounding
     * into the subnormal range instead of e's own */
    T xt = x < -1500.0 ? -1500.0 : x;
    T h = FM(exp)(0.5 * xt);
    T tail = (xt * h) * h;
    r = x < -600.0 ? tail : r;
    return x < -FA_MAX ? -0.0 : r;
}
/* q + c ~= (n + nl)/(d + dl) for pairs with |nl| <= ulp(n), |dl| <= ulp(d):
 * the quotient and its first-order correction (returned separately, so a sum
 * of two quotients keeps its low parts). */
static inline T OPAUX(qpair)(T n, T nl, T d, T dl, T *c)
{
    T q = n / d;
    *c = (fa_fma_f64(-q, d, n) + (nl - q * dl)) / d;
    return q;
}
/* mish'(x) = tanh(sp) + x sech^2(sp) sigmoid(x), sp = softplus(x).  With
 * e = e^-|x| and D the denominator of mish above:
 *   x >= 0: (1 + 2e)/D + 4 x e^2 (1 + e)/D^2
 *   x < 0:  e(e + 2)/D + 4 x e (1 + e)/D^2
 * The two terms cancel towards the zero of mish' (x ~ -1.1924) and partly
 * near 0, so every piece is carried as a double-double pair (TwoSum,
 * TwoProd) and each quotient keeps its correction: only exp's 1/2 ulp and
 * the last roundings remain (the plain form measured 4.8 ulp near x = 0 and
 * 1.1x the tolerance 2 cond near the zero, in tests/test_accuracy_f64.py). */
static inline T OP(mish_bwd)(T g, T x, const double *p)
{
    (void)p;
    T xc = OPAUX(clamp_inf)(x);
    T e = FM(exp)(-FABS(xc));
    T sl, nl, dl, ul, ml, xml, ddl, tl;
    /* n = 1 + 2e (x >= 0) or e (e + 2) (x < 0), as n + nl */
    T s2 = fa_two_sum_f64(e, 2.0, &sl);
    T pn = fa_two_prod_f64(e, s2, &nl);
    nl = fa_fma_f64(e, sl, nl);
    T p1 = fa_two_sum_f64(1.0, 2.0 * e, &tl);
    T n = x >= 0 ? p1 : pn;
    nl = x >= 0 ? tl : nl;
    /* d = n + 2e^2 (x >= 0) or n + 2 (x < 0) */
    T e2l, e2 = fa_two_prod_f64(2.0 * e, e, &e2l);
    T addh = x >= 0 ? e2 : 2.0, addl = x >= 0 ? e2l : 0.0;
    T d = fa_two_sum_f64(n, addh, &dl);
    dl += nl + addl;
    /* m = e^2 (1 + e) (x >= 0) or e (1 + e) (x < 0); the term is 4 x m / d^2 */
    T u = fa_two_sum_f64(1.0, e, &ul);
    T eh = x >= 0 ? e2 * 0.5 : e, ehl = x >= 0 ? e2l * 0.5 : 0.0;
    T m = fa_two_prod_f64(eh, u, &ml);
    ml = fa_fma_f64(eh, ul, fa_fma_f64(ehl, u, ml));
    T xm = fa_two_prod_f64(4.0 * xc, m, &xml);
    xml = fa_fma_f64(4.0 * xc, ml, xml);
    T dd = fa_two_prod_f64(d, d, &ddl);
    ddl = fa_fma_f64(2.0 * d, dl, ddl);
    T ca, cb;
    T qa = OPAUX(qpair)(n, nl, d, dl, &ca);
    T qb = OPAUX(qpair)(xm, xml, dd, ddl, &cb);
    qb = (xm == xm) ? qb : 0.0; /* 4 x m overflowing: m = 0 there, the term is 0 */
    cb = (xm == xm && cb == cb) ? cb : 0.0;
    T rl, r = fa_two_sum_f64(qa, qb, &rl);
    r = r + (rl + (ca + cb));
    /* below -600, mish' = (1 + x) e^x to double precision; e^x as h*h as in
     * mish, so the result rounds once into the subnormal range */
    T xt = x < -1500.0 ? -1500.0 : x;
    T h = FM(exp)(0.5 * xt);
    T tail = ((g * (1.0 + xt)) * h) * h;
    return x != x ? x : (x < -600.0 ? tail : g * r);
}

/* tanhshrink(x) = x - tanh(x).  For |x| < 1 the difference cancels (x^3/3
 * near 0): x t q(t), t = x^2, q(t) = (x - tanh x)/x^3 fitted by us with
 * mpmath's chebyfit (degree 16 in t on [0, 1], relative error 2^-51.9 as
 * evaluated in double, Horner included).  From |x| = 1 on, x - tanh(x) loses
 * at most a factor 4.2 (1/(1 - tanh(1)/1)) on tanh's 0.56 ulp. */
static const double FA_TANHSHRINK_Q[17] = {
    0x1.5555555555555p-2, -0x1.1111111111109p-3, 0x1.ba1ba1ba1ad79p-5,
    -0x1.664f488284a62p-6, 0x1.226e3554e44b7p-7, -0x1.d6d3cf0c9f4f0p-9,
    0x1.7da3468275600p-10, -0x1.3556d1497c973p-11, 0x1.f567a08729e42p-13,
    -0x1.95f8917d9e05ap-14, 0x1.4716206d34c37p-15, -0x1.02a4681561bf1p-16,
    0x1.83b86bf37b691p-18, -0x1.01ed0537aafe1p-19, 0x1.1306c68e489eap-21,
    -0x1.922fdbe58a872p-24, 0x1.255e7760dc76dp-27};
static inline T OP(tanhshrink)(T x, const double *p)
{
    (void)p;
    T t = x * x;
    T q = FA_TANHSHRINK_Q[16];
    _Pragma("GCC unroll 20") for (int k = 15; k >= 0; k--) q = q * t + FA_TANHSHRINK_Q[k];
    T small = (x * t) * q;
    return FABS(x) < 1.0 ? small : x - FM(tanh)(x);
}
/* tanhshrink'(x) = tanh(x)^2: tanh's 0.56 ulp twice plus two roundings. */
static inline T OP(tanhshrink_bwd)(T g, T x, const double *p)
{
    (void)p;
    T th = FM(tanh)(x);
    return g * (th * th);
}

/* squareplus(x) = (x + sqrt(x^2 + b))/2, b >= 0 (Barron 2021).  For x < 0
 * the sum cancels; b/2 / (s - x) (s = sqrt(x^2 + b)) is the same number
 * without cancellation.  Past |x| = 1e150, x^2 would overflow and s = |x| to
 * within b/(2x^2) < 1e-300 relative.  <= 2 ulp. */
static inline T OPAUX(sqp_s)(T x, T b)
{
    T ax = FABS(x);
    /* b = 0 is relu: s = |x| exactly (x^2 would underflow for tiny x) */
    return (ax > 1e150 || b == 0) ? ax : __builtin_sqrt(x * x + b);
}
static inline T OP(squareplus)(T x, const double *p)
{
    T b = p[0];
    T s = OPAUX(sqp_s)(x, b);
    T pos = FABS(x) > 1e300 ? 0.5 * x + 0.5 * s : (x + s) * 0.5; /* x + s overflows */
    return x >= 0 ? pos : (0.5 * b) / (s - x);
}
/* squareplus'(x) = (1 + x/s)/2, for x < 0 the cancellation-free
 * (b/2)/(s (s - x)).  (b = 0, x = 0: s = 0, taken as 1/2.) */
/* The gradient carries s = sh + sl (sl from the exact residual of the
 * square root of the double-double x^2 + b), s - x and s (s - x) as pairs,
 * and corrects both quotients: the plain form measured 4.8 ulp. */
static inline T OP(squareplus_bwd)(T g, T x, const double *p)
{
    T b = p[0];
    T ax = FABS(x);
    T xxl, ql, wl, dl;
    T xx = fa_two_prod_f64(ax, ax, &xxl);
    T q = fa_two_sum_f64(xx, b, &ql);
    ql += xxl;
    T big = (ax > 1e150 || b == 0) ? 1.0 : 0.0; /* s = |x| (see sqp_s) */
    T sh = big > 0 ? ax : __builtin_sqrt(q);
    T sl = big > 0 ? 0.0 : (fa_fma_f64(-sh, sh, q) + ql) / (2.0 * sh);
    /* x < 0: (b/2) / (s (s + |x|)) */
    T w = fa_two_sum_f64(sh, ax, &wl);
    wl += sl;
    T dh = fa_two_prod_f64(sh, w, &dl);
    dl = fa_fma_f64(sh, wl, fa_fma_f64(sl, w, dl));
    T hb = 0.5 * b;
    T q0 = hb / dh;
    T neg = q0 + (fa_fma_f64(-q0, dh, hb) - q0 * dl) / dh;
    neg = (b == 0 || !(dh < __builtin_inf())) ? 0.0 : neg; /* tails: 0, not NaN */
    /* x >= 0: (1 + x/s)/2 */
    T r0 = sh > 0 ? ax / sh : 0.0;
    T rr = sh > 0 && sh < __builtin_inf() ? r0 + (fa_fma_f64(-r0, sh, ax) - r0 * sl) / sh : r0;
    T pos = (1.0 + rr) * 0.5;
    T r = x >= 0 ? pos : neg;
    return x != x ? x : g * r;
}

/* swish(x; beta) = x sigmoid(beta x), beta > 0 (Ramachandran et al. 2017).
 * beta x rounds once (a 1/2-ulp change of x: backward stable), then sigmoid
 * (fa_ops.h) and the product.  swish(-inf) = -0, the limit. */
static inline T OP(silu_b)(T x, const double *p)
{
    T z = (T)p[0] * x;
    const double none[FA_MAXP] = {0};
    T r = x * OP(sigmoid)(z, none);
    return x < -FA_MAX ? -0.0 : r;
}
/* swish'(x; beta) = silu'(beta x): d/dx [x s(bx)] = s(z) + z s(z)(1 - s(z)). */
static inline T OP(silu_b_bwd)(T g, T x, const double *p)
{
    T z = (T)p[0] * x;
    return OP(silu_bwd)(g, z, p);
}

/* log(v), v >= 0 (0 -> -inf, NaN passes; negative v never reaches it): v =
 * 2^k m, m in [sqrt(1/2), sqrt(2)) by bits, log(v) = k ln2 + log1p(m - 1)
 * (m - 1 exact, Sterbenz), k ln2 as hi + lo: log1p's 0.82 ulp and one
 * rounding.  Subnormal v is scaled by 2^64 first. */
static inline T OPAUX(log_pos)(T v)
{
    T sub = v < 0x1p-1000 ? 1.0 : 0.0;
    T vs = sub > 0 ? v * 0x1p64 : v;
    uint64_t hu = fa_bits_f64(vs) + (UINT64_C(0x3ff0000000000000) - UINT64_C(0x3fe6a09e667f3bcd));
    uint64_t ke = hu >> 52;
    T k = fa_from_bits_f64(UINT64_C(0x4330000000000000) | ke) - (0x1p52 + 1023.0) - 64.0 * sub;
    T m = fa_from_bits_f64((hu & UINT64_C(0x000fffffffffffff)) + UINT64_C(0x3fe6a09e667f3bcd));
    T r = k * FA_LN2HI_F64 + (k * FA_LN2LO_F64 + FM(log1p)(m - 1.0));
    r = v == 0 ? -__builtin_inf() : r;
    return v == __builtin_inf() ? v : r;
}

/* logit(x) = log(x/(1 - x)), x clamped to [eps, 1 - eps] first when eps is
 * given (p[1] = 1; PyTorch's definition).  Below 0.3 the quotient's rounding
 * is an absolute 2^-53 on a result beyond |log(3/7)| (<= 1.3 ulp in all);
 * from 0.3 on, log1p((2x - 1)/(1 - x)): 2x - 1 is exact and so is 1 - x for
 * x >= 1/2, so the zero at x = 1/2 keeps full relative accuracy.  Outside
 * [0, 1] NaN, at 0 and 1 -+inf. */
static inline T OP(logit)(T x, const double *p)
{
    T lo = p[0], hi = 1.0 - p[0];
    T xc = p[1] != 0 ? (x < lo ? lo : (x > hi ? hi : x)) : x;
    T q = xc / (1.0 - xc);
    T r1 = OPAUX(log_pos)(q < 0 ? 0.0 : q);
    T r2 = FM(log1p)((2.0 * xc - 1.0) / (1.0 - xc));
    T r = xc < 0.3 ? r1 : r2;
    return (xc < 0 || xc > 1 || xc != xc) ? __builtin_nan("") : r;
}
/* logit'(x) = 1/(x (1 - x)); 0 outside [eps, 1 - eps] with eps (PyTorch);
 * without eps NaN outside [0, 1], where the forward is NaN. */
static inline T OP(logit_bwd)(T g, T x, const double *p)
{
    T lo = p[0], hi = 1.0 - p[0];
    T r = g / (x * (1.0 - x));
    T out = (x < 0 || x > 1) ? __builtin_nan("") : r;
    return p[1] != 0 ? ((x < lo || x > hi) ? 0.0 : r) : (x != x ? x : out);
}

#endif /* float64 definitions */

/* softsign(x) = x/(1 + |x|), both dtypes in their own precision; +-inf as
 * +-FA_MAX (limit +-1), NaN -> NaN.  1 + |x| and the quotient round once
 * each: <= 1.5 ulp (float32 measured 1.493, python -m fastact accuracy --ops
 * softsign).  softsign'(x) = 1/(1 + |x|)^2, divided twice so (1 + |x|)^2
 * never overflows: d's rounding twice and two more, <= 3 ulp (measured
 * 2.968). */
static inline T OP(softsign)(T x, const double *p)
{
    (void)p;
    T xc = OPAUX(clamp_inf)(x);
    return xc / ((T)1 + FABS(xc));
}
static inline T OP(softsign_bwd)(T g, T x, const double *p)
{
    (void)p;
    T d = (T)1 + FABS(x);
    return (g / d) / d;
}

#ifndef FA_LOGIT_LANES
/* float64, and float32 without FMA: logit_u is logit without eps, logit_e
 * logit with eps = p[0] (p[1], logit(eps), is the float-lane form's) */
static inline T OP(logit_u)(T x, const double *p) { return OP(logit)(x, p); }
static inline T OP(logit_u_bwd)(T g, T x, const double *p) { return OP(logit_bwd)(g, x, p); }
static inline T OP(logit_e)(T x, const double *p)
{
    const double q[FA_MAXP] = {p[0], 1.0, 0.0, 0.0};
    return OP(logit)(x, q);
}
static inline T OP(logit_e_bwd)(T g, T x, const double *p)
{
    const double q[FA_MAXP] = {p[0], 1.0, 0.0, 0.0};
    return OP(logit_bwd)(g, x, q);
}
#endif
#undef FA_LOGIT_LANES

/* log_sigmoid(x) = log(sigmoid(x)) = -softplus(-x) (beta 1, no threshold):
 * softplus's accurate float32 and float64 forms, tails included. */
static const double OPAUX(sp_nothr)[FA_MAXP] = {1.0, __builtin_inf(), 0.0, 0.0};
#define FA_CALMOP_log_sigmoid_f32 ~, 1 /* softplus's calm blocks (fa_ops.h) */
#define FA_CALMOP_log_sigmoid_bwd_f32 ~, 1
static inline T OP(log_sigmoid)(T x, const double *p)
{
    (void)p;
    return -OP(softplus)(-x, OPAUX(sp_nothr));
}
/* log_sigmoid'(x) = sigmoid(-x) = softplus'(-x). */
static inline T OP(log_sigmoid_bwd)(T g, T x, const double *p)
{
    (void)p;
    return OP(softplus_bwd)(g, -x, OPAUX(sp_nothr));
}

#undef T
#undef FM
#undef OP
#undef OPAUX
#undef FABS
