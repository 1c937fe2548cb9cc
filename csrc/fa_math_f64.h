#ifndef FA_MATH_F64_H
#define FA_MATH_F64_H

#include "fa_fp.h"

/* ---------------------------------------------------------------- helpers */

#define FA_SHIFT_F64 0x1.8p52                 /* 2^52+2^51: x+SHIFT rounds x to an integer */
#define FA_SHIFT_BITS_F64 UINT64_C(0x4338000000000000)

/* Fast2Sum: a+b == s + *e exactly, valid when |a| >= |b| (or a == 0). */
static inline double fa_fast_two_sum_f64(double a, double b, double *e)
{
    double s = a + b;
    *e = b - (s - a);
    return s;
}

/* c - a*b with the product exact and one final rounding: a real FMA, or
 * (without FMA) Dekker's product.  Used only where c ~= a*b, so that c - hi
 * is exact (Sterbenz). */
static inline double fa_resid_f64(double a, double b, double c)
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
static inline double fa_poly_f64(double x, const double *c, int n)
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
static inline double fa_horner_f64(double x, const double *c, int n)
{
    double p = c[n - 1];
    for (int i = n - 2; i >= 0; i--)
        p = fa_fma_f64(p, x, c[i]);
    return p;
}

/* 2^k for an integer-valued double k in [-1022, 1023] (bit construction). */
static inline double fa_pow2_f64(double k)
{
    return fa_from_bits_f64((fa_bits_f64(k + FA_SHIFT_F64) + 1023u) << 52);
}

/* y * 2^n where n is encoded as kb = bits(n + FA_SHIFT_F64), |n| <= 2044.
 * Two exact power-of-two factors (each within the normal range), so the
 * only rounding is the last product: overflow gives inf and subnormal
 * results are rounded once, correctly. */
static inline double fa_scale_f64(double y, uint64_t kb)
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
 * *kb = bits(n + SHIFT) for fa_scale_f64.  rh = xh - n*ln2hi is exact
 * (Cody-Waite, ln2hi has 32 bits); the rest r = rh + rl goes into
 * e^r - 1 - r = r^2 P(r), P of degree 9 on |r| <= 0.3472, fitted by us
 * (Lawson minimax, mpmath, weight r^2/e^r): |error| < 2^-57.9 relative to e^r.
 * Returning rh and q unevaluated lets callers fold 1 + rh + q into their own
 * final sum with one rounding. */
static const double FA_EXP_P[10] = {
    0x1.000000000000ap-1, 0x1.5555555555505p-3, 0x1.5555555550663p-5,
    0x1.1111111125331p-7, 0x1.6c16c184961e2p-10, 0x1.a01a013766f11p-13,
    0x1.a01998f45271fp-16, 0x1.71df08e8c9d62p-19, 0x1.28ae6f59d4d8ap-22,
    0x1.adabfc324b990p-26};

static inline double fa_exp_core_f64(double xh, double xl, double *q, double *nd,
                                     uint64_t *kb)
{
    double t = fa_fma_f64(xh, FA_INVLN2_F64, FA_SHIFT_F64);
    double n = t - FA_SHIFT_F64;
    double rh = xh - n * FA_LN2HI_F64;
    double rl = xl - n * FA_LN2LO_F64;
    double r = rh + rl;
    double dr = rl - (r - rh); /* rh + rl = r + dr */
    double p = fa_poly_f64(r, FA_EXP_P, 10);
    *q = fa_fma_f64(r * r, p, fa_fma_f64(r, dr, rl)); /* (r+dr)^2 P ~ r^2 P + r dr */
    *nd = n;
    *kb = fa_bits_f64(t);
    return rh;
}

/* (h + l) (1 + rh + q) (1 + e) = result + *lo, for the exp core's output and
 * a relative correction e ~ 2^-53: 1 + rh is split exactly (Fast2Sum) and
 * h (1 + rh)_hi taken exactly (TwoProd), so every other term is < 0.07 h and
 * the caller's result + lo is the only full-size rounding. */
static inline double fa_mul_exp_f64(double h, double l, double rh, double q, double e,
                                    double *lo)
{
    double oe, o = fa_fast_two_sum_f64(1.0, rh, &oe);
    double pl, ph = fa_two_prod_f64(h, o, &pl);
    double t = oe + q;
    double ops = o + t;
    *lo = fa_fma_f64(h, fa_fma_f64(e, ops, t), fa_fma_f64(l, ops, pl));
    return ph;
}

/* fa_exp_f64: e^x.  Core above; 1 + rh is split exactly (Fast2Sum) so the
 * result is rounded once before the 2^n scaling; x clamped to [-746, 709.8]
 * (inf / 0 come out of the scaling, NaN passes through the compares).
 * Measured: see the table at the end of this file. */
