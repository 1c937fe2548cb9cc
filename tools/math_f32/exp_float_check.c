/* Max ULP error of fa_exp_lean_f32 and fa_exp_pair_f32 (hi + lo) over every
 * float32 x in [-80, 80] against libm double exp.  Build and run per level:
 *   gcc -O2 -std=c11 -fno-math-errno -fno-trapping-math -ffp-contract=off \
 *       [-march=x86-64-v3 | -march=x86-64-v4] -Icsrc tools/math_f32/exp_float_check.c -lm
 */
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "fa_math_f32.h"
static double ulp_of(double r){ float f=(float)r; int e; frexp(fabs(r), &e); double u = ldexp(1.0, e-24); if (fabs(r) < 0x1p-126) u = 0x1p-149; return u; }
int main(void){
  double m1=0, m2=0; float w1=0, w2=0;
  for (uint32_t b = 0; b < 0xFFFFFFFFu; b++) {
    float x; memcpy(&x, &b, 4);
    if (!(x >= -80.0f && x <= 80.0f)) continue;
    double r = exp((double)x);
    float y = fa_exp_lean_f32(x, 0);
    float lo; float h = fa_exp_pair_f32(x, 0.0f, 0, &lo);
    double e1 = fabs((double)y - r)/ulp_of(r);
    double e2 = fabs(((double)h + lo) - r)/ulp_of(r);
    if (e1 > m1) { m1 = e1; w1 = x; }
    if (e2 > m2) { m2 = e2; w2 = x; }
  }
  printf("lean max %.4f ulp at %a; pair (hi+lo) max %.4f ulp at %a\n", m1, w1, m2, w2);
}
