#include <stddef.h>
#include "fa_math_f32.h"
#define CAT_(a,b,c) a##b##c
#define CAT(a,b,c) CAT_(a,b,c)
#define DEF(fn) void CAT(run_, fn, LEVEL)(const float *restrict x, float *restrict y, size_t n) \
  { for (size_t i = 0; i < n; i++) y[i] = fa_##fn##_f32(x[i]); }
DEF(exp) DEF(expm1) DEF(log1p) DEF(tanh) DEF(erf) DEF(erfc) DEF(ndtr) DEF(npdf)
DEF(gelu) DEF(gelu_grad) DEF(gelu_tanh) DEF(gelu_tanh_grad)
