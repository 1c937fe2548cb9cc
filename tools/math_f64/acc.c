#define _GNU_SOURCE
#include <quadmath.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <float.h>
#include "funcs.h"
typedef __float128 Q;
#define DECL(fn) void k_##fn##_sse2(const double*,double*,long); void k_##fn##_v3(const double*,double*,long); void k_##fn##_v4(const double*,double*,long);
FA_FUNCS(DECL)
typedef void (*kfn)(const double*, double*, long);

static const Q SQ2 = 1.41421356237309504880168872420969807856967Q;
static const Q PI = 3.14159265358979323846264338327950288419717Q;
static Q q_ndtr(Q x) { return 0.5Q * erfcq(-x / SQ2); }
static Q q_npdf(Q x) { return expq(-x * x / 2) / sqrtq(2 * PI); }
static Q q_w(Q x) { return 2 * sqrtq(2 / PI) * (x + 0.044715Q * x * x * x); }
static Q q_sig(Q w) { return 1 / (1 + expq(-w)); }
static Q q_gt(Q x) { return x * q_sig(q_w(x)); }
static Q q_gtg(Q x) {
    Q w = q_w(x), wp = 2 * sqrtq(2 / PI) * (1 + 3 * 0.044715Q * x * x);
    Q s = 1 / (1 + expq(-w)), oms = 1 / (1 + expq(w));
    return s + x * s * oms * wp;
}
static Q ref(int f, Q x) {
    switch (f) {
    case 0: return expq(x);
    case 1: return expm1q(x);
    case 2: return log1pq(x);
    case 3: return tanhq(x);
    case 4: return erfq(x);
    case 5: return erfcq(x);
    case 6: return q_ndtr(x);
    case 7: return q_npdf(x);
    case 8: return x * q_ndtr(x);
    case 9: return q_ndtr(x) + x * q_npdf(x);
    case 10: return q_gt(x);
    case 11: return q_gtg(x);
    }
    return 0;
}
/* derivative for condition number */
static Q dref(int f, Q x) {
    switch (f) {
    case 0: return expq(x);
    case 1: return expq(x);
    case 2: return 1 / (1 + x);
    case 3: { Q t = tanhq(x); return 1 - t * t; }
    case 4: case 5: { Q d = 2 / sqrtq(PI) * expq(-x * x); return f == 4 ? d : -d; }
    case 6: return q_npdf(x);
    case 7: return -x * q_npdf(x);
    case 8: return q_ndtr(x) + x * q_npdf(x);
    case 9: return q_npdf(x) * (2 - x * x);
    case 10: return q_gtg(x);
    default: { Q h = (fabsq(x) + 1e-30Q) * 0x1p-40Q; return (ref(f, x + h) - ref(f, x - h)) / (2 * h); }
    }
}
static const char *names[] = {"exp","expm1","log1p","tanh","erf","erfc","ndtr","npdf","gelu","gelu_grad","gelu_tanh","gelu_tanh_grad"};
static kfn K[12][3];

static uint64_t rs = 88172645463325252ULL;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static double uni(double a, double b) { return a + (b - a) * ((rnd() >> 11) * 0x1p-53); }
static double logu(double lo, double hi) { return exp2(uni(log2(lo), log2(hi))); }
static double sgn(double v) { return (rnd() & 1) ? -v : v; }

/* sample generator per function */
static double gen(int f) {
    uint64_t k = rnd() % 8;
    switch (f) {
    case 0: return k < 4 ? uni(-746, 710) : k < 7 ? sgn(logu(0x1p-60, 746)) : uni(-2, 2);
    case 1: return k < 3 ? uni(-40, 710) : k < 7 ? sgn(logu(0x1p-60, 60)) : uni(-2, 2);
    case 2: return k < 3 ? logu(0x1p-60, 0x1p1023) : k < 5 ? -logu(0x1p-60, 1) : k < 6 ? -1 + logu(0x1p-53, 1) : uni(-0.5, 1.5);
    case 3: return k < 4 ? sgn(logu(0x1p-60, 25)) : uni(-20, 20);
    case 4: return k < 4 ? sgn(logu(0x1p-60, 7)) : uni(-6.5, 6.5);
    case 5: return k < 3 ? sgn(logu(0x1p-60, 28)) : k < 6 ? uni(-6.5, 28) : uni(-1.5, 1.5);
    case 6: case 8: return k < 3 ? sgn(logu(0x1p-60, 40)) : k < 6 ? uni(-39, 9) : k < 7 ? uni(-1.5, 1.5) : uni(-0.95, -0.55);
    case 9: return k < 3 ? sgn(logu(0x1p-60, 40)) : k < 5 ? uni(-39, 9) : k < 6 ? uni(-1.5, 1.5) : k < 7 ? uni(-0.95, -0.55) : -0.75179152469356445 + sgn(logu(0x1p-52, 0.2));
    case 7: return k < 3 ? sgn(logu(0x1p-60, 40)) : uni(-39, 39);
    case 11: return k < 3 ? sgn(logu(0x1p-60, 32)) : k < 5 ? uni(-25, 10) : k < 6 ? uni(-1.5, 1.5) : k < 7 ? uni(-0.95, -0.55) : -0.75246142207101626 + sgn(logu(0x1p-52, 0.2));
    default: return k < 3 ? sgn(logu(0x1p-60, 32)) : k < 6 ? uni(-25, 10) : k < 7 ? uni(-1.5, 1.5) : uni(-0.95, -0.55);
    }
}

