/* Float32 special functions for the fastact kernels.
 *
 * Every function takes and returns float and is static inline and
 * branch-free (candidates are computed and chosen with ?:, which gcc turns
 * into blends), with no libm call and no data-indexed table, so that
 *     for (i = 0; i < n; i++) y[i] = fa_X_f32(x[i]);
 * vectorizes at every x86 level (baseline SSE2, x86-64-v3, x86-64-v4).
 *
 * Design: compute in double, round once.
 *   A float input is exact in double, and so are x*x and x*x/2 (48 bits
 *   <= 53), so the Gaussian exponents exp(-x^2) and exp(-x^2/2), which need
 *   an exact square in float (two_prod plus a double-float exp), are exact
 *   for free.  Each function evaluates its formula in double with a
 *   relative error of about 1e-10 (2^-33: short polynomials, not full
 *   double accuracy) and converts to float once at the end.  The final
 *   conversion is the only rounding that matters, so the result is the
 *   correctly rounded value of something within ~1e-10 of the truth: error
 *   <= 0.5 ULP + ~0.01 ULP wherever the formula itself does not cancel.
 *   The conversion also does the work that float code needs care for:
 *   overflow gives inf, and results in the float subnormal range are normal
 *   doubles rounded once, correctly (no two-step 2^n scaling needed).
 *   The cost is half the SIMD width for the arithmetic; the float-only
 *   alternative needs double-float (hi+lo) arithmetic to get below 1 ULP
 *   for erfc/ndtr/gelu_grad, which costs as much and is harder to get right
 *   without FMA.  As a stand-alone exp (target 0.51 ULP) a float version
 *   does not pay either (0.60 ULP with FMA, 0.77 for subnormal results).
 *   But the activations have 2 (forward) and 4 (gradient) ULP budgets:
 *   tanh and the erf-form GELU and its gradient have float-only versions
 *   (fa_tanh_lean_f32, fa_gelu_lean_f32, fa_gelu_grad_lean_f32, used by the
 *   float32 kernels; the double cores are no longer called by a kernel and
 *   stay as the tools/math_f32 harness's subjects),
 *   and for the activations built on one exponential the float exp of this file
 *   (fa_exp_lean_f32 / fa_exp_pair_f32, below, with normal-range results
 *   only: the kernels scale their tails themselves) made sigmoid, silu,
 *   softplus, softmax and the sigmoid/tanh/elu/selu/softplus/silu
 *   gradients 1.15-3x faster (fa_ops.h says how each stays in budget).
 *   Without FMA (x86-64 baseline) fa_fma_f64 rounds twice; the error
 *   analysis below has 20 spare bits, so no Dekker product is needed
 *   anywhere, and the same code is accurate at every level.
 *
 * Coefficients: fitted by the author (numpy/mpmath: iteratively reweighted
 * least squares (Lawson's algorithm) on 3000 Chebyshev nodes, minimizing
 * the maximum relative error), then checked against mpmath at 40 digits.
 * The fitting scripts live outside the repo; re-fitting only changes the
 * constants, each function's comment gives its interval, degree and error.
 *
 * Accuracy: max error in float ULPs over ALL 2^32 float32 bit patterns
 * (subnormal inputs and subnormal results included), at each of the three
 * x86 levels, is given in each function's comment ("ULP" = |y - ref| /
 * ulp(ref), ulp of ref's float binade, 2^-149 in the subnormal range; an
 * overflow to inf counts as exact when ref >= FLT_MAX + ulp/2).
 * How it was measured (exhaustive harness, kept outside the repo; ~4 min
 * per function on one core): impl.c defines, for each function,
 *     void run_fn(const float *restrict x, float *restrict y, size_t n)
 *     { for (size_t i = 0; i < n; i++) y[i] = fa_fn_f32(x[i]); }
 * and is compiled three times, suffixing the names per level, with
 *   baseline: gcc -O3 -std=c11 -fno-math-errno -fno-trapping-math -ffp-contract=off
 *   avx2:     the same + -march=x86-64-v3 -mtune=generic
 *   avx512:   the same + -march=x86-64-v4 -mtune=generic -mprefer-vector-width=512
 * (the flags of setup.py); a driver (gcc -O2 ... -lm) runs all 2^32 bit
 * patterns, 65536 at a time, through the three vectorized loops and
 * compares each output with a reference computed once per input in double
 * with glibc: exp, expm1, log1p, tanh, erf, erfc; ndtr = 0.5 erfc(-x/sqrt2);
 * npdf = exp(-x*x/2)/sqrt(2pi) (x*x exact); gelu = x ndtr(x);
 * gelu_grad = ndtr + x npdf; gelu_tanh = x/(1 + exp(-2u)); gelu_tanh_grad
 * = s (1 + 2x u' E s); within 0.02 of the zeros of gelu_grad and
 * gelu_tanh_grad, where the double formulas cancel, the reference is
 * evaluated in long double (erfcl, expl).  The reference is good to
 * 3e-14 relative (the rounded erfc argument costs up to 2^-45), far
 * below the ~1e-3 ULP resolution the maxima are quoted with.  NaN must give
 * NaN (any payload, every NaN bit pattern is among the inputs) and a
 * non-NaN reference must not give NaN.  Special values (inf, -inf, +-0
 * with their signs) were checked separately through the same loops at the
 * three levels.  The vector body and the scalar remainder loop give
 * bit-identical results (no contraction; checked on 1M random inputs).
 */
#ifndef FA_MATH_F32_H
#define FA_MATH_F32_H

#include <math.h>   /* INFINITY, NAN only: no libm function is called */

#include "fa_fp.h"

/* ------------------------------------------------------------ helpers */

#define FA_DSHIFT_F32 0x1.8p52               /* x + 2^52+2^51 rounds x to an integer */
#define FA_INVLN2_F32 0x1.71547652b82fep+0   /* 1/ln2 (double) */
#define FA_LN2_F32 0x1.62e42fefa39efp-1      /* ln2 (double) */

/* The core of exp and expm1, in double.  x = k*ln2 + r with k = round(x/ln2)
 * (the 0x1.8p52 shifter: k ends up in the low mantissa bits of zk, so no
 * int<->double conversion is needed) and |r| <= ln2/2.
 * Returns q ~ (e^r - 1)/r: degree 6 minimax on |r| <= 1.002*ln2/2, max
 * relative error 2.4e-10 (2^-32).  The reduction r = x - k*ln2 (one
 * rounding with FMA, two without) has an absolute error <= |k|*2^-53 <=
 * 2^-44 for the arguments used here (|x| <= 200).  k = round(x*INVLN2) can
 * differ from round(x/ln2) by one where x/ln2 is within 2^-44 of a
 * half-integer (INVLN2 and, without FMA, the product are rounded); |r| then
 * exceeds ln2/2 by < 2^-44, inside the fitting interval (widened by 0.2%).
 * NaN propagates through r and q.  Requires |x| <= 700. */
static inline double fa_dexpq_f32(double x, double *r_out, uint64_t *zk)
{
    double z = fa_fma_f64(x, FA_INVLN2_F32, FA_DSHIFT_F32);
    double k = z - FA_DSHIFT_F32;
    double r = fa_fma_f64(k, -FA_LN2_F32, x);
    double q = 0x1.a019e1f2c3ed7p-13;
    q = fa_fma_f64(q, r, 0x1.6d75e6703b461p-10);
    q = fa_fma_f64(q, r, 0x1.1111a7ac12282p-7);
    q = fa_fma_f64(q, r, 0x1.5554ac5ec3d41p-5);
    q = fa_fma_f64(q, r, 0x1.555554c44c904p-3);
    q = fa_fma_f64(q, r, 0x1.000000288e4ecp-1);
    q = fa_fma_f64(q, r, 0x1.0000000022da9p+0);
    *r_out = r;
    *zk = fa_bits_f64(z) << 52;   /* k << 52 (two's complement wraps) */
    return q;
}

