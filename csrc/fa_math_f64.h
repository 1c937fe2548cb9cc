/* Float64 special functions for fastact's activation kernels.
 *
 *   fa_exp_f64  fa_expm1_f64  fa_log1p_f64  fa_tanh_f64  fa_erf_f64
 *   fa_erfc_f64  fa_ndtr_f64 (Phi)  fa_npdf_f64 (phi)  fa_gelu_f64
 *   fa_gelu_grad_f64  fa_gelu_tanh_f64  fa_gelu_tanh_grad_f64
 *
 * Everything is static inline and branch-free: both sides of every range
 * split are computed and the result is picked with ?: (compare + blend), no
 * libm call, no table, no int<->double conversion (the 0x1.8p52 shifter and
 * exponent-bit arithmetic instead), 2^n applied as two exact power-of-two
 * factors so that subnormal results are rounded once.  A loop
 * `for (i) y[i] = fa_X_f64(x[i]);` is vectorized by gcc 12 at x86-64 (SSE2,
 * FA_HAVE_FMA = 0), x86-64-v3 and x86-64-v4 with 512-bit vectors (checked
 * with -fopt-info-vec-optimized; objdump shows no call).  Fused operations
 * are written out (fa_fma_f64); where a product must be exact without FMA,
 * Dekker's (fa_two_prod_f64).  Each function needs at most one division.
 * All polynomial / rational coefficients were fitted by us in mpmath
 * (Lawson / Loeb iterations for the minimax, then the coefficients rounded
 * to double one at a time with the remaining ones refitted).
 *
 * Accuracy: max |error| in ulp of the exact result, all inputs, at the three
 * levels (gcc 12.2 -O3 -std=c11 -fno-math-errno -fno-trapping-math
 * -ffp-contract=off, plus -march=x86-64-v3 / -march=x86-64-v4
 * -mprefer-vector-width=512):
 *
 *   function           sse2     v3     v4   worst x (v4)
 *   exp               0.747  0.747  0.747   -709.015
 *   expm1             0.707  0.707  0.707   -37.0835
 *   log1p             0.825  0.825  0.825   0.403038
 *   tanh              0.560  0.560  0.560   0.176555
 *   erf               0.708  0.652  0.652   0.697385
 *   erfc              0.949  0.855  0.855   1.55638
 *   ndtr              0.870  0.761  0.761   -0.961574
 *   npdf              0.769  0.750  0.750   37.6273
 *   gelu              1.026  0.878  0.878   -0.992884
 *   gelu_grad         1.995  1.529  1.529   -0.625006
 *   gelu_tanh         0.750  0.750  0.750   -21.1822
 *   gelu_tanh_grad    1.390  1.156  1.156   0.606171
 *
 * Measured on 10^7 random doubles per function (3/8 log-uniform magnitudes
 * from 2^-60 up, both signs; 3/8 uniform over the working range, e.g.
 * [-39, 9] for Phi/gelu, [-6.5, 28] for erfc; 1/8 uniform near the central /
 * tail boundaries; for the gradients 1/8 log-uniform in the distance to
 * their zero) plus 55 special points, each run through the vectorized loop
 * of all three levels, against __float128 references (libquadmath expq,
 * expm1q, log1pq, tanhq, erfq, erfcq; Phi = erfcq(-x/sqrt2)/2, gelu-tanh in
 * the sigmoid form with the exact decimal 0.044715), 113-bit, far more
 * precise than x87 long double; and 3000 points per function aimed at the
 * tails, the subnormal results and the zero windows against mpmath at 60
 * digits (max 1.09 ulp there).  Every result is also within the package
 * bar of 4 + 2*cond ulp (cond = |x f'/f|), with at most 0.99 ulp beyond
 * 2*cond.  The gradients have interior zeros (gelu' at -0.751791524693564,
 * gelu-tanh' at -0.752461422071016) where cond is unbounded: within 1/8 of
 * them a Taylor-like window polynomial in (x - x0), x0 as hi+lo, keeps the
 * error relative (the max above includes the doubles next to the zero).
 *
 * Cost, one core of the AMD EPYC (Zen 4) build machine, loop over 2048
 * doubles in L1, ns per element (instructions per element in the vector
 * loop), sse2 / v3 / v4:
 *
 *   function                      sse2                v3                v4
 *   exp                   4.1 ns ( 42)      1.5 ns ( 13)      1.1 ns (  6)
 *   expm1                 7.5 ns ( 90)      2.4 ns ( 21)      1.6 ns ( 12)
 *   log1p                 5.7 ns ( 58)      2.0 ns ( 17)      1.3 ns (  8)
 *   tanh                  9.5 ns ( 88)      2.5 ns ( 20)      1.9 ns ( 11)
 *   erf                  24.1 ns (274)      5.2 ns ( 50)      3.8 ns ( 22)
 *   erfc                 26.7 ns (268)      5.3 ns ( 44)      3.6 ns ( 21)
 *   ndtr                 24.5 ns (246)      5.2 ns ( 42)      3.6 ns ( 20)
 *   npdf                  6.5 ns ( 62)      1.9 ns ( 16)      1.2 ns (  8)
 *   gelu                 29.1 ns (312)      6.2 ns ( 51)      4.2 ns ( 23)
 *   gelu_grad            32.7 ns (322)      7.0 ns ( 59)      4.8 ns ( 28)
 *   gelu_tanh            21.2 ns (206)      5.6 ns ( 40)      3.1 ns ( 17)
 *   gelu_tanh_grad       32.3 ns (300)      8.4 ns ( 61)      5.3 ns ( 27)
 *
 * (the machine was shared while timing: expect ~10-20% noise.)
 *
 * Conventions: NaN in -> NaN out; never NaN from a non-NaN input (except
 * log1p below -1); signed zeros kept where the function is odd at 0 or
 * x*(...) (expm1, log1p, tanh, erf, gelu, gelu_tanh); exp(-inf) = 0,
 * expm1(-inf) = -1, tanh(+-inf) = +-1, erf(+-inf) = +-1, erfc(-inf) = 2,
 * Phi(-inf) = 0, Phi(inf) = 1, phi(+-inf) = 0, gelu(inf) = inf,
 * gelu(-inf) = -0.0, gelu'(inf) = 1; gelu'(-inf) and gelu-tanh'(-inf) are
 * -0.0 (the limit is approached from below, like gelu's).  gelu-tanh uses
 * sqrt(2/pi) and the exact decimal 0.044715 (both as hi+lo). */

#ifndef FA_MATH_F64_H
#define FA_MATH_F64_H

#include "fa_fp.h"

/* ---------------------------------------------------------------- helpers */

