#include "fa_math_f32.h"
float e1(float x) { return 0; }
static inline float fa_exp2_f32(float x)
{
    double xd = (double)x;
    xd = xd > 100.0 ? 100.0 : xd;
    xd = xd < -110.0 ? -110.0 : xd;
    return (float)fa_dexp_f32(xd);
}
static inline float fa_exp3_f32(float x)
{
    float xc = x > 100.0f ? 100.0f : x;
    xc = 0x1p0f*xc < -110.0f ? -110.0f : xc;
    return (float)fa_dexp_f32((double)xc);
}
void r2(const float *restrict x, float *restrict y, unsigned long n) { for (unsigned long i = 0; i < n; i++) y[i] = fa_exp2_f32(x[i]); }
void r3(const float *restrict x, float *restrict y, unsigned long n) { for (unsigned long i = 0; i < n; i++) y[i] = fa_exp3_f32(x[i]); }