/* e^x in double, relative error <= 1.2e-10.  |x| <= 700 (callers clamp).
 * e^r = 1 + r*q, then 2^k is added into the exponent field (the result is a
 * normal double for every k used here, |k| <= 300). */
static inline double fa_dexp_f32(double x)
{
    double r;
    uint64_t zk;
    double q = fa_dexpq_f32(x, &r, &zk);
    double p = fa_fma_f64(r, q, 1.0);
    return fa_from_bits_f64(fa_bits_f64(p) + zk);
}

/* e^x - 1 in double, relative error <= 2.5e-10 for |x| <= 700 (callers
 * clamp).  With s = 2^k: expm1(x) = s*expm1(r) + (s - 1).
 * s*expm1(r) is exact (power of two), s - 1 is exact for |k| <= 53, so the
 * one rounding of the fma/add is relative to the result, which is at least
 * 0.29 in magnitude when k != 0; when k == 0 the result is r*q itself. */
static inline double fa_dexpm1_f32(double x)
{
    double r;
    uint64_t zk;
    double q = fa_dexpq_f32(x, &r, &zk);
    double s = fa_from_bits_f64(zk + UINT64_C(0x3ff0000000000000));
    return fa_fma_f64(s, r * q, s - 1.0);
}

/* erfcx-like core: returns ~ erfc(z)*exp(z^2) for 0 <= z <= 10.7 (and any
 * value, finite or NaN, outside), relative error <= 1.4e-11.
 * Method: t = 1/(1 + p z) with p = 0.3 maps [0, 10.7] onto [0.238, 1];
 * erfc(z) e^(z^2) = t * P(t) with P a degree-12 polynomial in (t - c),
 * c = 0x1.3ccebeef94fa9p-1 the middle of the interval, minimax in relative error
 * (the substitution t = 2/(2+z) of Numerical Recipes' erfc, re-parametrised
 * and refitted: the factor t absorbs the 1/(z sqrt(pi)) decay of erfcx, so
 * what is left is smooth and slowly varying in t and a polynomial converges
 * fast: degree 10 gives 4.5e-10, 12 gives 1.3e-11).  One double division. */
static inline double fa_derfcx_f32(double z)
{
    double t = 1.0 / fa_fma_f64(z, 0.3, 1.0);
    double w = t - 0x1.3ccebeef94fa9p-1;
    double p = -0x1.85812b0699315p-6;
    p = fa_fma_f64(p, w, 0x1.6f7ce48f611edp-8);
    p = fa_fma_f64(p, w, 0x1.0eb5aec322198p-4);
    p = fa_fma_f64(p, w, 0x1.459f7539dc89ep-7);
    p = fa_fma_f64(p, w, -0x1.34fc900d38b09p-3);
    p = fa_fma_f64(p, w, -0x1.45df5d965bccep-3);
    p = fa_fma_f64(p, w, 0x1.a38d6aa1e8ad3p-3);
    p = fa_fma_f64(p, w, 0x1.a9f335a9ab872p-1);
    p = fa_fma_f64(p, w, 0x1.5ad60c680be3cp+0);
    p = fa_fma_f64(p, w, 0x1.7bda5c5632ea1p+0);
    p = fa_fma_f64(p, w, 0x1.38eeb7534da6bp+0);
    p = fa_fma_f64(p, w, 0x1.93ea47104bce8p-1);
    p = fa_fma_f64(p, w, 0x1.9d5ab319b73d6p-2);
    return t * p;
}

/* Standard-normal building block shared by ndtr, gelu and gelu_grad:
 * for a = |x| (already clamped to <= 15), returns e = exp(-a^2/2) (exact
 * argument: a*a is exact in double) and c = erfc(a/sqrt2)*exp(a^2/2), so
 * that Phi(-a) = 0.5*e*c.  a/sqrt2 is rounded, but it only enters t, whose
 * 2^-53 relative error moves P(t) by < 2^-50. */
static inline double fa_dnorm_f32(double a, double *e)
{
    *e = fa_dexp_f32(-0.5 * (a * a));
    return fa_derfcx_f32(a * 0x1.6a09e667f3bcdp-1);
}

/* x clamped to [-c, c] (c > 0), NaN kept: |x| is clamped and the sign OR-ed
 * back.  One compare-and-blend (or vminps) instead of two: gcc merges two
 * chained one-sided clamps into a mask sequence about three times longer. */
static inline float fa_clamp_abs_f32(float x, float c)
{
    float a = fa_abs_f32(x);
    a = a > c ? c : a;
    return fa_from_bits_f32(fa_bits_f32(a) | (fa_bits_f32(x) & 0x80000000u));
}

#define FA_INVSQRT2PI_F32 0x1.9884533d43651p-2   /* 1/sqrt(2 pi) */

/* ------------------------------------------------------------ exp */

/* fa_exp_f32: e^x.
 * x is clamped to [-110, 110] (beyond: 0 and inf after rounding; NaN passes
 * the clamp since comparisons with NaN are false), then e^x is computed in
 * double by fa_dexp_f32 (k = round(x/ln2), r = x - k ln2, e^r = 1 + r q(r),
 * q degree 6; relative error 1.2e-10) and rounded once to float: overflow to
 * inf and subnormal results (x in [-103.97, -87.34]) are rounded correctly.
 * Special values: exp(+inf) = inf, exp(-inf) = +0, exp(NaN) = NaN.
 * Measured max error: baseline 0.5011, avx2 0.5011, avx512 0.5011 ULP
 *   (all 2^32 inputs; worst x = -0x1.42194ap-2 at avx512).
 * Cost: 70 / 47 / 43 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 5.3 / 1.8 / 1.33 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_exp_f32(float x)
{
    return (float)fa_dexp_f32((double)fa_clamp_abs_f32(x, 110.0f));
}

/* fa_expm1_f32: e^x - 1, relative accuracy near 0.
 * x clamped to [-100, 100] (expm1(-100) rounds to -1, expm1(89) overflows);
 * fa_dexpm1_f32 in double (expm1(r) = r q(r) is relative-accurate near 0,
 * and s*expm1(r) + (s - 1) does not cancel when k != 0), rounded once.
 * expm1(-0) = -0 needs a select: the k = 0 path returns r q + 0 = +0.
 * expm1(-inf) = -1, expm1(inf) = inf, NaN -> NaN.
 * Measured max error: baseline 0.5043, avx2 0.5043, avx512 0.5043 ULP
 *   (all 2^32 inputs; worst x = 0x1.822aa4p-2 at avx512).
 * Cost: 80 / 54 / 50 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 6.0 / 2.0 / 1.51 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_expm1_f32(float x)
{
    float y = (float)fa_dexpm1_f32((double)fa_clamp_abs_f32(x, 100.0f));
    return x == 0.0f ? x : y;
}

/* fa_exp_lean_f32: e^x * 2^-s in float only, for the kernels whose whole
 * cost is one exponential and a few rational operations (sigmoid, silu and
 * their gradients, tanh', softplus', softmax): 16 lanes at avx512 instead
 * of the 8 of the double core above, about 15 operations per vector.
 * x = k ln2 + r, k = round(x/ln2) (the 0x1.8p23 shifter), ln2 = hi + lo with
 * hi of 15 significant bits (k hi exact for |k| < 512, x - k hi exact by
 * Sterbenz), r = (x - k hi) - k lo rounded once (|r| <= 1.002 ln2/2);
 * e^r = 1 + r q(r), q degree 5 minimax for the error of 1 + r q (relative
 * 2^-27.7 with the float coefficients: python
 * tools/math_f32/fit_gelu_f32.py exp_lean 5), the last step an fma so r q is
 * not rounded.  (Degree 6, 2^-29.3, measured 0.88 / 1.17 ulp below and cost
 * one more fma in every exp-based kernel: 3-5% of their time.)
 * The scale 2^(k - s) is built from exponent bits: callers keep
 * -126 <= k - s <= 127 (clamp x; s < 0 scales up).  NaN propagates.
 * Measured max error over every float32 x in [-80, 80] against libm's double
 * exp (tools/math_f32/exp_float_check.c, each level): 0.91 ULP with FMA
 * (avx2, avx512), 1.19 ULP without (baseline); results are normal floats only
 * (the kernels scale their tails).  fa_exp_pair_f32 below: hi + lo within
 * 0.25 / 0.30 ULP of e^x (the last Horner step rounds q to 2^-24).  */