#define FA_SHIFT_F64 0x1.8p52                 /* 2^52+2^51: x+SHIFT rounds x to an integer */
#define FA_SHIFT_BITS_F64 UINT64_C(0x4338000000000000)

/* Fast2Sum: a+b == s + *e exactly, valid when |a| >= |b| (or a == 0). */
static inline double fa_m_fast2sum_f64(double a, double b, double *e)
{
    double s = a + b;
    *e = b - (s - a);
    return s;
}

/* c - a*b with the product exact and one final rounding: a real FMA, or
 * (without FMA) Dekker's product.  Used only where c ~= a*b, so that c - hi
 * is exact (Sterbenz). */
static inline double fa_m_resid_f64(double a, double b, double c)
{
#if FA_HAVE_FMA
    return __builtin_fma(-a, b, c);
#else
    double l, h = fa_two_prod_f64(a, b, &l);
    return (c - h) - l;
#endif
}

/* c[0] + c[1] x + ... + c[n-1] x^(n-1), evaluated as two interleaved Horner
 * chains in x^2 (shorter dependency chain, same operation count). */
static inline double fa_m_poly2_f64(double x, const double *c, int n)
{
    double x2 = x * x;
    int ne = (n + 1) / 2, no = n / 2;
    double pe = c[2 * (ne - 1)];
    for (int i = ne - 2; i >= 0; i--)
        pe = fa_fma_f64(pe, x2, c[2 * i]);
    if (no == 0)
        return pe;
    double po = c[2 * (no - 1) + 1];
    for (int i = no - 2; i >= 0; i--)
        po = fa_fma_f64(po, x2, c[2 * i + 1]);
    return fa_fma_f64(po, x, pe);
}

/* Plain Horner (no rounded x^2: for |x| > 1 its error would be amplified by
 * the polynomial's degree). */
static inline double fa_m_horner_f64(double x, const double *c, int n)
{
    double p = c[n - 1];
    for (int i = n - 2; i >= 0; i--)
        p = fa_fma_f64(p, x, c[i]);
    return p;
}

/* 2^k for an integer-valued double k in [-1022, 1023] (bit construction). */
static inline double fa_m_pow2_f64(double k)
{
    return fa_from_bits_f64((fa_bits_f64(k + FA_SHIFT_F64) + 1023u) << 52);
}

/* y * 2^n where n is encoded as kb = bits(n + FA_SHIFT_F64), |n| <= 2044.
 * Two exact power-of-two factors (each within the normal range), so the
 * only rounding is the last product: overflow gives inf and subnormal
 * results are rounded once, correctly. */
static inline double fa_m_scale_f64(double y, uint64_t kb)
{
    uint64_t m = kb - (FA_SHIFT_BITS_F64 - 2048u); /* n + 2048 >= 0 */
    uint64_t h = m >> 1;                            /* floor(n/2) + 1024 */
    double s1 = fa_from_bits_f64((h - 1u) << 52);
    double s2 = fa_from_bits_f64((m - h - 1u) << 52);
    return (y * s1) * s2;
}

/* ------------------------------------------------------------- exp core */

#define FA_INVLN2_F64 0x1.71547652b82fep+0
#define FA_LN2HI_F64 0x1.62e42fee00000p-1 /* 32 significant bits: n*LN2HI exact */
#define FA_LN2LO_F64 0x1.a39ef35793c76p-33

/* e^(xh + xl) = 2^n * (1 + rh + *q), |rh| <~ ln2/2, |*q| <~ 0.06 + |xl|.
 * Caller keeps xh in [-1400, 710] and |xl| <= ulp(xh).
 * n = round(xh/ln2) via the shifter (no int conversion); *nd = n as a double,
 * *kb = bits(n + SHIFT) for fa_m_scale_f64.  rh = xh - n*ln2hi is exact
 * (Cody-Waite, ln2hi has 32 bits); the rest r = rh + rl goes into
 * e^r - 1 - r = r^2/2 + r^3 P(r), P of degree 9 on |r| <= 0.3472, fitted by
 * us (Lawson minimax in mpmath, coefficients rounded one at a time with the
 * rest refitted, weight |r|^3/|e^r - 1| so that it also serves expm1):
 * |error| < 2^-61.6 relative to e^r - 1 (and to e^r).
 * Returning rh and q unevaluated lets callers fold 1 + rh + q into their own
 * final sum with one rounding. */
static const double FA_EXP_P_F64[10] = {
    0x1.5555555555559p-3, 0x1.5555555555559p-5, 0x1.111111110f707p-7,
    0x1.6c16c16c16b7bp-10, 0x1.a01a01afa682bp-13, 0x1.a01a019d19471p-16,
    0x1.71ddf907f9adfp-19, 0x1.27e4fae0dbdcep-22, 0x1.af5d7f97fe604p-26,
    0x1.1f36c24490e39p-29};

static inline double fa_m_exp_core_f64(double xh, double xl, double *q, double *nd,
                                       uint64_t *kb)
{
    double t = fa_fma_f64(xh, FA_INVLN2_F64, FA_SHIFT_F64);
    double n = t - FA_SHIFT_F64;
    double rh = xh - n * FA_LN2HI_F64;
    double rl = xl - n * FA_LN2LO_F64;
    double r = rh + rl;
    double dr = rl - (r - rh); /* rh + rl = r + dr */
    double p = fa_fma_f64(r, fa_m_poly2_f64(r, FA_EXP_P_F64, 10), 0.5);
    *q = fa_fma_f64(r * r, p, fa_fma_f64(r, dr, rl)); /* (r+dr)^2 P ~ r^2 P + r dr */
    *nd = n;
    *kb = fa_bits_f64(t);
    return rh;
}

/* (h + l) (1 + rh + q) (1 + e) = result + *lo, for the exp core's output and
 * a relative correction e ~ 2^-53: 1 + rh is split exactly (Fast2Sum) and
 * h (1 + rh)_hi taken exactly (TwoProd), so every other term is < 0.07 h and
 * the caller's result + lo is the only full-size rounding. */
static inline double fa_m_mul_exp_f64(double h, double l, double rh, double q, double e,
                                      double *lo)
{
    double oe, o = fa_m_fast2sum_f64(1.0, rh, &oe);
    double pl, ph = fa_two_prod_f64(h, o, &pl);
    double t = oe + q;
    double ops = o + t;
    *lo = fa_fma_f64(h, fa_fma_f64(e, ops, t), fa_fma_f64(l, ops, pl));
    return ph;
}

/* fa_exp_f64: e^x.  n = round(x/ln2), r = x - n ln2 (Cody-Waite), core
 * polynomial above (degree 12 in r in all); 1 + rh is split exactly
 * (Fast2Sum) so the result is rounded once before the 2^n scaling.  x
 * clamped to [-746, 709.8] (inf / 0 come out of the scaling, NaN passes
 * through the compares).
 * Max error (measured, see the top of the file): sse2 0.75, v3 0.75, v4 0.75 ulp. */
