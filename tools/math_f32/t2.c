#include "fa_math_f32.h"
static inline float fa_exp4_f32(float x)
{
    float a = fa_abs_f32(x);
    a = a > 110.0f ? 110.0f : a;
    float xc = fa_from_bits_f32(fa_bits_f32(a) | (fa_bits_f32(x) & 0x80000000u));
    return (float)fa_dexp_f32((double)xc);
}
static inline float fa_exp5_f32(float x)
{
    float xc = x > 100.0f ? 100.0f : x;
    return (float)fa_dexp_f32((double)xc);
}
void r4(const float *restrict x, float *restrict y, unsigned long n) { for (unsigned long i = 0; i < n; i++) y[i] = fa_exp4_f32(x[i]); }
void r5(const float *restrict x, float *restrict y, unsigned long n) { for (unsigned long i = 0; i < n; i++) y[i] = fa_exp5_f32(x[i]); }
