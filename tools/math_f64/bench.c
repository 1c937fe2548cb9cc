#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>
#include "funcs.h"
#define DECL(fn) void k_##fn##_sse2(const double*,double*,long); void k_##fn##_v3(const double*,double*,long); void k_##fn##_v4(const double*,double*,long);
FA_FUNCS(DECL)
static const char *names[] = {"exp","expm1","log1p","tanh","erf","erfc","ndtr","npdf","gelu","gelu_grad","gelu_tanh","gelu_tanh_grad"};
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(void) {
    enum { N = 2048 };
    static double x[N], y[N];
    typedef void (*kf)(const double*, double*, long);
    kf K[12][3]; int i = 0;
#define FILL(fn) K[i][0] = k_##fn##_sse2; K[i][1] = k_##fn##_v3; K[i][2] = k_##fn##_v4; i++;
    FA_FUNCS(FILL)
    /* TSC rate */
    double t0 = now(); unsigned long long c0 = __rdtsc(); while (now() - t0 < 0.2) ; double tsc = (__rdtsc() - c0) / (now() - t0);
    printf("TSC %.2f GHz; ns/element (best of 5), cycles at TSC rate\n%-15s %14s %14s %14s\n", tsc * 1e-9, "function", "sse2", "v3", "v4");
    for (int f = 0; f < 12; f++) {
        for (int j = 0; j < N; j++) x[j] = f == 2 ? 4.0 * rand() / RAND_MAX : -4 + 8.0 * rand() / RAND_MAX;
        printf("%-15s", names[f]);
        for (int l = 0; l < 3; l++) {
            double best = 1e9;
            for (int rep = 0; rep < 5; rep++) {
                int it = 2000; double a = now();
                for (int k = 0; k < it; k++) { K[f][l](x, y, N); __asm__ volatile("" ::: "memory"); }
                double ns = (now() - a) / it / N * 1e9; if (ns < best) best = ns;
            }
            printf("   %5.2f ns %4.1fc", best, best * tsc * 1e-9);
        }
        printf("\n"); fflush(stdout);
    }
}