static inline double fa_exp_f64(double x)
{
    double xc = x > 709.8 ? 709.8 : x;
    xc = xc < -746.0 ? -746.0 : xc;
    double q, nd;
    uint64_t kb;
    double rh = fa_m_exp_core_f64(xc, 0.0, &q, &nd, &kb);
    double ue, u = fa_m_fast2sum_f64(1.0, rh, &ue);
    return fa_m_scale_f64(u + (ue + q), kb);
}

/* Core for expm1/tanh: e^x - 1 = 2^n (1 + rh + qh + ql) - 1 with the r^2/2
 * term exact (qh = r^2/2 rounded from TwoProd, its error in ql): for n = 1
 * the result can be as small as 0.42 while q = r^2/2 + ... is 0.06*2, so q's
 * own rounding must not count. */
static inline double fa_m_expm1_core_f64(double x, double *qh, double *ql, double *nd)
{
    double t = fa_fma_f64(x, FA_INVLN2_F64, FA_SHIFT_F64);
    double n = t - FA_SHIFT_F64;
    double rh = x - n * FA_LN2HI_F64;
    double rl = -n * FA_LN2LO_F64;
    double r = rh + rl;
    double dr = rl - (r - rh);
    double r2l, r2h = fa_two_prod_f64(r, r, &r2l);
    double p3 = fa_m_poly2_f64(r, FA_EXP_P_F64, 10);
    *qh = 0.5 * r2h;
    *ql = fa_fma_f64(r2h * r, p3, fa_fma_f64(0.5, r2l, fa_fma_f64(r, dr, rl)));
    *nd = n;
    return rh;
}

/* e^x - 1 for the core's output as hi + *lo with a = 2^n (n <= 58):
 * (a - 1) + a rh + a qh summed exactly (a - 1 split by Fast2Sum, inexact
 * only for n > 53; two TwoSums; products by a are exact), a ql and the
 * errors in *lo. */
static inline double fa_m_expm1_sum_f64(double a, double rh, double qh, double ql, double *lo)
{
    double am1 = a - 1.0;
    double am1l = -1.0 - (am1 - a);
    double ue, u = fa_two_sum_f64(am1, a * rh, &ue);
    double ve, v = fa_two_sum_f64(u, a * qh, &ve);
    *lo = fa_fma_f64(a, ql, (ue + ve) + am1l);
    return v;
}

/* fa_expm1_f64: e^x - 1 = b ((a - 1) + a (rh + qh + ql)) with a = 2^min(n,58),
 * b = 2^(n - min(n,58)): relative accuracy near 0 (for n = 0 this is
 * x + x^2/2 + ...), the final add is the only full-size rounding.  For n > 58
 * the "-1" is below 2^-58 relative and b takes the exponent to overflow.
 * x clamped to [-40, 710] (expm1(-inf) = -1, inf -> inf, -0 -> -0).
 * Max error (measured, see the top of the file): sse2 0.71, v3 0.71, v4 0.71 ulp. */
static inline double fa_expm1_f64(double x)
{
    double xc = x > 710.0 ? 710.0 : x;
    xc = xc < -40.0 ? -40.0 : xc;
    double qh, ql, nd;
    double rh = fa_m_expm1_core_f64(xc, &qh, &ql, &nd);
    double na = nd > 58.0 ? 58.0 : nd;
    double a = fa_m_pow2_f64(na), b = fa_m_pow2_f64(nd - na);
    double lo, hi = fa_m_expm1_sum_f64(a, rh, qh, ql, &lo);
    double y = b * (hi + lo);
    return x == 0.0 ? x : y;
}

/* fa_tanh_f64: tanh|x| = T/(T+2), T = expm1(2|x|) as Th + Tl (expm1's exact
 * sum; |x| clamped to 19.5 where tanh rounds to 1).  One division 1/Dh
 * (D = T + 2 = Dh + Dl); the quotient Th/D is corrected by its exact
 * residual, so the result is rounded once.  Sign restored by bits
 * (tanh(-0) = -0, NaN passes).
 * Max error (measured, see the top of the file): sse2 0.56, v3 0.56, v4 0.56 ulp. */
static inline double fa_tanh_f64(double x)
{
    uint64_t sgn = fa_bits_f64(x) & UINT64_C(0x8000000000000000);
    double ax = fa_abs_f64(x);
    double xc = ax > 19.5 ? 19.5 : ax;
    double qh, ql, nd;
    double rh = fa_m_expm1_core_f64(2.0 * xc, &qh, &ql, &nd);
    double a = fa_m_pow2_f64(nd);
    double lo, hi = fa_m_expm1_sum_f64(a, rh, qh, ql, &lo);
    double Tl, Th = fa_m_fast2sum_f64(hi, lo, &Tl);
    double Dl, Dh = fa_two_sum_f64(Th, 2.0, &Dl);
    Dl += Tl;
    double inv = 1.0 / Dh;
    double qq = Th * inv;
    double res = fa_m_resid_f64(qq, Dh, Th) + fa_fma_f64(-qq, Dl, Tl);
    double y = fa_fma_f64(res, inv, qq);
    return fa_from_bits_f64(fa_bits_f64(y) | sgn);
}

/* ----------------------------------------------------------------- log1p */

/* fa_log1p_f64: u = 1 + x rounded, c = (1 + x) - u exactly (TwoSum).
 * u = 2^k m with m in [sqrt(1/2), sqrt(2)) by integer bit arithmetic (k to
 * double by the 0x1p52 exponent trick, no int->double conversion), f = m - 1
 * exact (f = x itself when k = 0).  The classic atanh reduction (as in
 * fdlibm's log1p): log(1+f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f/(2+f)
 * (the single division), R(z) = z (L1 + ... + L7 z^6) on z <= 0.0295,
 * coefficients ours: |error| < 2^-59.5 relative to log(1+f).  The rounding
 * of 1 + x (k != 0) enters as c 2^-k / m ~= c 2^-k (1-f)(1+f^2) (relative
 * error f^4 of a term below 1 ulp).  Specials by select: -1 -> -inf,
 * < -1 -> NaN, +inf -> +inf, -0 -> -0.
 * Max error (measured, see the top of the file): sse2 0.82, v3 0.82, v4 0.82 ulp. */
static const double FA_LOG_P_F64[7] = {
    0x1.5555555555592p-1, 0x1.999999997fee9p-2, 0x1.24924941e3fabp-2,
    0x1.c71c521248199p-3, 0x1.74663d547bfaep-3, 0x1.39a1decac2581p-3,
    0x1.2f041921322cap-3};