static inline double fa_exp_f64(double x)
{
    double xc = x > 709.8 ? 709.8 : x;
    xc = xc < -746.0 ? -746.0 : xc;
    double q, nd;
    uint64_t kb;
    double rh = fa_exp_core_f64(xc, 0.0, &q, &nd, &kb);
    double ue, u = fa_fast_two_sum_f64(1.0, rh, &ue);
    return fa_scale_f64(u + (ue + q), kb);
}

/* fa_expm1_f64: e^x - 1 = b * ((a - 1) + a*rh + a*q) with a = 2^min(n,58),
 * b = 2^(n - min(n,58)).  a - 1 and a*rh are exact; their sum is split by
 * TwoSum so the only roundings are the tiny a*q term and the final add
 * (relative accuracy near 0: for n = 0 this is x + q).  For n > 58 the "-1"
 * is below 2^-58 relative and b takes the exponent to overflow.  x clamped
 * to [-40, 710]. */
static inline double fa_expm1_f64(double x)
{
    double xc = x > 710.0 ? 710.0 : x;
    xc = xc < -40.0 ? -40.0 : xc;
    double q, nd;
    uint64_t kb;
    double rh = fa_exp_core_f64(xc, 0.0, &q, &nd, &kb);
    double na = nd > 58.0 ? 58.0 : nd;
    double a = fa_pow2_f64(na), b = fa_pow2_f64(nd - na);
    double ue, u = fa_two_sum_f64(a - 1.0, a * rh, &ue);
    double y = b * (u + fa_fma_f64(a, q, ue));
    return x == 0.0 ? x : y;
}

/* fa_tanh_f64: tanh|x| = T/(T+2), T = expm1(2|x|) carried as Th + Tl (same
 * scheme as expm1, |x| clamped to 19.5 where tanh rounds to 1).  One
 * division 1/Dh (D = T + 2 as Dh + Dl); the quotient Th/D is corrected by
 * its exact residual, so the result is rounded once.  Sign restored by bits
 * (tanh(-0) = -0, NaN passes). */
static inline double fa_tanh_f64(double x)
{
    uint64_t sgn = fa_bits_f64(x) & UINT64_C(0x8000000000000000);
    double ax = fa_abs_f64(x);
    double xc = ax > 19.5 ? 19.5 : ax;
    double q, nd;
    uint64_t kb;
    double rh = fa_exp_core_f64(2.0 * xc, 0.0, &q, &nd, &kb);
    double a = fa_pow2_f64(nd);
    double ue, u = fa_two_sum_f64(a - 1.0, a * rh, &ue);
    double Tl, Th = fa_fast_two_sum_f64(u, fa_fma_f64(a, q, ue), &Tl);
    double Dl, Dh = fa_two_sum_f64(Th, 2.0, &Dl);
    Dl += Tl;
    double inv = 1.0 / Dh;
    double qh = Th * inv;
    double res = fa_resid_f64(qh, Dh, Th) + fa_fma_f64(-qh, Dl, Tl);
    double y = fa_fma_f64(res, inv, qh);
    return fa_from_bits_f64(fa_bits_f64(y) | sgn);
}

/* ----------------------------------------------------------------- log1p */

/* fa_log1p_f64: u = 1 + x rounded, c = (1 + x) - u exactly (TwoSum).
 * u = 2^k m with m in [sqrt(1/2), sqrt(2)) by integer bit arithmetic (k to
 * double by the 0x1p52 exponent trick, no int->double conversion), f = m - 1
 * exact.  log(1+f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f/(2+f) (the single
 * division), R(z) = z (L1 + ... + L7 z^6) on z <= 0.0295, fitted by us
 * (Lawson minimax, mpmath): |error| < 2^-59.5 relative to log(1+f).  The
 * rounding of 1 + x enters as c 2^-k / m ~= c 2^-k (1-f)(1+f^2) (relative
 * error f^4 of a term below 1 ulp).  Specials by select: -1 -> -inf,
 * < -1 -> NaN, +inf -> +inf, -0 -> -0. */
