#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdint.h>
void run_expc_b(const float*restrict,float*restrict,size_t); void run_expc_a2(const float*restrict,float*restrict,size_t); void run_expc_a5(const float*restrict,float*restrict,size_t);
typedef void (*runf)(const float *restrict, float *restrict, size_t);
runf F[3] = {run_expc_b, run_expc_a2, run_expc_a5};
static double ulp_err(float y, double r)
{
    if (isnan(r)) return isnan(y) ? 0 : INFINITY;
    if (isnan(y)) return INFINITY;
    double ar = fabs(r);
    if (isinf(y)) { if (ar >= 0x1p128 * (1 - 0x1p-25) && signbit(y) == signbit(r)) return 0; return INFINITY; }
    if (isinf(r)) return INFINITY;
    int e; frexp(ar, &e); int ex = e - 1; if (ex < -126) ex = -126; if (ex > 127) ex = 127;
    return fabs((double)y - r) / ldexp(1.0, ex - 23);
}
int main(int argc, char **argv)
{
    uint64_t lo = strtoull(argv[1], 0, 0), hi = strtoull(argv[2], 0, 0), step = argc > 3 ? strtoull(argv[3], 0, 0) : 1;
    enum { N = 1 << 16 }; static float x[N], y[3][N];
    double mx[3] = {0}; float am[3] = {0};
    for (uint64_t b = lo; b < hi; b += (uint64_t)N * step) {
        for (int i = 0; i < N; i++) { uint32_t u = (uint32_t)(b + i * step); memcpy(&x[i], &u, 4); }
        for (int l = 0; l < 3; l++) F[l](x, y[l], N);
        for (int i = 0; i < N; i++) { double r = exp((double)x[i]);
            for (int l = 0; l < 3; l++) { double e = ulp_err(y[l][i], r); if (e > mx[l] || e != e) { mx[l] = e; am[l] = x[i]; } } }
    }
    for (int l = 0; l < 3; l++) printf("L%d max %.4f at %a\n", l, mx[l], am[l]);
}
