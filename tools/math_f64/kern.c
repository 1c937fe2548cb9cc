#include "fa_math_f64.h"
#include "funcs.h"
#define CAT_(a,b,c) a##b##c
#define CAT(a,b,c) CAT_(a,b,c)
#define K(fn) void CAT(k_, fn, LVL)(const double *restrict x, double *restrict y, long n) \
    { for (long i = 0; i < n; i++) y[i] = fa_##fn##_f64(x[i]); }
FA_FUNCS(K)