#define FA_FSHIFT_F32 0x1.8p23f              /* x + 2^23+2^22 rounds x to an integer */
/* The float reduction shared by the two: x + xl = k ln2 + r (xl a small
 * correction to the argument, 0 for plain x), q(r) = (e^r - 1)/r; returns
 * r and writes q and the scale 2^(k-s). */
/* mode (a constant): 0 = plain x, 1 = x + xl rounded into r, 2 = x + xl as
 * r + *rl_out with the roundings recovered (for the pair), 3 = plain x with
 * ln2 as one float (one fma fewer; |k| 2^-29 absolute in r, for callers
 * whose result damps the exp's error, tanh's 1 - 2e/(1+e)) */
static inline float fa_exp_kq_f32(float x, float xl, int mode, float *q_out, float *rl_out,
                                  int32_t *k_out, float *kf_out)
{
    float z = fa_fma_f32(x, 0x1.715476p+0f, FA_FSHIFT_F32);
    float k = z - FA_FSHIFT_F32;
    float r0 = fa_fma_f32(k, mode == 3 ? -0x1.62e430p-1f : -0x1.62e4p-1f, x); /* exact but mode 3 */
    float r, rl = 0.0f;
    if (mode == 3) {
        r = r0;
    } else if (mode == 2) {
        /* r + rl = r0 - k lo + xl to ~2^-37: the roundings of the two sums
         * are recovered (Fast2Sum; |r0| >= |k lo| but where r0 ~ 0, and then
         * the lost bits are below 2^-40 anyway) */
        float t = k * -0x1.7f7d1cp-20f;
        r = r0 + t;
        rl = t - (r - r0);
        float r2 = r + xl;
        rl += xl - (r2 - r);
        r = r2;
    } else {
        r = fa_fma_f32(k, -0x1.7f7d1cp-20f, r0);
        r = mode == 1 ? r + xl : r;
    }
    float q = 0x1.6d6e2ep-10f;
    q = fa_fma_f32(q, r, 0x1.123c3cp-7f);
    q = fa_fma_f32(q, r, 0x1.5554ccp-5f);
    q = fa_fma_f32(q, r, 0x1.55548ep-3f);
    q = fa_fma_f32(q, r, 0x1p-1f);
    q = fa_fma_f32(q, r, 0x1p+0f);
    *q_out = q;
    *rl_out = rl;
    /* k sits in z's low mantissa bits (two's complement) */
    *k_out = (int32_t)(fa_bits_f32(z) - 0x4B400000u);
    *kf_out = k;
    return r;
}
/* the same, with the scale 2^(k-s) */
static inline float fa_exp_reduce_f32(float x, float xl, int mode, int32_t s, float *q_out,
                                      float *sc, float *rl_out)
{
    int32_t k;
    float kf;
    float r = fa_exp_kq_f32(x, xl, mode, q_out, rl_out, &k, &kf);
    *sc = fa_from_bits_f32((uint32_t)(k - s + 127) << 23);
    return r;
}

static inline float fa_exp_lean_f32(float x, int32_t s)
{
    float q, sc, rl;
    float r = fa_exp_reduce_f32(x, 0.0f, 0, s, &q, &sc, &rl);
    return fa_fma_f32(r, q, 1.0f) * sc;
}
/* the same for x + xl (xl a small correction of the argument) */
static inline float fa_exp_lean2_f32(float x, float xl, int32_t s)
{
    float q, sc, rl;
    float r = fa_exp_reduce_f32(x, xl, 1, s, &q, &sc, &rl);
    return fa_fma_f32(r, q, 1.0f) * sc;
}
/* fa_exp_pair_f32: e^(x + xl) * 2^-s as hi + *lo, within ~0.25 ULP (above)
 * (softmax, where each entry's exp error is all the error there is): 1 + r q
 * with r q's rounding error recovered exactly (TwoProd) and 1 + p split
 * exactly (Fast2Sum, |p| < 1).  Same range rules as fa_exp_lean_f32. */
static inline float fa_exp_pair_f32(float x, float xl, int32_t s, float *lo)
{
    float q, sc, pl, rl;
    float r = fa_exp_reduce_f32(x, xl, 2, s, &q, &sc, &rl);
    float p = fa_two_prod_f32(r, q, &pl);
    float hi = 1.0f + p;
    /* e^(r + rl) = e^r (1 + rl): the reduction's low part enters as rl hi */
    *lo = fa_fma_f32(rl, hi, (p - (hi - 1.0f)) + pl) * sc;
    return hi * sc;
}

/* The reduction shared by fa_expm1_neg_f32 and the GELU exp: h + hl =
 * k ln2 + r + rl, k = round((h + hl)/ln2) (z holds it in its low mantissa
 * bits: k = z - FA_FSHIFT_F32), the rounding of r kept as rl (Fast2Sum), and
 * e^(r + rl) - 1 = r + v with v = r^2 q2(r) + rl rounded once; q2 =
 * (e^r - 1 - r)/r^2, degree 5, max abs error 2^-29.0 (fit_gelu_f32.py
 * exp_q2).  Returns r, writes v and z. */
static inline float fa_expm1_red_f32(float h, float hl, float *v, float *z_out)
{
    float z = fa_fma_f32(h, 0x1.715476p+0f, FA_FSHIFT_F32);
    float k = z - FA_FSHIFT_F32;
    float r0 = fa_fma_f32(k, -0x1.62e4p-1f, h);      /* exact */
    float sm = fa_fma_f32(k, -0x1.7f7d1cp-20f, hl);
    float r = r0 + sm;
    float rl = sm - (r - r0);
    float q2 = 0x1.a24b40p-13f;
    q2 = fa_fma_f32(q2, r, 0x1.6d2754p-10f);
    q2 = fa_fma_f32(q2, r, 0x1.1110p-7f);
    q2 = fa_fma_f32(q2, r, 0x1.555508p-5f);
    q2 = fa_fma_f32(q2, r, 0x1.555556p-3f);
    q2 = fa_fma_f32(q2, r, 0x1p-1f);
    *v = fa_fma_f32(r * r, q2, rl);
    *z_out = z;
    return r;
}

/* fa_expm1_neg_f32: e^x - 1 for x <= 0 (x > 0 is taken as 0; NaN kept) as
 * hi + *lo, in float only: elu's and selu's negative side, 16 lanes at
 * avx512 where fa_expm1_f32 above runs 8 in double.  x = k ln2 + r + rl as
 * in fa_exp_kq_f32 (the reduction's rounding kept, Fast2Sum), e^r - 1 =
 * u + ul = r + (r^2 q2(r) + rl) (|u| < 0.42, the sum's rounding kept;
 * q2 = (e^r - 1 - r)/r^2, the gelu exp's degree-5 fit, 2^-29 absolute), then
 * e^x - 1 = (2^k - 1) + 2^k u + 2^k ul: 2^k u is exact, 2^k - 1 too for
 * k >= -24 (below, the result is -1 within 2^-25), hi is their sum rounded
 * and *lo its exact remainder ((2^k - 1) - hi is exact, Sterbenz) plus
 * 2^k ul.  The pair matters to callers that scale it: alpha (e^x - 1) from
 * the rounded hi alone reached 2.0 ulp at alpha = 1.7 (baseline; hi's own
 * error is up to 0.82 ulp, and alpha moves the result within its binade).
 * k = 0 (|x| < 0.347) gives u itself, r = x exactly.  x is clamped at -80
 * (2^k normal; e^-80 - 1 rounds to -1). */
