/* Floating-point primitives shared by every kernel and every math routine.
 *
 * Everything here is static inline and branch-free so that gcc can vectorize
 * loops that call it.  The translation units that include it are compiled with
 *   -O3 -std=c11 -fno-math-errno -fno-trapping-math -ffp-contract=off
 * plus the ISA flags of their level (see setup.py).  -ffp-contract=off means
 * the compiler never fuses a*b+c on its own: fused multiply-adds appear only
 * where fa_fma_* is written, so the vector body and the scalar tail of a loop
 * round identically and results do not depend on array length or offset.
 */
#ifndef FA_FP_H
#define FA_FP_H

#include <stdint.h>
#include <string.h>

/* FA_HAVE_FMA: the level has a hardware fused multiply-add.  Without it
 * (x86-64 baseline, SSE2) fa_fma_* rounds twice and fa_two_prod_* falls back
 * to Dekker's exact product. */
#if defined(__FMA__) || defined(__AVX512F__) || defined(__ARM_FEATURE_FMA) || \
    defined(__aarch64__)
#define FA_HAVE_FMA 1
#else
#define FA_HAVE_FMA 0
#endif

static inline uint32_t fa_bits_f32(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float fa_from_bits_f32(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static inline uint64_t fa_bits_f64(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static inline double fa_from_bits_f64(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

static inline float fa_abs_f32(float x) { return __builtin_fabsf(x); }
static inline double fa_abs_f64(double x) { return __builtin_fabs(x); }

#if FA_HAVE_FMA
static inline float fa_fma_f32(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
static inline double fa_fma_f64(double a, double b, double c) { return __builtin_fma(a, b, c); }
#else
static inline float fa_fma_f32(float a, float b, float c) { return a * b + c; }
static inline double fa_fma_f64(double a, double b, double c) { return a * b + c; }
#endif

/* Exact product: a*b == *hi + *lo exactly (barring overflow/underflow).
 * With FMA the error term is one fused op; without it, Dekker/Veltkamp
 * splitting (2^12+1 for float, 2^27+1 for double). */
static inline float fa_two_prod_f32(float a, float b, float *lo)
{
    float p = a * b;
#if FA_HAVE_FMA
    *lo = __builtin_fmaf(a, b, -p);
#else
    const float split = 4097.0f;
    float ca = split * a, cb = split * b;
    float ah = ca - (ca - a), al = a - ah;
    float bh = cb - (cb - b), bl = b - bh;
    *lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
    return p;
}

static inline double fa_two_prod_f64(double a, double b, double *lo)
{
    double p = a * b;
#if FA_HAVE_FMA
    *lo = __builtin_fma(a, b, -p);
#else
    const double split = 134217729.0;
    double ca = split * a, cb = split * b;
    double ah = ca - (ca - a), al = a - ah;
    double bh = cb - (cb - b), bl = b - bh;
    *lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
    return p;
}

/* Exact sum (Knuth's TwoSum): a+b == s + *err exactly. */
static inline float fa_two_sum_f32(float a, float b, float *err)
{
    float s = a + b, bb = s - a;
    *err = (a - (s - bb)) + (b - bb);
    return s;
}

static inline double fa_two_sum_f64(double a, double b, double *err)
{
    double s = a + b, bb = s - a;
    *err = (a - (s - bb)) + (b - bb);
    return s;
}

#endif /* FA_FP_H */
