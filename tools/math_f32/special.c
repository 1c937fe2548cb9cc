#include <stdio.h>
#include <math.h>
#include <string.h>
#include <stdint.h>
#include "fa_math_f32.h"
static int fails = 0;
/* run through a loop so the vectorized path is used */
#define V(fn) static void v_##fn(const float *restrict x, float *restrict y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = fa_##fn##_f32(x[i]); }
V(exp) V(expm1) V(log1p) V(tanh) V(erf) V(erfc) V(ndtr) V(npdf) V(gelu) V(gelu_grad) V(gelu_tanh) V(gelu_tanh_grad)
typedef void (*vf)(const float *restrict, float *restrict, size_t);
static void chk(const char *nm, vf f, float x, float want)
{
    float xs[64], ys[64];
    for (int i = 0; i < 64; i++) xs[i] = x;
    f(xs, ys, 64);
    float y = ys[17];
    int ok = isnan(want) ? isnan(y) : (y == want && signbit(y) == signbit(want));
    if (!ok) { printf("FAIL %s(%a) = %a want %a\n", nm, x, y, want); fails++; }
}
#define C(fn, x, w) chk(#fn, v_##fn, x, w)
int main(void)
{
    float inf = INFINITY, nan = NAN;
    float nans[4]; uint32_t nb[4] = {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0xffffffffu};
    for (int i = 0; i < 4; i++) memcpy(&nans[i], &nb[i], 4);
    for (int i = 0; i < 4; i++) {
        float n = nans[i];
        C(exp,n,nan); C(expm1,n,nan); C(log1p,n,nan); C(tanh,n,nan); C(erf,n,nan); C(erfc,n,nan);
        C(ndtr,n,nan); C(npdf,n,nan); C(gelu,n,nan); C(gelu_grad,n,nan); C(gelu_tanh,n,nan); C(gelu_tanh_grad,n,nan);
    }
    C(exp, inf, inf); C(exp, -inf, 0.0f); C(exp, 0.0f, 1.0f); C(exp, -0.0f, 1.0f);
    C(expm1, -inf, -1.0f); C(expm1, inf, inf); C(expm1, -0.0f, -0.0f); C(expm1, 0.0f, 0.0f);
    C(log1p, -1.0f, -inf); C(log1p, -2.0f, nan); C(log1p, -inf, nan); C(log1p, inf, inf); C(log1p, -0.0f, -0.0f); C(log1p, 0.0f, 0.0f);
    C(tanh, inf, 1.0f); C(tanh, -inf, -1.0f); C(tanh, -0.0f, -0.0f); C(tanh, 0.0f, 0.0f);
    C(erf, inf, 1.0f); C(erf, -inf, -1.0f); C(erf, -0.0f, -0.0f); C(erf, 0.0f, 0.0f);
    C(erfc, -inf, 2.0f); C(erfc, inf, 0.0f); C(erfc, 0.0f, 1.0f);
    C(ndtr, -inf, 0.0f); C(ndtr, inf, 1.0f); C(ndtr, 0.0f, 0.5f); C(ndtr, -0.0f, 0.5f);
    C(npdf, inf, 0.0f); C(npdf, -inf, 0.0f);
    C(gelu, inf, inf); C(gelu, -inf, -0.0f); C(gelu, -0.0f, -0.0f); C(gelu, 0.0f, 0.0f);
    C(gelu_grad, inf, 1.0f); C(gelu_grad, -inf, -0.0f); C(gelu_grad, 0.0f, 0.5f);
    C(gelu_tanh, inf, inf); C(gelu_tanh, -inf, -0.0f); C(gelu_tanh, -0.0f, -0.0f); C(gelu_tanh, 0.0f, 0.0f);
    C(gelu_tanh_grad, inf, 1.0f); C(gelu_tanh_grad, -inf, -0.0f); C(gelu_tanh_grad, 0.0f, 0.5f);
    C(exp, 0x1.62e42ep+6f, 0x1.ffff08p+127f); C(exp, 0x1.62e43p+6f, inf); C(exp, -0x1.9fe368p+6f, 0x1p-149f); C(exp, -0x1.a0p+6f, 0.0f);
    printf("%s: %d failures\n", FA_HAVE_FMA ? "fma" : "nofma", fails);
    return fails != 0;
}