static inline float fa_expm1_neg_f32(float x, float *lo)
{
    x = x > 0.0f ? 0.0f : (x < -80.0f ? -80.0f : x);
    float z, v;
    float r = fa_expm1_red_f32(x, -0.0f, &v, &z); /* -0: k lo rounds as k * lo alone */
    float u = r + v;
    float ul = v - (u - r);                           /* Fast2Sum, |r| >= |v| */
    float sc = fa_from_bits_f32((fa_bits_f32(z) + (127u - 0x4B400000u)) << 23); /* 2^k */
    float t = sc - 1.0f;
    float pp = sc * u;                                /* exact */
    float hi = t + pp;
    *lo = fa_fma_f32(sc, ul, (t - hi) + pp);
    return hi;
}

/* (atanh(s)/s - 1)/w, w = s^2 <= 1/9: the Taylor series through w^5 (the
 * rest is below w^6/13, 1.1e-7 of it) */
static inline float fa_atanh_series_f32(float w)
{
    float p = 0x1.3b13b2p-4f;                 /* 1/13 */
    p = fa_fma_f32(p, w, 0x1.745d18p-4f);     /* 1/11 */
    p = fa_fma_f32(p, w, 0x1.c71c72p-4f);     /* 1/9 */
    p = fa_fma_f32(p, w, 0x1.24924ap-3f);     /* 1/7 */
    p = fa_fma_f32(p, w, 0x1.99999ap-3f);     /* 1/5 */
    return fa_fma_f32(p, w, 0x1.555556p-2f);  /* 1/3 */
}

/* fa_log1p_unit_f32: log(1 + u) for u + ul in [0, 1] (a float pair, e.g.
 * fa_exp_pair_f32's), in float only: softplus's log1p(e^-|x|).
 * log(1 + u) = 2 atanh(s), s = u/(2 + u) in [0, 1/3]: 2 + u is split
 * exactly (Fast2Sum), s = u (1/(2+u)) gets one Newton step on the exact
 * remainder, so s + sc is the quotient to ~2^-46; then
 * 2 atanh(s) = 2s + 2s w P(w), w = s^2 <= 1/9, P the Taylor series of
 * (atanh(s)/s - 1)/w truncated after w^5 (the rest is below w^6/13, 1.1e-7
 * of P, and 2s w P is at most 1/27 of the result: < 2^-28 relative).
 * The one rounding that counts is the last addition: ~0.5 ULP plus the
 * input's own error, damped by u/((1+u) log1p(u)) <= 1.  NaN propagates. */
static inline float fa_log1p_unit_f32(float u, float ul)
{
    float d = 2.0f + u;
    float dl = (u - (d - 2.0f)) + ul;
    float inv = 1.0f / d;
    float s = u * inv;
    float sc = (fa_fma_f32(-s, d, u) + (ul - s * dl)) * inv;
    float w = s * s;
    float p = fa_atanh_series_f32(w);
    float s2 = 2.0f * s;
    return s2 + fa_fma_f32(s2 * w, p, 2.0f * sc);
}

/* ------------------------------------------------------------ log1p */

#define FA_SQRTHALF_BITS_F32 UINT64_C(0x3fe6a09e667f3bcd)   /* bits of sqrt(1/2) */

/* fa_log1p_f32: log(1 + x).
 * u = 1 + x in double is exact for 2^-29 <= |x| < 2^53 (and for larger x its
 * rounding changes log by < 2^-53).  u = 2^k m with m in [sqrt(1/2), sqrt2)
 * by integer arithmetic on the bits: k = floor((bits(u) - bits(sqrt(1/2)))
 * / 2^52), computed with a logical shift on a positively-biased value and
 * turned into a double by the 2^52 mantissa trick (SSE2 has neither a
 * 64-bit arithmetic shift nor an int64 -> double conversion).
 * f = m - 1 in [-0.293, 0.415] is exact; log(1+f) = f L(f), L of degree 11,
 * minimax relative error 1.0e-10; log1p = k ln2 + f L(f) (one fma).
 * |x| < 2^-26 returns x (log1p(x) = x(1 - x/2 + ...) rounds to x there,
 * and 1 + x is no longer exact); this also keeps log1p(-0) = -0.
 * Selects: x = -1 -> -inf, x = inf -> inf, x < -1 or NaN -> NaN.
 * Measured max error: baseline 0.5017, avx2 0.5017, avx512 0.5017 ULP
 *   (all 2^32 inputs; worst x = -0x1.df0746p-4 at avx512).
 * Cost: 118 / 72 / 69 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 9.6 / 2.9 / 2.06 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_log1p_f32(float x)
{
    double u = 1.0 + (double)x;
    uint64_t ub = fa_bits_f64(u);
    uint64_t kb = (ub + ((UINT64_C(64) << 52) - FA_SQRTHALF_BITS_F32)) >> 52;  /* k + 64 */
    double k = fa_from_bits_f64(kb | UINT64_C(0x4330000000000000)) - (0x1p52 + 64.0);
    double m = fa_from_bits_f64(ub - (kb << 52) + (UINT64_C(64) << 52));
    double f = m - 1.0;
    double l = -0x1.ea49eaa64e1d8p-5;
    l = fa_fma_f64(l, f, 0x1.b7d2d04212361p-4);
    l = fa_fma_f64(l, f, -0x1.bdcb470a7fd95p-4);
    l = fa_fma_f64(l, f, 0x1.c3685c53e4ec5p-4);
    l = fa_fma_f64(l, f, -0x1.fc51cf023184ap-4);
    l = fa_fma_f64(l, f, 0x1.249132f2dccabp-3);
    l = fa_fma_f64(l, f, -0x1.55697628e4c72p-3);
    l = fa_fma_f64(l, f, 0x1.999a32d815528p-3);
    l = fa_fma_f64(l, f, -0x1.ffffa5e8cadf7p-3);
    l = fa_fma_f64(l, f, 0x1.55555419e8a2dp-2);
    l = fa_fma_f64(l, f, -0x1.0000001cb552ap-1);
    l = fa_fma_f64(l, f, 0x1.0000000026dabp+0);
    float y = (float)fa_fma_f64(k, FA_LN2_F32, f * l);
    y = fa_abs_f32(x) < 0x1p-26f ? x : y;
    y = x == -1.0f ? -INFINITY : y;
    y = x > 0x1.fffffep127f ? x : y;
    return x >= -1.0f ? y : NAN;
}

/* ------------------------------------------------------------ tanh */

