/* Core clock and 512-bit multiply/FMA rate of this machine, for turning
 * measured ns per element into cycles (README's speed notes).
 *   gcc -O2 -march=x86-64-v4 tools/cpu_rates.c -o /tmp/cpu_rates && /tmp/cpu_rates
 * clock: a chain of dependent 64-bit adds (one per cycle on x86-64 cores);
 * fma: ten independent chains of vfmadd on zmm registers (enough to cover
 * the latency), so the rate is the issue limit. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(void)
{
    volatile long nv = 200000000;
    long n = nv, a = 0;
    double t = now();
    __asm__ volatile("mov %1, %%rcx\n1:\n add $1, %0\n add $1, %0\n add $1, %0\n add $1, %0\n"
                     " dec %%rcx\n jnz 1b"
                     : "+r"(a) : "r"(n) : "rcx");
    t = now() - t;
    double ghz = 4.0 * n / t / 1e9;
    printf("clock: %.2f GHz (dependent adds)\n", ghz);

    n = nv / 2;
    __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f), acc[10];
    for (int j = 0; j < 10; j++) acc[j] = _mm512_set1_ps((float)(n % 7) + j);
    t = now();
    for (long i = 0; i < n; i++) {
        acc[0] = _mm512_fmadd_ps(acc[0], m, c); acc[1] = _mm512_fmadd_ps(acc[1], m, c);
        acc[2] = _mm512_fmadd_ps(acc[2], m, c); acc[3] = _mm512_fmadd_ps(acc[3], m, c);
        acc[4] = _mm512_fmadd_ps(acc[4], m, c); acc[5] = _mm512_fmadd_ps(acc[5], m, c);
        acc[6] = _mm512_fmadd_ps(acc[6], m, c); acc[7] = _mm512_fmadd_ps(acc[7], m, c);
        acc[8] = _mm512_fmadd_ps(acc[8], m, c); acc[9] = _mm512_fmadd_ps(acc[9], m, c);
    }
    t = now() - t;
    __m512 s = acc[0];
    for (int j = 1; j < 10; j++) s = _mm512_add_ps(s, acc[j]);
    printf("zmm fma: %.2f per ns = %.2f per cycle (checksum %g)\n", 10.0 * n / t / 1e9,
           10.0 * n / t / 1e9 / ghz, _mm512_reduce_add_ps(s));
    return 0;
}