static const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022,
    DBL_MAX, -DBL_MAX, 0x1.6a09e667f3bcdp-1, -0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bcep-1, 0x1.6a09e667f3bccp-1,
    19.5, -19.5, 40, -40, 38.5, -38.5, 27.3, 28, -28, 709.78, 709.79, -745.1, -745.2, -708.4, 30, -30, 1e-300, -1e-300,
    0.99999999999999989, -0.99999999999999989, 1.0000000000000002, -1.0000000000000002, -0.75179, -0.7522,
    -1 + 0x1p-53, 1e300, -37.5, -37.6, -38.4, -21.8, -21.9, 0.3465, -0.3465, 0.6931, -0.6931, 1e-20, -1e-20};

static double ulp_of(Q r) {
    Q a = fabsq(r);
    if (a < 0x1p-1022Q) return 0x1p-1074;
    int e; frexpq(a, &e); /* a = m 2^e, m in [0.5,1) */
    return ldexp(1.0, e - 53);
}

int main(int argc, char **argv) {
    long N = argc > 1 ? atol(argv[1]) : 100000;
    int only = argc > 2 ? atoi(argv[2]) : -1;
    if (argc > 3) rs ^= strtoull(argv[3], 0, 10);
#define SET(fn) { static int i = 0; (void)i; }
    int fi = 0;
#define FILL(fn) K[fi][0] = k_##fn##_sse2; K[fi][1] = k_##fn##_v3; K[fi][2] = k_##fn##_v4; fi++;
    FA_FUNCS(FILL)
    long ns = sizeof specials / sizeof specials[0];
    double *x = malloc(sizeof(double) * (N + ns)), *y[3];
    for (int l = 0; l < 3; l++) y[l] = malloc(sizeof(double) * (N + ns));
    for (int f = 0; f < 12; f++) {
        if (only >= 0 && f != only) continue;
        for (long i = 0; i < ns; i++) x[i] = specials[i];
        for (long i = 0; i < N; i++) x[ns + i] = gen(f);
        long M = N + ns;
        for (int l = 0; l < 3; l++) K[f][l](x, y[l], M);
        double maxe[3] = {0}, maxx[3] = {0}, maxex[3] = {-1e300,-1e300,-1e300}, maxexx[3] = {0};
        long nbad[3] = {0}, ndiff = 0;
        double maxen[3] = {0}, maxenx[3] = {0}; /* restricted to normal-range results */
        for (long i = 0; i < M; i++) {
            Q xq = x[i];
            Q r = ref(f, xq);
            Q c = 0;
            if (fabsq(r) > 0 && isfinite((double)r)) c = fabsq(xq * dref(f, xq) / r);
            if (y[0][i] != y[1][i] || y[1][i] != y[2][i]) ndiff++;
            for (int l = 0; l < 3; l++) {
                double v = y[l][i], e;
                if (isnanq(r) || isnan(v)) { e = (isnanq(r) && isnan(v)) ? 0 : 1e300; if (e) nbad[l]++; }
                else if (fabsq(r) > (Q)DBL_MAX) e = (isinf(v) && (v > 0) == (r > 0)) ? 0 : 1e300;
                else e = (double)(fabsq((Q)v - r) / ulp_of(r));
                double ex = e - 2 * (double)c;
                if (e > maxe[l]) { maxe[l] = e; maxx[l] = x[i]; }
                if (ex > maxex[l]) { maxex[l] = ex; maxexx[l] = x[i]; }
                if (fabsq(r) >= 0x1p-1022Q && e > maxen[l]) { maxen[l] = e; maxenx[l] = x[i]; }
            }
        }
        printf("%-15s N=%ld  levels differ at %ld points\n", names[f], M, ndiff);
        const char *ln[3] = {"sse2", "v3", "v4"};
        for (int l = 0; l < 3; l++)
            printf("   %-4s max %.3f ulp at %.17g | normal-range max %.3f at %.17g | max excess over 2*cond %.3f at %.17g | NaN %ld\n",
                   ln[l], maxe[l], maxx[l], maxen[l], maxenx[l], maxex[l], maxexx[l], nbad[l]);
        fflush(stdout);
    }
    return 0;
}