/* fa_tanh_f32: tanh(x) = sign(x) * e/(e + 2), e = expm1(2|x|).
 * |x| is clamped to 10 (tanh(10) = 1 - 4e-9 rounds to 1; tanh(+-inf) =
 * +-1).  expm1 in double is relative-accurate near 0, and e/(e+2) has
 * condition number 2/(e+2) <= 1 in e, so the double result is within
 * ~3e-10 relative everywhere (including subnormal x, where it returns x).
 * The sign is OR-ed back in on the float bits, so tanh(-0) = -0 and NaN
 * stays NaN.
 * Measured max error: baseline 0.5037, avx2 0.5037, avx512 0.5037 ULP
 *   (all 2^32 inputs; worst x = 0x1.ff01c4p-6 at avx512).
 * Cost: 82 / 60 / 55 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 6.6 / 2.5 / 1.75 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_tanh_f32(float x)
{
    float a = fa_abs_f32(x);
    a = a > 10.0f ? 10.0f : a;
    double e = fa_dexpm1_f32(2.0 * (double)a);
    float y = (float)(e / (e + 2.0));
    return fa_from_bits_f32(fa_bits_f32(y) | (fa_bits_f32(x) & 0x80000000u));
}

/* fa_tanh_lean_f32: tanh in float only (the float32 tanh kernel; 16 lanes
 * at avx512 instead of the 8 of fa_tanh_f32's double core: 0.49 against
 * 0.68 ns per element, 1M floats, one thread).  Measured max error
 * (python -m fastact accuracy --ops tanh --no-grad, every 127th pattern and
 * the specials): 1.040 / 1.009 / 1.009 ulp (baseline / avx2 / avx512).
 * a = |x| clamped at 9.5 (tanh(9.5) rounds to 1).
 * a <= 1: a + a^3 P(a^2), P degree 6 fitted by
 *   python -c "import sys; sys.path.insert(0, 'tools/math_f32'); \
 *              import fit_gelu_f32 as F; F.fit_tanh(6, 1.0)"
 *   (max relative error 2^-27.3 with the float coefficients); a^3 P is at
 *   most 0.24 of the result, so its roundings are damped by 0.31 and the
 *   fma's rounding is the one that counts.
 * a > 1: tanh = 1 - 2q, q = e/(1 + e), e = e^(-2a) (the lean exp, mode 3): every
 *   error of q reaches the result multiplied by 2q/tanh <= 0.31 (at a = 1),
 *   so the lean exponential (0.91 ulp) and two plain roundings suffice;
 *   an exp pair, an exact 1 + e and a Newton step on q (first version,
 *   a split at 0.55) measured 0.72 ulp at 0.85 ns per element against
 *   this one's 0.5 ns. */
static inline float fa_tanh_lean_f32(float x)
{
    float a = fa_abs_f32(x);
    a = a > 9.5f ? 9.5f : a;
    float s = a * a;
    float p = -0x1.77dd38p-12f;
    p = fa_fma_f32(p, s, 0x1.2da4fap-9f);
    p = fa_fma_f32(p, s, -0x1.0460c6p-7f);
    p = fa_fma_f32(p, s, 0x1.600992p-6f);
    p = fa_fma_f32(p, s, -0x1.b96222p-5f);
    p = fa_fma_f32(p, s, 0x1.110be2p-3f);
    p = fa_fma_f32(p, s, -0x1.55553cp-2f);
    float ysmall = fa_fma_f32(a * s, p, a);
    /* e^(-2a), ln2 as one float (mode 3): its |k| 2^-29 (k >= -28) reaches
     * the result times 2q/tanh <= 0.31; 0.509 -> 0.484 ns per element */
    float q, sc, rl;
    float r = fa_exp_reduce_f32(-2.0f * a, 0.0f, 3, 0, &q, &sc, &rl);
    float e = fa_fma_f32(r, q, 1.0f) * sc;
    float ybig = fa_fma_f32(-2.0f, e / (1.0f + e), 1.0f);
    float y = a <= 1.0f ? ysmall : ybig;
    return fa_from_bits_f32(fa_bits_f32(y) | (fa_bits_f32(x) & 0x80000000u));
}

/* ------------------------------------------------------------ erf, erfc */

/* fa_erf_f32: erf(x).
 * |x| < 0.6: x E(x^2), E degree 5 in x^2, minimax relative error 1.0e-10
 *   (relative accuracy down to subnormal x; erf(-0) = -0).
 * |x| >= 0.6: sign(x) (1 - erfc(|x|)) with erfc(a) = exp(-a^2) erfcx(a)
 *   (fa_derfcx_f32; a*a exact in double); 1 - erfc >= 0.6 does not cancel.
 *   |x| is clamped to 6 (erf(6) = 1 - 2e-17 is 1.0 in double).
 * erf(+-inf) = +-1, NaN -> NaN.
 * Measured max error: baseline 0.5017, avx2 0.5017, avx512 0.5017 ULP
 *   (all 2^32 inputs; worst x = 0x1.c54f44p-14 at avx512).
 * Cost: 215 / 126 / 120 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 16.8 / 5.3 / 3.66 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_erf_f32(float x)
{
    float af = fa_abs_f32(x);
    af = af > 6.0f ? 6.0f : af;
    double a = (double)af, xd = (double)x;
    double x2 = xd * xd;
    double ps = -0x1.811130b0443f2p-11;
    ps = fa_fma_f64(ps, x2, 0x1.533c4c8e0d2c0p-8);
    ps = fa_fma_f64(ps, x2, -0x1.b807da06849c1p-6);
    ps = fa_fma_f64(ps, x2, 0x1.ce2e59a033773p-4);
    ps = fa_fma_f64(ps, x2, -0x1.812745230f1abp-2);
    ps = fa_fma_f64(ps, x2, 0x1.20dd7503a92a3p+0);
    double small = xd * ps;
    double c = fa_dexp_f32(-(a * a)) * fa_derfcx_f32(a);
    double big = x < 0.0f ? c - 1.0 : 1.0 - c;
    return (float)(af < 0.6f ? small : big);
}

/* fa_erfc_f32: erfc(x), relative accuracy in the right tail until it
 * underflows (x ~ 10.05).
 * erfc(a) = exp(-a^2) * erfcx(a) for a = |x| clamped to 10.5 (erfc(10.5) =
 * 1.4e-49 rounds to 0): exp in double on the exact argument -a*a, erfcx by
 * the rational substitution of fa_derfcx_f32, one product, one rounding;
 * erfc(x) = 2 - erfc(|x|) for x < 0 (no cancellation: result >= 1).
 * erfc(-inf) = 2, erfc(inf) = 0, NaN -> NaN.
 * Measured max error: baseline 0.5015, avx2 0.5015, avx512 0.5015 ULP
 *   (all 2^32 inputs; worst x = 0x1.878b2cp+1 at avx512).
 * Cost: 163 / 99 / 97 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 14.0 / 4.3 / 3.07 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_erfc_f32(float x)
{
    float af = fa_abs_f32(x);
    af = af > 10.5f ? 10.5f : af;
    double a = (double)af;
    double c = fa_dexp_f32(-(a * a)) * fa_derfcx_f32(a);
    return (float)(x < 0.0f ? 2.0 - c : c);
}

/* ------------------------------------------------------------ normal */

/* fa_ndtr_f32: Phi(x) = 0.5 erfc(-x/sqrt2), relative accuracy as x -> -inf.
 * a = |x| clamped to 15 (Phi(-15) = 3.7e-51 rounds to 0); Phi(-a) =
 * 0.5 exp(-a^2/2) erfcx(a/sqrt2) (fa_dnorm_f32: a*a/2 exact in double, so no
 * argument-rounding error in the Gaussian tail); Phi(x) = 1 - Phi(-x) for
 * x >= 0.  ndtr(-inf) = 0, ndtr(inf) = 1, NaN -> NaN.
 * Measured max error: baseline 0.5016, avx2 0.5016, avx512 0.5016 ULP
 *   (all 2^32 inputs; worst x = -0x1.29c1acp+3 at avx512).
 * Cost: 169 / 103 / 100 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 15.1 / 4.6 / 3.17 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_ndtr_f32(float x)
{
    float af = fa_abs_f32(x);
    af = af > 15.0f ? 15.0f : af;
    double e, c = fa_dnorm_f32((double)af, &e);
    double h = 0.5 * e * c;
    return (float)(x < 0.0f ? h : 1.0 - h);
}

/* fa_npdf_f32: phi(x) = exp(-x^2/2)/sqrt(2 pi).
 * |x| clamped to 20 (phi(20) = 5.5e-88 rounds to 0); the argument -x^2/2 is
 * exact in double; fa_dexp_f32, one product, one rounding.
 * npdf(+-inf) = 0, NaN -> NaN.
 * Measured max error: baseline 0.5008, avx2 0.5008, avx512 0.5008 ULP
 *   (all 2^32 inputs; worst x = 0x1.d831f4p+0 at avx512).
 * Cost: 71 / 53 / 49 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 5.4 / 2.1 / 1.37 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline float fa_npdf_f32(float x)
{
    float af = fa_abs_f32(x);
    af = af > 20.0f ? 20.0f : af;
    double a = (double)af;
    return (float)(fa_dexp_f32(-0.5 * (a * a)) * FA_INVSQRT2PI_F32);
}

/* ------------------------------------------------------------ gelu (erf) */