static const double FA_LOG_P[7] = {
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
    double f = m - 1.0;
    /* c * 2^-k; for k > 1000 it is negligible (and 2^-k not a normal) */
    double pk = fa_from_bits_f64((2046u - ke) << 52);
    double cs = kd > 1000.0 ? 0.0 : c * pk;
    double corr = (cs * (1.0 - f)) * fa_fma_f64(f, f, 1.0);
    double s = f / (2.0 + f);
    double z = s * s;
    double R = z * fa_poly_f64(z, FA_LOG_P, 7);
    double hfsq = 0.5 * f * f;
    double y = kd * FA_LN2HI_F64 -
               ((hfsq - (s * (hfsq + R) + fa_fma_f64(kd, FA_LN2LO_F64, corr))) - f);
    y = x == __builtin_inf() ? x : y;
    y = x == -1.0 ? -__builtin_inf() : y;
    y = x < -1.0 ? __builtin_nan("") : y;
    return x == 0.0 ? x : y;
}

/* ------------------------------------------------- normal / error function */

#define FA_ISQRT2PI_H 0x1.9884533d43651p-2   /* 1/sqrt(2 pi) = H + L */
#define FA_ISQRT2PI_L (-0x1.cbc0d30ebfd15p-56)
#define FA_SQRT2OPI_H 0x1.9884533d43651p-1   /* sqrt(2/pi) */
#define FA_SQRT2OPI_L (-0x1.cbc0d30ebfd15p-55)
#define FA_2OSQRTPI_H 0x1.20dd750429b6dp+0   /* 2/sqrt(pi) */
#define FA_2OSQRTPI_L 0x1.1ae3a914fed80p-56
#define FA_SQRT2_H 0x1.6a09e667f3bcdp+0
#define FA_SQRT2_L (-0x1.bdd3413b26456p-54)

/* Central pieces, |x| < 1 (normal) or |z| < 1/sqrt(2) (erf), polynomials in
 * t = x^2 (resp. z^2) of degree 10 whose constant term is split hi+lo:
 *   (Phi(x) - 1/2)/x       = c0 + t P_phic(t),  c0 = 1/sqrt(2pi)
 *   erf(z)/z               = e0 + t P_erf(t),   e0 = 2/sqrt(pi)
 *   (gelu'(x) - 1/2)/x     = g0 + t P_ggc(t),   g0 = sqrt(2/pi)
 * All fitted by us (Lawson minimax in mpmath, weights = the amplification
 * into the final results incl. the cancellation 1/2 - |x|C at x -> -1):
 * errors < 2^-62, 2^-62, 2^-57.7 of the results. */
static const double FA_PHIC_P[10] = {
    -0x1.1058377e2ceddp-4, 0x1.46d0429768e04p-7, -0x1.37403f6b86e4bp-10,
    0x1.e42b0d467f333p-14, -0x1.3ce8f93b0a367p-17, 0x1.6589e066dafbap-21,
    -0x1.621b588024192p-25, 0x1.37f88fd12f6efp-29, -0x1.e5914c798c0b4p-34,
    0x1.1b78cea860ad7p-38};
static const double FA_ERF_P[10] = {
    -0x1.812746b0379e1p-2, 0x1.ce2f21a0425a1p-4, -0x1.b82ce3125f617p-6,
    0x1.565bcd0578cf7p-8, -0x1.c02db1b0f9dd0p-11, 0x1.f9a2c5e879ae5p-14,
    -0x1.f4c7f3c213b79p-17, 0x1.b92c4e42cf627p-20, -0x1.57339a79ccbe5p-23,
    0x1.8ffd4337c3f85p-27};
static const double FA_GGC_P[10] = {
    -0x1.1058377e2ced2p-2, 0x1.ea3863e31c991p-5, -0x1.37403f6b638a4p-7,
    0x1.2e9ae8451886dp-10, -0x1.db5d7440e8affp-14, 0x1.38d887ba1f560p-17,
    -0x1.6218d7154351fp-21, 0x1.5ed5851d4d1bep-25, -0x1.2e789f92db67cp-29,
    0x1.7f43c678f0452p-34};

/* x (c0h + c0l + t P(t)) = ph + x3h p + rest, t = x^2 exact (th + tl):
 * ph = x c0h exact (TwoProd), x^3 = x3h + x3l exact-ish (TwoProd), so the
 * caller can fold x3h*p into one fused final correction: the only roundings
 * that matter are p's own (it is < 0.35 of the result) and the last add. */
