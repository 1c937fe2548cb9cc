#include <stdio.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>
typedef void (*runf)(const float *restrict, float *restrict, size_t);
#define DECL(fn) void run_##fn##_a5(const float*restrict,float*restrict,size_t); void run_##fn##_a2(const float*restrict,float*restrict,size_t); void run_##fn##_b(const float*restrict,float*restrict,size_t);
DECL(exp) DECL(expm1) DECL(log1p) DECL(tanh) DECL(erf) DECL(erfc) DECL(ndtr) DECL(npdf) DECL(gelu) DECL(gelu_grad) DECL(gelu_tanh) DECL(gelu_tanh_grad)
#define E(fn) {#fn, run_##fn##_b, run_##fn##_a2, run_##fn##_a5}
struct { const char *n; runf f[3]; } T[] = {E(exp),E(expm1),E(log1p),E(tanh),E(erf),E(erfc),E(ndtr),E(npdf),E(gelu),E(gelu_grad),E(gelu_tanh),E(gelu_tanh_grad)};
int main(int argc, char **argv) {
    enum { N = 4096 }; static float x[N], y[N];
    for (int i = 0; i < N; i++) x[i] = -10.0f + 20.0f * i / N;
    for (unsigned t = 0; t < sizeof T / sizeof T[0]; t++) {
        if (argc > 1 && strcmp(argv[1], T[t].n)) continue;
        printf("%-16s", T[t].n);
        for (int l = 0; l < 3; l++) {
            double best = 1e30;
            for (int rep = 0; rep < 20; rep++) {
                unsigned long long a = __rdtsc();
                for (int k = 0; k < 20; k++) T[t].f[l](x, y, N);
                unsigned long long b = __rdtsc();
                double c = (double)(b - a) / (20.0 * N); if (c < best) best = c;
            }
            printf("  %s %.2f", l==0?"base":l==1?"avx2":"avx512", best);
        }
        printf("  TSC-cycles/elem\n");
    }
}