static inline double fa_log1p_f64(double x)
{
    double c, u = fa_two_sum_f64(1.0, x, &c);
    uint64_t hu = fa_bits_f64(u) + (UINT64_C(0x3ff0000000000000) - UINT64_C(0x3fe6a09e667f3bcd));
    uint64_t ke = hu >> 52; /* k + 1023 */
    double kd = fa_from_bits_f64(UINT64_C(0x4330000000000000) | ke) - (0x1p52 + 1023.0);
    double m = fa_from_bits_f64((hu & UINT64_C(0x000fffffffffffff)) + UINT64_C(0x3fe6a09e667f3bcd));
    /* k = 0: f = x exactly and no correction (tiny x: log1p = x - x^2/2) */
    double f = kd == 0.0 ? x : m - 1.0;
    /* c * 2^-k; for k > 1000 it is negligible (and 2^-k not a normal) */
    double pk = fa_from_bits_f64((2046u - ke) << 52);
    double cs = (kd > 1000.0 || kd == 0.0) ? 0.0 : c * pk;
    double corr = (cs * (1.0 - f)) * fa_fma_f64(f, f, 1.0);
    double s = f / (2.0 + f);
    double z = s * s;
    double R = z * fa_m_poly2_f64(z, FA_LOG_P_F64, 7);
    double hfsq = 0.5 * f * f;
    double y = kd * FA_LN2HI_F64 -
               ((hfsq - (s * (hfsq + R) + fa_fma_f64(kd, FA_LN2LO_F64, corr))) - f);
    y = x == __builtin_inf() ? x : y;
    y = x == -1.0 ? -__builtin_inf() : y;
    y = x < -1.0 ? __builtin_nan("") : y;
    y = x != x ? x : y;
    return x == 0.0 ? x : y;
}

/* ------------------------------------------------- normal / error function */

#define FA_ISQRT2PI_H_F64 0x1.9884533d43651p-2   /* 1/sqrt(2 pi) = H + L */
#define FA_ISQRT2PI_L_F64 (-0x1.cbc0d30ebfd15p-56)
#define FA_SQRT2OPI_H_F64 0x1.9884533d43651p-1   /* sqrt(2/pi) */
#define FA_SQRT2OPI_L_F64 (-0x1.cbc0d30ebfd15p-55)
#define FA_2OSQRTPI_H_F64 0x1.20dd750429b6dp+0   /* 2/sqrt(pi) */
#define FA_2OSQRTPI_L_F64 0x1.1ae3a914fed80p-56
#define FA_SQRT2_H_F64 0x1.6a09e667f3bcdp+0
#define FA_SQRT2_L_F64 (-0x1.bdd3413b26456p-54)

/* Central pieces, |x| < 1 (normal) or |z| < 1/sqrt(2) (erf), polynomials in
 * t = x^2 (resp. z^2) of degree 10 whose constant term is split hi+lo:
 *   (Phi(x) - 1/2)/x       = c0 + t P_phic(t),  c0 = 1/sqrt(2pi)
 *   erf(z)/z               = e0 + t P_erf(t),   e0 = 2/sqrt(pi)
 *   (gelu'(x) - 1/2)/x     = g0 + t P_ggc(t),   g0 = sqrt(2/pi)
 * P of degree 9 on t in [0, 1] (resp. [0, 1/2]), fitted by us (Lawson
 * minimax in mpmath, weights = the amplification into the final results
 * incl. the cancellation 1/2 - |x| C at x -> -1, coefficients rounded one at
 * a time and the rest refitted): errors < 2^-62, 2^-62 relative to Phi,
 * erfc, and < 2^-59.6 absolute for gelu'.  Evaluated by plain Horner (t <= 1,
 * the constant term dominates). */
static const double FA_PHIC_P_F64[10] = {
    -0x1.1058377e2ceddp-4, 0x1.46d0429768e04p-7, -0x1.37403f6b86e4bp-10,
    0x1.e42b0d467f333p-14, -0x1.3ce8f93b0a367p-17, 0x1.6589e066dafbap-21,
    -0x1.621b588024192p-25, 0x1.37f88fd12f6efp-29, -0x1.e5914c798c0b4p-34,
    0x1.1b78cea860ad7p-38};
static const double FA_ERF_P_F64[10] = {
    -0x1.812746b0379e1p-2, 0x1.ce2f21a0425a1p-4, -0x1.b82ce3125f617p-6,
    0x1.565bcd0578cf7p-8, -0x1.c02db1b0f9dd0p-11, 0x1.f9a2c5e879ae5p-14,
    -0x1.f4c7f3c213b79p-17, 0x1.b92c4e42cf627p-20, -0x1.57339a79ccbe5p-23,
    0x1.8ffd4337c3f85p-27};
static const double FA_GGC_P_F64[10] = {
    -0x1.1058377e2ced2p-2, 0x1.ea3863e31c991p-5, -0x1.37403f6b638a4p-7,
    0x1.2e9ae8451886dp-10, -0x1.db5d7440e8affp-14, 0x1.38d887ba1f560p-17,
    -0x1.6218d7154351fp-21, 0x1.5ed5851d4d1bep-25, -0x1.2e789f92db67cp-29,
    0x1.7f43c678f0452p-34};

/* x (c0h + c0l + t P(t)) = ph + x3h p + rest, t = x^2 exact (th + tl):
 * ph = x c0h exact (TwoProd), x^3 = x3h + x3l exact-ish (TwoProd), so the
 * caller can fold x3h*p into one fused final correction: the only roundings
 * that matter are p's own (it is < 0.35 of the result) and the last add. */
static inline double fa_m_central_f64(double x, const double *P, double c0h, double c0l,
                                      double *x3h, double *p, double *rest)
{
    double tl, th = fa_two_prod_f64(x, x, &tl);
    double pp = fa_m_horner_f64(th, P, 10);
    double x3l, x3 = fa_two_prod_f64(x, th, &x3l);
    x3l = fa_fma_f64(x, tl, x3l);
    double pl, ph = fa_two_prod_f64(x, c0h, &pl);
    *rest = fa_fma_f64(x3l, pp, fa_fma_f64(x, c0l, pl));
    *x3h = x3;
    *p = pp;
    return ph;
}