/* fa_gelu_f32: x Phi(x).
 * Phi as in fa_ndtr_f32 (relative-accurate for x -> -inf, where PyTorch's
 * 0.5 x (1 + erf(x/sqrt2)) cancels), product and rounding in double.
 * x is clamped below at -15 for the product too (gelu(-15) = -5.5e-50
 * rounds to -0), so gelu(-inf) = -0.0, never -inf*0 = NaN.
 * gelu(inf) = inf, gelu(-0) = -0 (-0 * 0.5), NaN -> NaN.
 * Measured max error: baseline 0.5014, avx2 0.5014, avx512 0.5014 ULP
 *   (all 2^32 inputs; worst x = -0x1.6b7452p+0 at avx512).
 * Cost: 187 / 114 / 110 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 15.6 / 5.4 / 3.41 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline double fa_gelu_d_f32(float x, float clamp)
{
    float af = fa_abs_f32(x);
    af = af > clamp ? clamp : af;
    float xm = x < -clamp ? -clamp : x;
    double e, c = fa_dnorm_f32((double)af, &e);
    double h = 0.5 * e * c;
    return (double)xm * (x < 0.0f ? h : 1.0 - h);
}
static inline float fa_gelu_f32(float x) { return (float)fa_gelu_d_f32(x, 15.0f); }
/* fa_gelu_d_f32 is the double value before that rounding, for callers that
 * scale it first (geglu's a gelu(b)): they clamp at 20 instead, where
 * a gelu(-20) is below 2^-150 for every float a, and fa_derfcx_f32 still
 * holds to 7e-9 relative (1e-11 up to 15). */

/* The zero windows of the GELU derivatives: with d = (x - x0_hi) - x0_lo
 * (exact in double), the derivative is d T(d), T of degree 4 fitted in the
 * relative sense (minimax relative error 3.7e-13); w = {x0_hi, x0_lo, T's
 * coefficients from d^0 up}.  Returns d T(d) and, in *d_out, d. */
static inline double fa_zero_win_f32(float x, const double w[7], double *d_out)
{
    double d = ((double)x - w[0]) - w[1];
    double t = w[6];
    t = fa_fma_f64(t, d, w[5]);
    t = fa_fma_f64(t, d, w[4]);
    t = fa_fma_f64(t, d, w[3]);
    t = fa_fma_f64(t, d, w[2]);
    *d_out = d;
    return d * t;
}
static const double FA_GG_ZW_F32[7] = {
    -0x1.80ead197f00b4p-1, 0x1.13e74c58cada8p-56, 0x1.b9d98fa5a3207p-2, 0x1.8d9a941c9f403p-2,
    -0x1.2a2ef9a9ce0d7p-6, -0x1.d2f77da215122p-4, -0x1.e40927c089424p-7};
static const double FA_GTG_ZW_F32[7] = {
    -0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55, 0x1.b8bacd2c96b7bp-2, 0x1.8cd1a2b1b71f7p-2,
    -0x1.029615ddee005p-6, -0x1.d2b49b33eaeb3p-4, -0x1.104a6ac7bdce3p-6};

/* fa_gelu_grad_f32: Phi(x) + x phi(x).
 * With a = |x| (clamped to 15), e = exp(-a^2/2), c = erfcx(a/sqrt2):
 *   Phi(-a) = e c/2, phi(x) = e/sqrt(2 pi), so
 *   g = e (c/2 - a/sqrt(2 pi))        for x < 0,
 *   g = 1 - e (c/2 - a/sqrt(2 pi))    for x >= 0.
 * The far negative tail (x < -5, where 1 + erf cancels completely) is
 * relative-accurate: the bracket is ~ -a/sqrt(2 pi) and e is exact-argument.
 * The bracket cancels at the zero x0 = -0.7517915246935645... of g: for
 * |x - x0| < 0.0105, g = d T(d) with d = (x - x0_hi) - x0_lo (x0 as a double
 * pair: x - x0_hi is exact, so d has relative error 2^-53 however close a
 * float lands to x0; the nearest is 1.2e-8 away), T degree 4, minimax
 * relative error 3.6e-13 on the window.  Outside the window the bracket is
 * >= 0.006 in magnitude and its absolute error (~4e-12 from erfcx) is
 * < 1e-9 relative.  gelu_grad(-inf) = -0 (the value, rounded from below),
 * gelu_grad(inf) = 1, NaN -> NaN.
 * Measured max error: baseline 0.5058, avx2 0.5058, avx512 0.5058 ULP
 *   (all 2^32 inputs; worst x = -0x1.780882p-1 at avx512).
 * Cost: 213 / 132 / 130 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 19.9 / 5.9 / 4.08 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline double fa_gelu_grad_d_f32(float x)
{
    float af = fa_abs_f32(x);
    af = af > 15.0f ? 15.0f : af;
    double a = (double)af;
    double e, c = fa_dnorm_f32(a, &e);
    double b = e * fa_fma_f64(a, -FA_INVSQRT2PI_F32, 0.5 * c);
    double g = x < 0.0f ? b : 1.0 - b;
    double d, gw = fa_zero_win_f32(x, FA_GG_ZW_F32, &d);
    return fa_abs_f64(d) < 0.0105 ? gw : g;
}
/* the same, rounded to float (the double value lets callers multiply by an
 * incoming gradient before the one rounding, so a subnormal derivative is not
 * rounded twice) */
static inline float fa_gelu_grad_f32(float x) { return (float)fa_gelu_grad_d_f32(x); }

/* ------------------------------------------------------------ gelu (erf), float only */

/* The float32 GELU kernels (fa_ops.h) use these instead of the double cores
 * above: 16 lanes at avx512 instead of 8.  With a = |x|, G(a) = Phi(-a)
 * e^(a^2/2) and F(a) = a G(a):
 *   gelu(-a) = -e^(-a^2/2) F(a),   gelu(a) = a - e^(-a^2/2) F(a),
 *   gelu'(-a) = e^(-a^2/2) (a0 - a) H(a),  gelu'(a) = 1 - (the same),
 * H = (G - a/sqrt(2 pi))/(a0 - a) smooth and positive, a0 = 0.7517915...
 * the zero of gelu'.  The smooth factors go into the exponent as logs, so
 * their float rounding costs an absolute 2^-26 there (a relative 2^-26 in
 * the result) instead of a relative ulp per product:
 *   forward:  F = (a/2) e^K(a) (a <= 1.75),  F = (1/2) e^K(t) (a > 1.75),
 *   gradient: (a0 - a) H = ((a0 - a)/2) e^E(a) (a <= 1.5) or e^E(t) beyond,
 * K, E polynomials (degree 8 / 7) fitted by tools/math_f32/fit_gelu_f32.py:
 * max abs error 2^-27.1 / 2^-26.7 (forward small / large), 2^-27.8 / 2^-27.6
 * (gradient), with the float coefficients.  t = 1/(1 + a) (forward) or
 * 1/(1 + a/2) (gradient) is only the variable of the large-|x| pieces: its
 * rounding moves K by at most 0.46 of its relative size (the elasticity of
 * F there), E by less.  a^2/2 is exact as s + sl (TwoProd).  The forward
 * sums -s/2 + K exactly (TwoSum) before the float exp reduction and takes
 * e^r - 1 with one rounding, entering as P + P u (one fma, so the last
 * rounding is the only full-ulp one); the gradient, with twice the budget,
 * reduces on the rounded sum (fa_gelu_grad_lean_f32 says what that costs).
 * Measured max error, python -m fastact accuracy --ops gelu --simd
 * baseline,avx2,avx512 (every 127th float32 bit pattern and the special
 * values): gelu 1.400 / 1.500 / 1.500 ulp, gelu' (g = 1) 2.607 / 2.383 /
 * 2.383 ulp (the double cores above: 0.501 / 0.505); all 2^32 inputs
 * (--exhaustive): gelu 1.611 (baseline), 1.559 (avx2, avx512), gelu' 2.653
 * (baseline), 2.472 (avx512).  Cost at avx512 (1M
 * floats in L2, one thread, gcc 12, this AMD EPYC host): gelu 1.02 ns and
 * gelu' 0.96 ns per element, against 1.31 and 1.56 for the double cores. */