static inline double fa_central_f64(double x, const double *P, double c0h, double c0l,
                                    double *x3h, double *p, double *rest)
{
    double tl, th = fa_two_prod_f64(x, x, &tl);
    double pp = fa_horner_f64(th, P, 10);
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
 * J/V <= 0.35, so its evaluation error (plain Horner in d, ~1.5 ulp; the
 * quotient itself is corrected by its residual) costs <= ~0.3 ulp at a = 1
 * and nothing at large a.  Returns Rh = 1/Vh and *e with 1/V = Rh (1 + e)
 * to ~2^-100 (residual of the division).  Two divisions. */
static const double FA_MILLS_P1[7] = {
    0x1.0cde87ea2cb83p-1, 0x1.cafcb6e60f6efp-2, 0x1.7b0c25e40f69cp-3,
    0x1.72248a61df5fdp-5, 0x1.bd4a79bb2c540p-8, 0x1.3721badedfb50p-11,
    0x1.8b04926a89abdp-16};
static const double FA_MILLS_Q1[7] = {
    0x1.3b915c97f5e71p+0, 0x1.6abc3d90718f6p-1, 0x1.f0b636a57f9ddp-3,
    0x1.b32a96afaa39ap-5, 0x1.e741ab4e6dee2p-8, 0x1.437ad50f2a2f4p-11,
    0x1.8b03f99eb7601p-16};
static const double FA_MILLS_P2[7] = {
    0x1.7df5cabb09baep-3, 0x1.23beaad9560a9p-3, 0x1.8089f8f02ebf2p-5,
    0x1.1795116b09b2ep-7, 0x1.d8f709245b1abp-11, 0x1.b98ca0a3f39e5p-15,
    0x1.63f0317eb1019p-20};
static const double FA_MILLS_Q2[7] = {
    0x1.e0d493b242fe6p-1, 0x1.8c99937f0bfa8p-2, 0x1.747b40e2079c5p-4,
    0x1.ae66227f0b40ap-7, 0x1.322b75c36bb4bp-10, 0x1.f12a286033ad7p-15,
    0x1.63f0317e9b737p-20};

static inline double fa_mills_f64(double ah, double al, double *e)
{
    int big = ah > 5.0;
    double d = ah - (big ? 5.0 : 1.0);
    double p = big ? FA_MILLS_P2[6] : FA_MILLS_P1[6];
    double q = big ? FA_MILLS_Q2[6] : FA_MILLS_Q1[6];
    for (int i = 5; i >= 0; i--) {
        p = fa_fma_f64(p, d, big ? FA_MILLS_P2[i] : FA_MILLS_P1[i]);
        q = fa_fma_f64(q, d, big ? FA_MILLS_Q2[i] : FA_MILLS_Q1[i]);
    }
    q = fa_fma_f64(q, d, 1.0);
    double iq = 1.0 / q;
    double j = p * iq;
    double jl = fa_resid_f64(j, q, p) * iq; /* J = j + jl up to P, Q's own rounding */
    double vl, vh = fa_fast_two_sum_f64(ah, j, &vl);
    vl += al + jl;
    double rh = 1.0 / vh;
    *e = fa_resid_f64(rh, vh, 1.0) - rh * vl;
    return rh;
}

/* C * R(a) * e^-E for the tails: with exp(-(Eh+El)) = 2^n (1 + rh + q) and
 * 1/V = Rh (1 + e), returns Bh and *At such that the value is 2^n (Bh + At),
 * |At| < 0.07 Bh, so the caller's final add is the only full-size rounding. */
static inline double fa_ntail_f64(double ah, double al, double Eh, double El,
                                  double ch, double cl, double *At, uint64_t *kb)
{
    double q, nd;
    double rh = fa_exp_core_f64(-Eh, -El, &q, &nd, kb);
    double e, Rh = fa_mills_f64(ah, al, &e);
    double Bl, Bh = fa_two_prod_f64(ch, Rh, &Bl);
    Bl = fa_fma_f64(cl, Rh, Bl);
    return fa_mul_exp_f64(Bh, Bl, rh, q, e, At);
}

/* fa_ndtr_f64: Phi(x).
 * |x| < 1: 1/2 + x C(t) (central polynomial, 1/2 + x c0h by Fast2Sum).
 * |x| >= 1: Q(|x|) = 2^n (Bh + At) with E = x^2/2 exact (TwoProd), |x|
 * clamped to 40 (Q underflows at 38.5); Phi = Q for x < 0 (relative accuracy
 * down to the subnormals, one rounding in the 2^n scaling), 1 - Q for x > 0.
 * Both branches are always computed and selected (no branches). */
static inline double fa_ndtr_f64(double x)
{
    double x3, p, rest, ph = fa_central_f64(x, FA_PHIC_P, FA_ISQRT2PI_H, FA_ISQRT2PI_L, &x3, &p, &rest);
    double ue, u = fa_fast_two_sum_f64(0.5, ph, &ue);
    double yc = u + fa_fma_f64(x3, p, ue + rest);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double At;
    uint64_t kb;
    double Bh = fa_ntail_f64(a, 0.0, 0.5 * Eh, 0.5 * El, FA_ISQRT2PI_H, FA_ISQRT2PI_L, &At, &kb);
    double Q = fa_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? Q : 1.0 - Q;
    y = ax < 1.0 ? yc : y;
    return x != x ? x : y;
}

/* fa_npdf_f64: phi(x) = c e^(-x^2/2), x^2/2 exact (TwoProd), c = 1/sqrt(2pi)
 * as hi+lo, rounded once (fa_mul_exp_f64), then 2^n. */
static inline double fa_npdf_f64(double x)
{
    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double q, nd;
    uint64_t kb;
    double rh = fa_exp_core_f64(-0.5 * Eh, -0.5 * El, &q, &nd, &kb);
    double t, h = fa_mul_exp_f64(FA_ISQRT2PI_H, FA_ISQRT2PI_L, rh, q, 0.0, &t);
    return fa_scale_f64(h + t, kb);
}

/* erf / erfc share: central |z| < 1/sqrt(2): erf = z (e0 + t P_erf(t)) as
 * hi+lo; tail: erfc(|z|) = 2 Q(sqrt2 |z|) = sqrt(2/pi) e^(-z^2) R(a), with
 * a = sqrt2 |z| as hi+lo (TwoProd; the lo part enters V = a + J exactly) and
 * z^2 exact (TwoProd), |z| clamped to 28 (erfc underflows at 27.3). */
static inline double fa_erfc_tail_f64(double az, double *At, uint64_t *kb)
{
    double z = az > 28.0 ? 28.0 : az;
    double al, ah = fa_two_prod_f64(z, FA_SQRT2_H, &al);
    al = fa_fma_f64(z, FA_SQRT2_L, al);
    double El, Eh = fa_two_prod_f64(z, z, &El);
    return fa_ntail_f64(ah, al, Eh, El, FA_SQRT2OPI_H, FA_SQRT2OPI_L, At, kb);
}

/* fa_erf_f64: central: z e0h (exact) + rest; |z| >= 1/sqrt2: 1 - erfc(|z|)
 * with erfc as hi + lo (Fast2Sum with 1).  Odd: computed on |z|, sign by
 * bits (erf(-0) = -0). */
static inline double fa_erf_f64(double x)
{
    uint64_t sgn = fa_bits_f64(x) & UINT64_C(0x8000000000000000);
    double az = fa_abs_f64(x);
    double x3, p, rest, ph = fa_central_f64(az, FA_ERF_P, FA_2OSQRTPI_H, FA_2OSQRTPI_L, &x3, &p, &rest);
    double yc = ph + fa_fma_f64(x3, p, rest);
    double At;
    uint64_t kb;
    double Bh = fa_erfc_tail_f64(az, &At, &kb);
    double vh = fa_scale_f64(Bh, kb), vt = fa_scale_f64(At, kb);
    double ue, u = fa_fast_two_sum_f64(1.0, -vh, &ue);
    double y = u + (ue - vt);
    y = az < 0x1.6a09e667f3bcdp-1 ? yc : y;
    return fa_from_bits_f64(fa_bits_f64(y) | sgn);
}

/* fa_erfc_f64: central 1 - erf (Fast2Sum: 1 - z e0h exact split); tail
 * 2^n (Bh + At) for z > 0 (relative accuracy to the subnormals), 2 - that
 * for z < 0. */
static inline double fa_erfc_f64(double x)
{
    double az = fa_abs_f64(x);
    double x3, p, rest, ph = fa_central_f64(x, FA_ERF_P, FA_2OSQRTPI_H, FA_2OSQRTPI_L, &x3, &p, &rest);
    double ue, u = fa_fast_two_sum_f64(1.0, -ph, &ue);
    double yc = u + fa_fma_f64(-x3, p, ue - rest);
    double At;
    uint64_t kb;
    double Bh = fa_erfc_tail_f64(az, &At, &kb);
    double v = fa_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? 2.0 - v : v;
    y = az < 0x1.6a09e667f3bcdp-1 ? yc : y;
    return x != x ? x : y;
}

/* fa_gelu_f64: x Phi(x).  |x| < 1: x (1/2 + x C) with 1/2 + x C as hi+lo,
 * times x by TwoProd.  x <= -1: x Q(|x|) = 2^n x (Bh + At) -- no 1 + erf
 * cancellation, relative accuracy down to the subnormals.  x >= 1:
 * x - x Q(x).  x clamped to [-40, 40] inside (gelu(-inf) = -0, gelu(inf) =
 * inf, never inf*0). */
static inline double fa_gelu_f64(double x)
{
    double x3, p, rest, ph = fa_central_f64(x, FA_PHIC_P, FA_ISQRT2PI_H, FA_ISQRT2PI_L, &x3, &p, &rest);
    double ue, u = fa_fast_two_sum_f64(0.5, ph, &ue);
    double pl = fa_fma_f64(x3, p, ue + rest);
    double gl, gh = fa_two_prod_f64(x, u, &gl);
    double yc = gh + fa_fma_f64(x, pl, gl);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double xc = x < 0.0 ? -a : a;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double At;
    uint64_t kb;
    double Bh = fa_ntail_f64(a, 0.0, 0.5 * Eh, 0.5 * El, FA_ISQRT2PI_H, FA_ISQRT2PI_L, &At, &kb);
    double ml, mh = fa_two_prod_f64(xc, Bh, &ml);
    double yn = fa_scale_f64(mh + fa_fma_f64(xc, At, ml), kb);
    double yp = x - xc * fa_scale_f64(Bh + At, kb);
    double y = x < 0.0 ? yn : yp;
    y = ax < 1.0 ? yc : y;
    y = x == 0.0 ? x : y;
    return x != x ? x : y;
}

/* Window around a simple zero x0 = x0h + x0l of a gradient: with
 * dh = x - x0h (exact there, Sterbenz) and d = dh - x0l,
 * g(x) = d (c0h + c0l + d P(d)), P of degree 8 (minimax, fitted by us in
 * mpmath with the coefficients rounded one at a time and the rest refitted,
 * |d| <= 1/16, relative error < 2^-60).  dh*c0h is taken exactly in the
 * final fused add, so the result is relative-accurate right up to the zero. */
static inline double fa_zero_win_f64(double x, double x0h, double x0l, const double *c)
{
    double dh = x - x0h;
    double d = dh - x0l;
    double p = fa_horner_f64(d, c + 2, 9);
    return fa_fma_f64(dh, c[0], fa_fma_f64(d, fa_fma_f64(d, p, c[1]), -x0l * c[0]));
}

#define FA_GG_X0H (-0x1.80ead197f00b4p-1)
#define FA_GG_X0L 0x1.13e74c58cada8p-56
static const double FA_GG_ZW[11] = {
    0x1.b9d98fa5a3215p-2, 0x1.f7c1a23190c7cp-56, 0x1.8d9a941de3ac5p-2,
    -0x1.2a2ef9bb8664fp-6, -0x1.d2fa4c17c7102p-4, -0x1.e4088243ae0bdp-7,
    0x1.3e346de640d41p-6, 0x1.297b93d5aab9ep-8, -0x1.258a1ddbbc149p-9,
    -0x1.861a8f81cdd15p-11, 0x1.84bbe6b9d5689p-13};

/* fa_gelu_grad_f64: Phi(x) + x phi(x).
 * |x| < 1: 1/2 + x G(t), G = g0 + t P_ggc(t), x g0h exact, so the
 * cancellation at the zero x0 = -0.75179 leaves an absolute error of
 * ~2^-57; within 1/16 of x0 the zero window (fa_zero_win_f64) takes over,
 * relative accuracy up to the zero.
 * x <= -1: phi(a) (R(a) - a) = 2^n c (1 + s) (Rh - a + Rh e), Rh - a by
 * TwoSum (no cancellation: R < 0.66 < a).  x >= 1: 1 + phi(a)(a - R(a)),
 * a small (< 0.1) positive term. */
static inline double fa_gelu_grad_f64(double x)
{
    /* central: 1/2 + x g0 + x^3 p0 + x^5 P'(t), the first three summed
     * exactly (TwoProd, Fast2Sum, Sterbenz near x0), so near the zero the
     * roundings are relative to ~|x^5 P'| < 0.01 instead of 0.5 */
    double tl, th = fa_two_prod_f64(x, x, &tl);
    double inner = fa_horner_f64(th, FA_GGC_P + 1, 9);
    double p = fa_fma_f64(inner, th, FA_GGC_P[0]);
    double x3l, x3 = fa_two_prod_f64(x, th, &x3l);
    x3l = fa_fma_f64(x, tl, x3l);
    double pl, ph = fa_two_prod_f64(x, FA_SQRT2OPI_H, &pl);
    double ue, u = fa_fast_two_sum_f64(0.5, ph, &ue);
    double ml, mh = fa_two_prod_f64(x3, FA_GGC_P[0], &ml);
    double s1e, s1 = fa_two_sum_f64(u, mh, &s1e);
    double x5l, x5 = fa_two_prod_f64(x3, th, &x5l);
    double c = (ue + s1e) + (pl + ml + fa_fma_f64(x, FA_SQRT2OPI_L, fa_fma_f64(x5l, inner, x3l * p)));
    double yc = fa_fma_f64(x5, inner, s1 + c);

    double ax = fa_abs_f64(x);
    double a = ax > 40.0 ? 40.0 : ax;
    double El, Eh = fa_two_prod_f64(a, a, &El);
    double q, nd;
    uint64_t kb;
    double rh = fa_exp_core_f64(-0.5 * Eh, -0.5 * El, &q, &nd, &kb);
    double e, Rh = fa_mills_f64(a, 0.0, &e);
    double ops = 1.0 + (rh + q);
    /* x <= -1: W = Rh - a + Rh e */
    double wl, wh = fa_two_sum_f64(Rh, -a, &wl);
    wl = fa_fma_f64(Rh, e, wl);
    double Bl, Bh = fa_two_prod_f64(FA_ISQRT2PI_H, wh, &Bl);
    Bl = fa_fma_f64(FA_ISQRT2PI_L, wh, fa_fma_f64(FA_ISQRT2PI_H, wl, Bl));
    double At, Gh = fa_mul_exp_f64(Bh, Bl, rh, q, 0.0, &At);
    double yn = fa_scale_f64(Gh + At, kb);
    /* x >= 1 */
    double w2 = (a - Rh) - Rh * e;
    double yp = 1.0 + fa_scale_f64(FA_ISQRT2PI_H * ops * w2, kb);
    double y = x < 0.0 ? yn : yp;
    y = ax < 1.0 ? yc : y;
    double yz = fa_zero_win_f64(x, FA_GG_X0H, FA_GG_X0L, FA_GG_ZW);
    y = fa_abs_f64(x - FA_GG_X0H) < 0.0625 ? yz : y;
    return x != x ? x : y;
}

/* ------------------------------------------------------- tanh-form GELU */

#define FA_GT2_H 0x1.9884533d43651p+0    /* 2 sqrt(2/pi) = H + L */
#define FA_GT2_L (-0x1.cbc0d30ebfd15p-54)
#define FA_GT2K_H 0x1.2444f2a4d8b4bp-4   /* 2 sqrt(2/pi) * 0.044715 (exact decimal) */
#define FA_GT2K_L (-0x1.6c843a29d1c70p-61)

/* w = 2u = T1 + T3 with T1 = c2 x, T3 = c2k x^3, each double-double (x^3
 * from two exact TwoProds): |w| reaches ~745 before x sigma(w) underflows,
 * so w needs ~2^-65 relative accuracy.  Returns T1h. */
static inline double fa_gt_terms_f64(double x, double *t1l, double *t3h, double *t3l)
{
    double x2l, x2h = fa_two_prod_f64(x, x, &x2l);
    double x3l, x3h = fa_two_prod_f64(x, x2h, &x3l);
    x3l = fa_fma_f64(x, x2l, x3l);
    double a, t1h = fa_two_prod_f64(FA_GT2_H, x, &a);
    *t1l = fa_fma_f64(FA_GT2_L, x, a);
    double b, h3 = fa_two_prod_f64(FA_GT2K_H, x3h, &b);
    *t3l = fa_fma_f64(FA_GT2K_H, x3l, fa_fma_f64(FA_GT2K_L, x3h, b));
    *t3h = h3;
    return t1h;
}

/* Shared part: E = e^-|w| = 2^n (1 + rh + q) (n <= 0) and D = 1 + E = Dh + Dl,
 * 1/D = inv (1 + e) (one division + its residual). */
static inline double fa_gt_sig_f64(double wh, double wl, double x, double *rh, double *q,
                                   uint64_t *kb, double *ops, double *Dh, double *Dl,
                                   double *e)
{
    double awh = fa_abs_f64(wh), awl = x < 0.0 ? -wl : wl;
    awl = awh > 800.0 ? 0.0 : awl;
    awh = awh > 800.0 ? 800.0 : awh;
    double nd;
    *rh = fa_exp_core_f64(-awh, -awl, q, &nd, kb);
    double oe, o = fa_fast_two_sum_f64(1.0, *rh, &oe);
    double sl, sh = fa_fast_two_sum_f64(o, oe + *q, &sl); /* 1 + rh + q */
    *ops = sh;
    double pw = nd < -1000.0 ? 0.0 : fa_pow2_f64(nd < -1000.0 ? 0.0 : nd);
    double dl, dh = fa_fast_two_sum_f64(1.0, sh * pw, &dl);
    dl = fa_fma_f64(sl, pw, dl);
    double inv = 1.0 / dh;
    *e = fa_resid_f64(inv, dh, 1.0) - inv * dl;
    *Dh = dh;
    *Dl = dl;
    return inv;
}

/* fa_gelu_tanh_f64: 0.5 x (1 + tanh u) = x sigma(w), w = 2u, with the exact
 * decimal 0.044715 and sqrt(2/pi) (hi+lo).  x >= 0: x/(1+E); x < 0:
 * x E/(1+E) (the sigmoid form: no 1 + tanh cancellation; relative accuracy to
 * the subnormals).  x clamped to [-30, 30] (beyond: x, resp. -0). */
static inline double fa_gelu_tanh_f64(double x)
{
    double xc = x > 30.0 ? 30.0 : x;
    xc = xc < -30.0 ? -30.0 : xc;
    double t1l, t3h, t3l, t1h = fa_gt_terms_f64(xc, &t1l, &t3h, &t3l);
    double wl, wh = fa_two_sum_f64(t1h, t3h, &wl);
    wl += t1l + t3l;
    double rh, q, ops, Dh, Dl, e;
    uint64_t kb;
    double inv = fa_gt_sig_f64(wh, wl, xc, &rh, &q, &kb, &ops, &Dh, &Dl, &e);
    double Pl, Ph = fa_two_prod_f64(xc, inv, &Pl);
    double yp = Ph + fa_fma_f64(Ph, e, Pl);
    double At, Gh = fa_mul_exp_f64(Ph, Pl, rh, q, e, &At);
    double yn = fa_scale_f64(Gh + At, kb);
    double y = x < 0.0 ? yn : yp;
    y = x > 30.0 ? x : y;
    y = x == 0.0 ? x : y;
    return x != x ? x : y;
}

#define FA_GTG_X0H (-0x1.81429f9e97e4dp-1)
#define FA_GTG_X0L 0x1.4f523ed77dbdcp-55
static const double FA_GTG_ZW[11] = {
    0x1.b8bacd2c96b91p-2, 0x1.7625a206be83dp-56, 0x1.8cd1a2b2fff33p-2,
    -0x1.029615edb08a0p-6, -0x1.d2b7734647d09p-4, -0x1.104a83ecbdab3p-6,
    0x1.427996e2aefabp-6, 0x1.58c9df168f57ep-8, -0x1.3d8d8c3a527f2p-9,
    -0x1.e5a983ee66dfap-11, 0x1.14e1666ab8792p-12};

/* fa_gelu_tanh_grad_f64: d/dx x sigma(w) = sigma + x sigma (1 - sigma) w'
 * = N / D^2 with, for x >= 0, N = 1 + E (1 + Y) and, for x < 0,
 * N = E (1 + E + Y), where Y = x w' = T1 + 3 T3 (double-double).  For x < 0
 * F = D + Y is summed exactly (TwoSum), so the cancellation at the zero
 * x1 = -0.75246 leaves only the ~2^-57 relative error of E; within 1/16 of
 * x1 the zero window (fa_zero_win_f64) gives relative accuracy.  1/D^2 =
 * inv^2 (1 + 2e). */
static inline double fa_gelu_tanh_grad_f64(double x)
{
    double xc = x > 30.0 ? 30.0 : x;
    xc = xc < -30.0 ? -30.0 : xc;
    double t1l, t3h, t3l, t1h = fa_gt_terms_f64(xc, &t1l, &t3h, &t3l);
    double wl, wh = fa_two_sum_f64(t1h, t3h, &wl);
    wl += t1l + t3l;
    double s3l, s3h = fa_two_prod_f64(3.0, t3h, &s3l);
    double yl, yh = fa_two_sum_f64(t1h, s3h, &yl);
    yl += t1l + fa_fma_f64(3.0, t3l, s3l);
    double rh, q, ops, Dh, Dl, e;
    uint64_t kb;
    double inv = fa_gt_sig_f64(wh, wl, xc, &rh, &q, &kb, &ops, &Dh, &Dl, &e);
    double i2l, i2h = fa_two_prod_f64(inv, inv, &i2l);
    i2l = fa_fma_f64(2.0 * e, i2h, i2l);
    /* x >= 0: E = Dh - 1 + Dl exactly (Fast2Sum in fa_gt_sig) */
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
    double At, Gh = fa_mul_exp_f64(hh, hl, rh, q, 0.0, &At);
    double yn = fa_scale_f64(Gh + At, kb);
    double y = x < 0.0 ? yn : yp;
    double yz = fa_zero_win_f64(x, FA_GTG_X0H, FA_GTG_X0L, FA_GTG_ZW);
    y = fa_abs_f64(x - FA_GTG_X0H) < 0.0625 ? yz : y;
    return x != x ? x : y;
}

#endif /* FA_MATH_F64_H */