/* Tail, a >= 1 (a = ah + al): Mills ratio R(a) = Q(a)/phi(a) = 1/(a + J(a)),
 * Q(a) = 1 - Phi(a).  J(a) (~ 1/a at infinity) is a rational of degree
 * (6, 7) in d = a - 1 on [1, 5] and in d = a - 5 on [5, 40] (coefficients
 * selected per lane; all positive), fitted by us (Loeb/Lawson iteration in
 * mpmath, weight 1/V): |J error|/V < 2^-57.7.  J enters V = a + J with weight
 * J/V <= 0.35, so the evaluation error of P and Q (plain Horner in d,
 * ~1 ulp each) costs <= ~0.3 ulp at a = 1 and nothing at large a.
 * R = q/(a q + p) with the denominator summed exactly and the quotient
 * corrected by its residual: returns Rh and *rl with R = Rh + rl to ~2^-100
 * relative beyond P and Q's own rounding.  One division. */
static const double FA_MILLS_P1_F64[7] = {
    0x1.0cde87ea2cb83p-1, 0x1.cafcb6e60f6efp-2, 0x1.7b0c25e40f69cp-3,
    0x1.72248a61df5fdp-5, 0x1.bd4a79bb2c540p-8, 0x1.3721badedfb50p-11,
    0x1.8b04926a89abdp-16};
static const double FA_MILLS_Q1_F64[7] = {
    0x1.3b915c97f5e71p+0, 0x1.6abc3d90718f6p-1, 0x1.f0b636a57f9ddp-3,
    0x1.b32a96afaa39ap-5, 0x1.e741ab4e6dee2p-8, 0x1.437ad50f2a2f4p-11,
    0x1.8b03f99eb7601p-16};
static const double FA_MILLS_P2_F64[7] = {
    0x1.7df5cabb09baep-3, 0x1.23beaad9560a9p-3, 0x1.8089f8f02ebf2p-5,
    0x1.1795116b09b2ep-7, 0x1.d8f709245b1abp-11, 0x1.b98ca0a3f39e5p-15,
    0x1.63f0317eb1019p-20};
static const double FA_MILLS_Q2_F64[7] = {
    0x1.e0d493b242fe6p-1, 0x1.8c99937f0bfa8p-2, 0x1.747b40e2079c5p-4,
    0x1.ae66227f0b40ap-7, 0x1.322b75c36bb4bp-10, 0x1.f12a286033ad7p-15,
    0x1.63f0317e9b737p-20};

static inline double fa_m_mills_f64(double ah, double al, double *rl)
{
    int big = ah > 5.0;
    double d = ah - (big ? 5.0 : 1.0);
    double p = big ? FA_MILLS_P2_F64[6] : FA_MILLS_P1_F64[6];
    double q = big ? FA_MILLS_Q2_F64[6] : FA_MILLS_Q1_F64[6];
    for (int i = 5; i >= 1; i--) {
        p = fa_fma_f64(p, d, big ? FA_MILLS_P2_F64[i] : FA_MILLS_P1_F64[i]);
        q = fa_fma_f64(q, d, big ? FA_MILLS_Q2_F64[i] : FA_MILLS_Q1_F64[i]);
    }
    q = fa_fma_f64(q, d, big ? FA_MILLS_Q2_F64[0] : FA_MILLS_Q1_F64[0]);
    /* last Horner steps with their rounding errors kept (exact with FMA
     * near a = 1 / a = 5, where J/V matters most) */
    double p0 = big ? FA_MILLS_P2_F64[0] : FA_MILLS_P1_F64[0];
    double ph = fa_fma_f64(p, d, p0);
    double pl = fa_fma_f64(p, d, p0 - ph);
    double qh = fa_fma_f64(q, d, 1.0);
    double ql = fa_fma_f64(q, d, 1.0 - qh);
    /* R = 1/(a + p/q) = q/D, D = a q + p summed exactly (TwoProd, TwoSum) */
    double dl, dh = fa_two_prod_f64(ah, qh, &dl);
    double de, Dh = fa_two_sum_f64(dh, ph, &de);
    double Dl = fa_fma_f64(ah, ql, fa_fma_f64(al, qh, (dl + de) + pl));
    double inv = 1.0 / Dh;
    double rh = qh * inv;
    *rl = ((fa_m_resid_f64(rh, Dh, qh) + ql) - rh * Dl) * inv;
    return rh;
}

/* C * R(a) * e^-E for the tails: with exp(-(Eh+El)) = 2^n (1 + rh + q) and
 * 1/V = Rh + Rl, returns Bh and *At such that the value is 2^n (Bh + At),
 * |At| < 0.07 Bh, so the caller's final add is the only full-size rounding. */
static inline double fa_m_ntail_f64(double ah, double al, double Eh, double El,
                                    double ch, double cl, double *At, uint64_t *kb)
{
    double q, nd;
    double rh = fa_m_exp_core_f64(-Eh, -El, &q, &nd, kb);
    double Rl, Rh = fa_m_mills_f64(ah, al, &Rl);
    double Bl, Bh = fa_two_prod_f64(ch, Rh, &Bl);
    Bl = fa_fma_f64(cl, Rh, fa_fma_f64(ch, Rl, Bl));
    return fa_m_mul_exp_f64(Bh, Bl, rh, q, 0.0, At);
}

/* fa_ndtr_f64: Phi(x).
 * |x| < 1: 1/2 + x C(t) (central polynomial, 1/2 + x c0h by Fast2Sum).
 * |x| >= 1: Q(|x|) = 2^n (Bh + At) with E = x^2/2 exact (TwoProd), |x|
 * clamped to 40 (Q underflows at 38.5); Phi = Q for x < 0 (relative accuracy
 * down to the subnormals, one rounding in the 2^n scaling), 1 - Q for x > 0.
 * Both branches are always computed and selected (no branches).
 * Max error (measured, see the top of the file): sse2 0.87, v3 0.76, v4 0.76 ulp. */
static inline double fa_ndtr_f64(double x)
{
    double x3, p, rest;
    double ph = fa_m_central_f64(x, FA_PHIC_P_F64, FA_ISQRT2PI_H_F64, FA_ISQRT2PI_L_F64, &x3, &p, &rest);
    double ue, u = fa_m_fast2sum_f64(0.5, ph, &ue);
    double yc = u + fa_fma_f64(x3, p, ue + rest);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double At;
    uint64_t kb;
    double Bh = fa_m_ntail_f64(a, 0.0, 0.5 * Eh, 0.5 * El, FA_ISQRT2PI_H_F64, FA_ISQRT2PI_L_F64,
                               &At, &kb);
    double Q = fa_m_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? Q : 1.0 - Q;
    y = ax < 1.0 ? yc : y;
    return x != x ? x : y;
}

/* fa_npdf_f64: phi(x) = c e^(-x^2/2), x^2/2 exact (TwoProd), c = 1/sqrt(2pi)
 * as hi+lo, rounded once (fa_m_mul_exp_f64), then 2^n.
 * Max error (measured, see the top of the file): sse2 0.77, v3 0.75, v4 0.75 ulp. */