static const float FA_GELU_KS_F32[9] = {
    -0x1.9ed0e2p-18f, 0x1.080318p-16f, 0x1.b24d10p-19f, -0x1.af3772p-12f, 0x1.d1c334p-9f,
    -0x1.5b5f9cp-6f, 0x1.b6fca6p-4f, -0x1.1a17bap-1f, -0x1.29496ap-1f};
static const float FA_GELU_KL_F32[9] = {
    -0x1.48da3cp+4f, 0x1.c7573cp+3f, -0x1.299152p+1f, -0x1.fcb1b6p+1f, 0x1.74b072p+0f,
    -0x1.269012p-1f, -0x1.ec4a60p+0f, -0x1.53c364p-1f, -0x1.289290p-2f};
static const float FA_GELU_ES_F32[8] = {
    -0x1.0f24f2p-16f, 0x1.9046b6p-13f, -0x1.17b5dcp-10f, 0x1.2b72b4p-8f, -0x1.10eb86p-6f,
    0x1.b27712p-5f, -0x1.2fa30cp-3f, 0x1.158444p-3f};
static const float FA_GELU_EL_F32[8] = {
    -0x1.984aa0p-4f, 0x1.2c0772p-4f, 0x1.790ed0p-4f, -0x1.9d0838p-4f, -0x1.e4ea3ep-4f,
    0x1.456504p-3f, 0x1.01578ap-1f, -0x1.457cf6p-4f};
#define FA_GELU_A0_HI_F32 0x1.80ead2p-1f
#define FA_GELU_A0_LO_F32 -0x1.a03fd4p-27f

/* Horner with the highest coefficient first */
static inline float fa_horner_f32(float w, const float *c, int n)
{
    float p = c[0];
    _Pragma("GCC unroll 16") for (int i = 1; i < n; i++) p = fa_fma_f32(p, w, c[i]);
    return p;
}

/* gelu(x), float only.  a = |x| clamped at 14.5 (gelu(-14.5) = -9e-47 rounds
 * to -0; e^(-a^2/2) then needs k >= -154).  yn = a Phi(-a) >= 0 is formed
 * as P (1 + u) 2^(k+63) (a normal float: for subnormal x, P = a, the
 * product is exact) and brought back by 2^-64, exact or the one rounding
 * into the subnormal range.  gelu = -yn for x < 0 (relative error: yn's),
 * x - yn for x >= 0 (yn <= x/2: its error is damped). */
static inline float fa_gelu_lean_f32(float x)
{
    float a = fa_abs_f32(x);
    a = a > 14.5f ? 14.5f : a;
    float sl, s = fa_two_prod_f32(a, a, &sl);
    float xh = -0.5f * s;
    /* small piece, K in w = a - 0.875: w's rounding (a < 0.4375) is kept as
     * wl and enters through K'(w) ~ c1 + 2 c2 w (it cost 0.36 ulp,
     * tools/math_f32 emulation at x = -0.3381429).  Without FMA the
     * rounding of K itself (|K| up to 0.99: 2^-25) is kept too, c0 + c1 w
     * as an exact pair (TwoProd, Fast2Sum with |c0| > |c1 w|): the
     * baseline level measured 1.79 ulp without it, 1.57 with; with FMA the
     * gain (1.51 -> 1.47) is not worth its 0.12 ns per element. */
    float w = a - 0.875f;
    float wl = a - (w + 0.875f);
    float kd = fa_fma_f32(2.0f * FA_GELU_KS_F32[6], w, FA_GELU_KS_F32[7]);
#if FA_HAVE_FMA
    float ks = fa_horner_f32(w, FA_GELU_KS_F32, 9);
    float ksl = kd * wl;
#else
    float kp = fa_horner_f32(w, FA_GELU_KS_F32, 7);
    float ml, m = fa_two_prod_f32(FA_GELU_KS_F32[7], w, &ml);
    float ks = FA_GELU_KS_F32[8] + m;
    float ksl = ((FA_GELU_KS_F32[8] - ks) + m) + fa_fma_f32(w * w, kp, fa_fma_f32(kd, wl, ml));
#endif
    /* large piece: K in wt = t - tc, t = 1/(1 + a) rounded twice (1 + a,
     * the division); K's elasticity in t, 0.45 at a = 1.75 and falling, turns
     * that into up to ~0.5 ulp next to the split (a Newton step on t and an
     * exact last Horner step bought 0.25 ulp there for 0.24 ns per element:
     * not kept) */
    float t = 1.0f / (1.0f + a);
    float kl = fa_horner_f32(t - 0x1.b66d9cp-3f, FA_GELU_KL_F32, 9);
    int small = a <= 1.75f;
    float kap = small ? ks : kl;
    float kapl = small ? ksl : 0.0f;
    float P = small ? a : 1.0f;
    /* h + hl = -a^2/2 + kap exactly (TwoSum, plus the low parts) */
    float h = xh + kap, bb = h - xh;
    float hl = ((xh - (h - bb)) + (kap - bb)) + (kapl - 0.5f * sl);
    /* e^(h + hl) = 2^k (1 + u), u = r + v rounded once (|u| < 0.42: 2^-26);
     * with 1 + r q, q's own rounding (half an ulp of a number near 1) came on
     * top */
    float z, v;
    float r = fa_expm1_red_f32(h, hl, &v, &z);
    float k = z - FA_FSHIFT_F32;
    float rq = r + v;
    float sc = fa_from_bits_f32((fa_bits_f32(z) + (63u + 127u - 0x4B400000u)) << 23); /* 2^(k+63) */
    float yn = fa_fma_f32(P, rq, P) * sc * 0x1p-64f;
    /* x >= 0: where k = 0, yn = (x/2)(1 + u) and x - yn = x/2 - (x/2) u is
     * one fma (yn is not small next to the result there; elsewhere yn <
     * x Phi(-0.8) and its rounding is damped) */
    float hx = 0.5f * x;
    float ypos = k == 0.0f ? fa_fma_f32(-hx, rq, hx) : x - yn;
    return x < 0.0f ? -yn : ypos;
}

/* g * gelu'(x), float only.  a clamped at 19.8 (g gelu'(-19.8) rounds to 0
 * for every float g).  v = ((a0 - a)/2) e^(-a^2/2 + E) 2^S with S = 0, 110,
 * 220 as -a^2/2 passes -80 and -160, so that v is a normal float <= 1/2
 * wherever g v can be nonzero (|g| <= 2^128) and g v cannot overflow
 * early; x < 0: (g v) 2^-S, x >= 0: g (1 - v) (S = 0 wherever v matters
 * there).  k is chosen from -a^2/2 + E rounded (r stays in the range q
 * was fitted for); x - k ln2_hi may then round (only where k != 0 and
 * |x| < 1.3: <= 2^-25 absolute), which the 4 ulp budget absorbs.
 * calm = 1 (a constant, from fa_ops.h's calm blocks: |x| <= 12, so
 * -a^2/2 >= -72): S = 0 and the clamp is idle, and both are left out --
 * bitwise the same results, 81 -> 64 instructions per 16 floats (avx512,
 * the calm loop with its check).  always_inline: inlined late (flatten),
 * the constant calm = 0 still left S's nested select as a mask that gcc
 * assembled bit by bit in scalar code (203 instructions). */
