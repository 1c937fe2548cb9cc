#include <stddef.h>
#include "cand.h"
#define CAT_(a,b,c) a##b##c
#define CAT(a,b,c) CAT_(a,b,c)
void CAT(run_expc, LEVEL, )(const float *restrict x, float *restrict y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = fa_expc_f32(x[i]); }