static inline double fa_npdf_f64(double x)
{
    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double q, nd;
    uint64_t kb;
    double rh = fa_m_exp_core_f64(-0.5 * Eh, -0.5 * El, &q, &nd, &kb);
    double t, h = fa_m_mul_exp_f64(FA_ISQRT2PI_H_F64, FA_ISQRT2PI_L_F64, rh, q, 0.0, &t);
    return fa_m_scale_f64(h + t, kb);
}

/* erf / erfc share: central |z| < 1/sqrt(2): erf = z (e0 + t P_erf(t)) as
 * hi+lo; tail: erfc(|z|) = 2 Q(sqrt2 |z|) = sqrt(2/pi) e^(-z^2) R(a), with
 * a = sqrt2 |z| as hi+lo (TwoProd; the lo part enters V = a + J exactly) and
 * z^2 exact (TwoProd), |z| clamped to 28 (erfc underflows at 27.3). */
static inline double fa_m_erfc_tail_f64(double az, double *At, uint64_t *kb)
{
    double z = az > 28.0 ? 28.0 : az;
    double al, ah = fa_two_prod_f64(z, FA_SQRT2_H_F64, &al);
    al = fa_fma_f64(z, FA_SQRT2_L_F64, al);
    double El, Eh = fa_two_prod_f64(z, z, &El);
    return fa_m_ntail_f64(ah, al, Eh, El, FA_SQRT2OPI_H_F64, FA_SQRT2OPI_L_F64, At, kb);
}

/* fa_erf_f64: central: z e0h (exact) + rest; |z| >= 1/sqrt2: 1 - erfc(|z|)
 * with erfc as hi + lo (Fast2Sum with 1).  Odd: computed on |z|, sign by
 * bits (erf(-0) = -0).
 * Max error (measured, see the top of the file): sse2 0.71, v3 0.65, v4 0.65 ulp. */
static inline double fa_erf_f64(double x)
{
    uint64_t sgn = fa_bits_f64(x) & UINT64_C(0x8000000000000000);
    double az = fa_abs_f64(x);
    double x3, p, rest;
    double ph = fa_m_central_f64(az, FA_ERF_P_F64, FA_2OSQRTPI_H_F64, FA_2OSQRTPI_L_F64, &x3, &p, &rest);
    double yc = ph + fa_fma_f64(x3, p, rest);
    double At;
    uint64_t kb;
    double Bh = fa_m_erfc_tail_f64(az, &At, &kb);
    double vh = fa_m_scale_f64(Bh, kb), vt = fa_m_scale_f64(At, kb);
    double ue, u = fa_m_fast2sum_f64(1.0, -vh, &ue);
    double y = u + (ue - vt);
    y = az < 0x1.6a09e667f3bcdp-1 ? yc : y;
    y = fa_from_bits_f64(fa_bits_f64(y) | sgn);
    return x != x ? x : y;
}

/* fa_erfc_f64: central 1 - erf (Fast2Sum: 1 - z e0h exact split); tail
 * 2^n (Bh + At) for z > 0 (relative accuracy to the subnormals), 2 - that
 * for z < 0.
 * Max error (measured, see the top of the file): sse2 0.95, v3 0.85, v4 0.85 ulp. */
static inline double fa_erfc_f64(double x)
{
    double az = fa_abs_f64(x);
    double x3, p, rest;
    double ph = fa_m_central_f64(x, FA_ERF_P_F64, FA_2OSQRTPI_H_F64, FA_2OSQRTPI_L_F64, &x3, &p, &rest);
    double ue, u = fa_m_fast2sum_f64(1.0, -ph, &ue);
    double yc = u + fa_fma_f64(-x3, p, ue - rest);
    double At;
    uint64_t kb;
    double Bh = fa_m_erfc_tail_f64(az, &At, &kb);
    double v = fa_m_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? 2.0 - v : v;
    y = az < 0x1.6a09e667f3bcdp-1 ? yc : y;
    return x != x ? x : y;
}

/* fa_gelu_f64: x Phi(x).  |x| < 1: x (1/2 + x C) with 1/2 + x C as hi+lo,
 * times x by TwoProd.  x <= -1: x Q(|x|) = 2^n x (Bh + At) -- no 1 + erf
 * cancellation, relative accuracy down to the subnormals.  x >= 1:
 * x - x Q(x).  x clamped to [-40, 40] inside (gelu(-inf) = -0, gelu(inf) =
 * inf, never inf*0).
 * Max error (measured, see the top of the file): sse2 1.03, v3 0.88, v4 0.88 ulp. */
static inline double fa_gelu_f64(double x)
{
    double x3, p, rest;
    double ph = fa_m_central_f64(x, FA_PHIC_P_F64, FA_ISQRT2PI_H_F64, FA_ISQRT2PI_L_F64, &x3, &p, &rest);
    double ue, u = fa_m_fast2sum_f64(0.5, ph, &ue);
    double pl = fa_fma_f64(x3, p, ue + rest);
    double gl, gh = fa_two_prod_f64(x, u, &gl);
    double yc = gh + fa_fma_f64(x, pl, gl);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double xc = x < 0.0 ? -a : a;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double At;
    uint64_t kb;
    double Bh = fa_m_ntail_f64(a, 0.0, 0.5 * Eh, 0.5 * El, FA_ISQRT2PI_H_F64, FA_ISQRT2PI_L_F64,
                               &At, &kb);
    double ml, mh = fa_two_prod_f64(xc, Bh, &ml);
    double yn = fa_m_scale_f64(mh + fa_fma_f64(xc, At, ml), kb);
    double yp = x - xc * fa_m_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? yn : yp;
    y = ax < 1.0 ? yc : y;
    y = x == 0.0 ? x : y;
    return x != x ? x : y;
}

/* Window around a simple zero x0 = x0h + x0l of a gradient (cond = |x g'/g|
 * is unbounded there, and Phi + x phi cancels completely): with
 * dh = x - x0h (exact there, Sterbenz) and d = dh - x0l,
 * g(x) = d (c0h + c0l + d P(d)), P of degree 10 (minimax, fitted by us in
 * mpmath with the coefficients rounded one at a time and the rest refitted,
 * |d| <= 1/8, relative error < 2^-60.1).  dh*c0h is taken exactly
 * (TwoProd), so the result is relative-accurate right up to the zero. */
static inline double fa_m_zero_win_f64(double x, double x0h, double x0l, const double *c)
{
    double dh = x - x0h;
    double d = dh - x0l;
    double p = fa_m_horner_f64(d, c + 2, 11);
    double gl, gh = fa_two_prod_f64(dh, c[0], &gl);
    return gh + (gl + fa_fma_f64(d, fa_fma_f64(d, p, c[1]), -x0l * c[0]));
}