__attribute__((always_inline)) static inline float fa_gelu_grad_lean_f32(float g, float x, int calm)
{
    float a = fa_abs_f32(x);
    a = calm ? a : (a > 19.8f ? 19.8f : a);
    float sl, s = fa_two_prod_f32(a, a, &sl);
    float xh = -0.5f * s;
    float es = fa_horner_f32(a - 0.75f, FA_GELU_ES_F32, 8);
    float t = 1.0f / fa_fma_f32(0.5f, a, 1.0f);
    float el = fa_horner_f32(t - 0x1.538b3ep-2f, FA_GELU_EL_F32, 8);
    float eta = a <= 1.5f ? es : el;
    int32_t S = calm ? 0 : (xh < -80.0f ? (xh < -160.0f ? 220 : 110) : 0);
    float z = fa_fma_f32(xh + eta, 0x1.715476p+0f, FA_FSHIFT_F32);
    float k = z - FA_FSHIFT_F32;
    float r = fa_fma_f32(k, -0x1.62e4p-1f, xh);
    r = fa_fma_f32(k, -0x1.7f7d1cp-20f, r) + (eta - 0.5f * sl);
    /* e^r = 1 + r q(r), q degree 5 (one less than fa_exp_reduce_f32's: 3%
     * faster, same max error): abs error 2^-26.1, fit_gelu_f32.py exp_q5 */
    float q = 0x1.6d6fe8p-10f;
    q = fa_fma_f32(q, r, 0x1.1227f2p-7f);
    q = fa_fma_f32(q, r, 0x1.5554cap-5f);
    q = fa_fma_f32(q, r, 0x1.5554b0p-3f);
    q = fa_fma_f32(q, r, 0x1p-1f);
    q = fa_fma_f32(q, r, 0x1p+0f);
    float sc = fa_from_bits_f32((fa_bits_f32(z) + (uint32_t)S + (127u - 0x4B400000u)) << 23);
    float P = 0.5f * ((FA_GELU_A0_HI_F32 - a) + FA_GELU_A0_LO_F32);
    float v = fa_fma_f32(P, r * q, P) * sc;
    /* 2^-S as two factors built from exponent bits: with selects (S > 0 ?
     * 2^-110 : 1) gcc multiplies every lane by 2^-110 and blends, and those
     * discarded subnormal products cost a microcode assist each (the kernel
     * ran at 2/3 of its speed on normally distributed x) */
    int32_t S1 = S > 110 ? 110 : S;
    float m1 = fa_from_bits_f32((uint32_t)(127 - S1) << 23);
    float m2 = fa_from_bits_f32((uint32_t)(127 - (S - S1)) << 23);
    float yneg = g * v * m1 * m2;
    float ypos = g * (1.0f - (S > 0 ? 0.0f : v));
    return x < 0.0f ? yneg : ypos;
}

/* ------------------------------------------------------------ gelu (tanh) */

#define FA_GT_K2_F32 0x1.9884533d43651p+0    /* 2 sqrt(2/pi) */
#define FA_GT_K1_F32 0.044715                /* the cubic coefficient */

/* fa_gelu_tanh_f32: 0.5 x (1 + tanh(u)) = x / (1 + exp(-2u)),
 * u = sqrt(2/pi) (x + 0.044715 x^3).
 * -2u = x (-2 sqrt(2/pi)) (1 + 0.044715 x^2) in double: x^2 is exact and
 * -2u (which reaches ~-100 before the result underflows) has absolute
 * error ~2^-45, so the exponential keeps its 1e-10 relative accuracy;
 * exp in double (fa_dexp_f32), one division, one rounding.  The sigmoid
 * form never cancels (1 + tanh(u) does for u << 0).
 * x is clamped below at -12 (result -1e-61 rounds to -0; also avoids
 * -inf/inf), -2u below at -200 (large positive x: exp -> 0, result x).
 * gelu_tanh(-inf) = -0, gelu_tanh(inf) = inf, gelu_tanh(-0) = -0, NaN->NaN.
 * Measured max error: baseline 0.5013, avx2 0.5013, avx512 0.5013 ULP
 *   (all 2^32 inputs; worst x = -0x1.6e9e4ep+2 at avx512).
 * Cost: 97 / 87 / 71 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 9.7 / 4.4 / 2.33 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline double fa_gelu_tanh_d_f32(float x, float clamp)
{
    float xm = x < -clamp ? -clamp : x;
    double xd = (double)xm;
    double v = xd * fa_fma_f64(xd * xd, -FA_GT_K2_F32 * FA_GT_K1_F32, -FA_GT_K2_F32);
    v = v < -200.0 ? -200.0 : v;
    return xd / (1.0 + fa_dexp_f32(v));
}
static inline float fa_gelu_tanh_f32(float x) { return (float)fa_gelu_tanh_d_f32(x, 12.0f); }
/* the double value before that rounding, for callers that scale it first
 * (geglu_tanh): they clamp at 14, where a gelu_tanh(-14) is below 2^-150
 * for every float a (e^-2u there, 1e-95, is a normal double) */

/* fa_gelu_tanh_grad_f32: d/dx [x s(2u)] with s the logistic sigmoid:
 *   g = s + x s (1 - s) 2u' = s (1 + 2x u' E s),  E = exp(-2u),
 *   s = 1/(1 + E), 1 - s = E s (no cancellation), 2u' = 2 sqrt(2/pi)
 *   (1 + 3*0.044715 x^2), all in double as in fa_gelu_tanh_f32.
 * x is clamped to [-12, 12] (g = -0 below, 1 above: also keeps inf * 0
 * out of the unselected lanes).  The bracket 1 + 2x u' E s cancels at the zero
 * x1 = -0.7524614220710163... of g: for |x - x1| < 0.0105, g = d T(d),
 * d = (x - x1_hi) - x1_lo, T degree 4 (minimax relative error 3.7e-13),
 * exactly as in fa_gelu_grad_f32.
 * Measured max error: baseline 0.5038, avx2 0.5038, avx512 0.5038 ULP
 *   (all 2^32 inputs; worst x = -0x1.6fe3fp-1 at avx512).
 * Cost: 142 / 94 / 93 instructions per vectorized iteration of 4 / 8 / 16
 *   floats (baseline / avx2 / avx512), 12.1 / 4.2 / 2.84 cycles per float (TSC,
 *   4096-float array in L1, gcc 12, this AMD EPYC host) */
static inline double fa_gelu_tanh_grad_d_f32(float x)
{
    double xd = (double)fa_clamp_abs_f32(x, 12.0f), x2 = xd * xd;
    double v = xd * fa_fma_f64(x2, -FA_GT_K2_F32 * FA_GT_K1_F32, -FA_GT_K2_F32);
    double E = fa_dexp_f32(v);
    double s = 1.0 / (1.0 + E);
    double up2 = fa_fma_f64(x2, FA_GT_K2_F32 * (3.0 * FA_GT_K1_F32), FA_GT_K2_F32);
    double g = s * fa_fma_f64(xd * up2, E * s, 1.0);
    double d, gw = fa_zero_win_f32(x, FA_GTG_ZW_F32, &d);
    return fa_abs_f64(d) < 0.0105 ? gw : g;
}
/* the same, rounded to float (the double value lets callers multiply by an
 * incoming gradient before the one rounding, so a subnormal derivative is not
 * rounded twice) */
static inline float fa_gelu_tanh_grad_f32(float x) { return (float)fa_gelu_tanh_grad_d_f32(x); }

#endif /* FA_MATH_F32_H */