#define FA_GG_X0H_F64 (-0x1.80ead197f00b4p-1)
#define FA_GG_X0L_F64 0x1.13e74c58cada8p-56
static const double FA_GG_ZW_F64[13] = {
    0x1.b9d98fa5a3215p-2, 0x1.f7c1a23190c7cp-56, 0x1.8d9a941de3ac5p-2,
    -0x1.2a2ef9bb865b7p-6, -0x1.d2fa4c17c7685p-4, -0x1.e4088244f1270p-7,
    0x1.3e346dec9b26bp-6, 0x1.297b9d54d18e5p-8, -0x1.258a620037797p-9,
    -0x1.8680668992383p-11, 0x1.869c64b524536p-13, 0x1.681b783f9cf23p-14,
    -0x1.3aaffebd35302p-17};

/* fa_gelu_grad_f64: Phi(x) + x phi(x).
 * |x| < 1: 1/2 + x G(t), G = g0 + t P_ggc(t): 1/2 + x g0 + x^3 p0 summed
 * exactly, so the cancellation towards the zero x0 = -0.75179 leaves an
 * absolute error of ~2^-59; within 1/8 of x0 the zero window
 * (fa_m_zero_win_f64, degree 12 in x - x0) takes over, relative accuracy up to
 * the zero.
 * x <= -1: phi(a) (R(a) - a) = 2^n c (1 + s) (Rh - a + Rl), Rh - a by
 * TwoSum (no cancellation: R < 0.66 < a).  x >= 1: 1 + phi(a)(a - R(a)),
 * a small (< 0.1) positive term.
 * Max error (measured, see the top of the file): sse2 2.00, v3 1.53, v4 1.53 ulp. */
static inline double fa_gelu_grad_f64(double x)
{
    /* central: 1/2 + x g0 + x^3 p0 + x^5 P'(t), the first three summed
     * exactly (TwoProd, Fast2Sum, Sterbenz near x0), so near the zero the
     * roundings are relative to ~|x^5 P'| < 0.01 instead of 0.5 */
    double tl, th = fa_two_prod_f64(x, x, &tl);
    double inner = fa_m_horner_f64(th, FA_GGC_P_F64 + 1, 9);
    double p = fa_fma_f64(inner, th, FA_GGC_P_F64[0]);
    double x3l, x3 = fa_two_prod_f64(x, th, &x3l);
    x3l = fa_fma_f64(x, tl, x3l);
    double pl, ph = fa_two_prod_f64(x, FA_SQRT2OPI_H_F64, &pl);
    double ue, u = fa_m_fast2sum_f64(0.5, ph, &ue);
    double ml, mh = fa_two_prod_f64(x3, FA_GGC_P_F64[0], &ml);
    double s1e, s1 = fa_two_sum_f64(u, mh, &s1e);
    double x5l, x5 = fa_two_prod_f64(x3, th, &x5l);
    double c = (ue + s1e) +
               (pl + ml + fa_fma_f64(x, FA_SQRT2OPI_L_F64, fa_fma_f64(x5l, inner, x3l * p)));
    double yc = fa_fma_f64(x5, inner, s1 + c);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double q, nd;
    uint64_t kb;
    double rh = fa_m_exp_core_f64(-0.5 * Eh, -0.5 * El, &q, &nd, &kb);
    double Rl, Rh = fa_m_mills_f64(a, 0.0, &Rl);
    double ops = 1.0 + (rh + q);
    /* x <= -1: W = Rh - a + Rl */
    double wl, wh = fa_two_sum_f64(Rh, -a, &wl);
    wl += Rl;
    double Bl, Bh = fa_two_prod_f64(FA_ISQRT2PI_H_F64, wh, &Bl);
    Bl = fa_fma_f64(FA_ISQRT2PI_L_F64, wh, fa_fma_f64(FA_ISQRT2PI_H_F64, wl, Bl));
    double At, Gh = fa_m_mul_exp_f64(Bh, Bl, rh, q, 0.0, &At);
    double yn = fa_m_scale_f64(Gh + At, kb);
    /* x >= 1 */
    double w2 = (a - Rh) - Rl;
    double yp = 1.0 + fa_m_scale_f64(FA_ISQRT2PI_H_F64 * ops * w2, kb);
    double y = x < 0.0 ? yn : yp;
    y = ax < 1.0 ? yc : y;
    double yz = fa_m_zero_win_f64(x, FA_GG_X0H_F64, FA_GG_X0L_F64, FA_GG_ZW_F64);
    y = fa_abs_f64(x - FA_GG_X0H_F64) < 0.125 ? yz : y;
    return x != x ? x : y;
}

/* ------------------------------------------------------- tanh-form GELU */

#define FA_GT2_H_F64 0x1.9884533d43651p+0    /* 2 sqrt(2/pi) = H + L */
#define FA_GT2_L_F64 (-0x1.cbc0d30ebfd15p-54)
#define FA_GT2K_H_F64 0x1.2444f2a4d8b4bp-4   /* 2 sqrt(2/pi) * 0.044715 (exact decimal) */
#define FA_GT2K_L_F64 (-0x1.6c843a29d1c70p-61)

/* w = 2u = T1 + T3 with T1 = c2 x, T3 = c2k x^3, each double-double (x^3
 * from two exact TwoProds): |w| reaches ~745 before x sigma(w) underflows,
 * so w needs ~2^-65 relative accuracy.  Returns T1h. */
static inline double fa_m_gt_terms_f64(double x, double *t1l, double *t3h, double *t3l)
{
    double x2l, x2h = fa_two_prod_f64(x, x, &x2l);
    double x3l, x3h = fa_two_prod_f64(x, x2h, &x3l);
    x3l = fa_fma_f64(x, x2l, x3l);
    double a, t1h = fa_two_prod_f64(FA_GT2_H_F64, x, &a);
    *t1l = fa_fma_f64(FA_GT2_L_F64, x, a);
    double b, h3 = fa_two_prod_f64(FA_GT2K_H_F64, x3h, &b);
    *t3l = fa_fma_f64(FA_GT2K_H_F64, x3l, fa_fma_f64(FA_GT2K_L_F64, x3h, b));
    *t3h = h3;
    return t1h;
}

/* Shared part: E = e^-|w| = 2^n (1 + rh + q) (n <= 0) and D = 1 + E = Dh + Dl,
 * 1/D = inv (1 + e) (one division + its residual). */
static inline double fa_m_gt_sig_f64(double wh, double wl, double x, double *rh, double *q,
                                     uint64_t *kb, double *ops, double *Dh, double *Dl,
                                     double *e)
{
    double awh = fa_abs_f64(wh), awl = x < 0.0 ? -wl : wl;
    awl = awh > 800.0 ? 0.0 : awl;
    awh = awh > 800.0 ? 800.0 : awh;
    double nd;
    *rh = fa_m_exp_core_f64(-awh, -awl, q, &nd, kb);
    double oe, o = fa_m_fast2sum_f64(1.0, *rh, &oe);
    double sl, sh = fa_m_fast2sum_f64(o, oe + *q, &sl); /* 1 + rh + q */
    *ops = sh;
    double pw = nd < -1000.0 ? 0.0 : fa_m_pow2_f64(nd < -1000.0 ? 0.0 : nd);
    double dl, dh = fa_m_fast2sum_f64(1.0, sh * pw, &dl);
    dl = fa_fma_f64(sl, pw, dl);
    double inv = 1.0 / dh;
    *e = fa_m_resid_f64(inv, dh, 1.0) - inv * dl;
    *Dh = dh;
    *Dl = dl;
    return inv;
}

/* fa_gelu_tanh_f64: 0.5 x (1 + tanh u) = x sigma(w), w = 2u, with the exact
 * decimal 0.044715 and sqrt(2/pi) (hi+lo).  x >= 0: x/(1+E); x < 0:
 * x E/(1+E) (the sigmoid form: no 1 + tanh cancellation; relative accuracy to
 * the subnormals).  x clamped to [-30, 30] (beyond: x, resp. -0).
 * Max error (measured, see the top of the file): sse2 0.75, v3 0.75, v4 0.75 ulp. */
static inline double fa_gelu_tanh_f64(double x)
{
    double xc = x > 30.0 ? 30.0 : x;
    xc = xc < -30.0 ? -30.0 : xc;
    double t1l, t3h, t3l, t1h = fa_m_gt_terms_f64(xc, &t1l, &t3h, &t3l);
    double wl, wh = fa_two_sum_f64(t1h, t3h, &wl);
    wl += t1l + t3l;
    double rh, q, ops, Dh, Dl, e;
    uint64_t kb;
    double inv = fa_m_gt_sig_f64(wh, wl, xc, &rh, &q, &kb, &ops, &Dh, &Dl, &e);
    double Pl, Ph = fa_two_prod_f64(xc, inv, &Pl);
    double yp = Ph + fa_fma_f64(Ph, e, Pl);
    double At, Gh = fa_m_mul_exp_f64(Ph, Pl, rh, q, e, &At);
    double yn = fa_m_scale_f64(Gh + At, kb);
    double y = x < 0.0 ? yn : yp;
    y = x > 30.0 ? x : y;
    y = x == 0.0 ? x : y;
    return x != x ? x : y;
}

#define FA_GTG_X0H_F64 (-0x1.81429f9e97e4dp-1)
#define FA_GTG_X0L_F64 0x1.4f523ed77dbdcp-55
static const double FA_GTG_ZW_F64[13] = {
    0x1.b8bacd2c96b91p-2, 0x1.7625a206be83dp-56, 0x1.8cd1a2b2fff33p-2,
    -0x1.029615edb077ep-6, -0x1.d2b77346477cbp-4, -0x1.104a83edba111p-6,
    0x1.427996de1ff97p-6, 0x1.58c9ed399f61bp-8, -0x1.3d8d6b6b24575p-9,
    -0x1.e63df7e7b09aep-11, 0x1.14cb40f97fbc9p-12, 0x1.033e7aed6fe33p-13,
    -0x1.2b1a05ed9d3d9p-15};

/* fa_gelu_tanh_grad_f64: d/dx x sigma(w) = sigma + x sigma (1 - sigma) w'
 * = N / D^2 with, for x >= 0, N = 1 + E (1 + Y) and, for x < 0,
 * N = E (1 + E + Y), where Y = x w' = T1 + 3 T3 (double-double).  For x < 0
 * F = D + Y is summed exactly (TwoSum), so the cancellation at the zero
 * x1 = -0.75246 leaves only the ~2^-57 relative error of E; within 1/8 of
 * x1 the zero window (fa_m_zero_win_f64) gives relative accuracy.  1/D^2 =
 * inv^2 (1 + 2e).
 * Max error (measured, see the top of the file): sse2 1.39, v3 1.16, v4 1.16 ulp. */
static inline double fa_gelu_tanh_grad_f64(double x)
{
    double xc = x > 30.0 ? 30.0 : x;
    xc = xc < -30.0 ? -30.0 : xc;
    double t1l, t3h, t3l, t1h = fa_m_gt_terms_f64(xc, &t1l, &t3h, &t3l);
    double wl, wh = fa_two_sum_f64(t1h, t3h, &wl);
    wl += t1l + t3l;
    double s3l, s3h = fa_two_prod_f64(3.0, t3h, &s3l);
    double yl, yh = fa_two_sum_f64(t1h, s3h, &yl);
    yl += t1l + fa_fma_f64(3.0, t3l, s3l);
    double rh, q, ops, Dh, Dl, e;
    uint64_t kb;
    double inv = fa_m_gt_sig_f64(wh, wl, xc, &rh, &q, &kb, &ops, &Dh, &Dl, &e);
    double i2l, i2h = fa_two_prod_f64(inv, inv, &i2l);
    i2l = fa_fma_f64(2.0 * e, i2h, i2l);
    /* x >= 0: E = Dh - 1 + Dl exactly (Fast2Sum in fa_m_gt_sig_f64) */
    double Eh = Dh - 1.0, El = Dl;
    double opy = 1.0 + yh;
    double m = fa_fma_f64(Eh, opy, fa_fma_f64(El, opy, Eh * yl));
    double nl, nh = fa_two_sum_f64(1.0, m, &nl);
    double gl, gh = fa_two_prod_f64(nh, i2h, &gl);
    double yp = gh + fa_fma_f64(nh, i2l, fa_fma_f64(nl, i2h, gl));
    /* x < 0 */
    double fl, fh = fa_two_sum_f64(Dh, yh, &fl);
    fl += Dl + yl;
    double hl, hh = fa_two_prod_f64(fh, i2h, &hl);
    hl = fa_fma_f64(fh, i2l, fa_fma_f64(fl, i2h, hl));
    double At, Gh = fa_m_mul_exp_f64(hh, hl, rh, q, 0.0, &At);
    double yn = fa_m_scale_f64(Gh + At, kb);
    double y = x < 0.0 ? yn : yp;
    double yz = fa_m_zero_win_f64(x, FA_GTG_X0H_F64, FA_GTG_X0L_F64, FA_GTG_ZW_F64);
    y = fa_abs_f64(x - FA_GTG_X0H_F64) < 0.125 ? yz : y;
    return x != x ? x : y;
}

#endif /* FA_MATH_F64_H */
