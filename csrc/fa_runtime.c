/* ISA dispatch and OpenMP threading for every kernel.  See fa_runtime.h. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "fa_runtime.h"

/* ---- ISA dispatch ------------------------------------------------------- */

static const fa_table *const fa_tables[FA_N_LEVELS] = {
    &fa_table_baseline,
#ifdef FA_X86_64
    &fa_table_avx2,
    &fa_table_avx512,
#else
    NULL,
    NULL,
#endif
};

static const fa_table *volatile fa_current = &fa_table_baseline;
static volatile int fa_current_level = FA_LEVEL_BASELINE;

const char *fa_level_name(int level)
{
    static const char *const names[FA_N_LEVELS] = {"baseline", "avx2", "avx512"};
    if (level < 0 || level >= FA_N_LEVELS) return "?";
    return fa_tables[level] ? fa_tables[level]->name : names[level];
}

int fa_level_compiled(int level)
{
    return level >= 0 && level < FA_N_LEVELS && fa_tables[level] != NULL;
}

int fa_level_supported(int level)
{
    if (!fa_level_compiled(level)) return 0;
#ifdef FA_X86_64
    /* gcc's psABI level checks include the OS (XSAVE) support of the wider
     * registers, not only the CPUID bits. */
    __builtin_cpu_init();
    if (level == FA_LEVEL_AVX2) return __builtin_cpu_supports("x86-64-v3") != 0;
    if (level == FA_LEVEL_AVX512) return __builtin_cpu_supports("x86-64-v4") != 0;
#endif
    return level == FA_LEVEL_BASELINE;
}

int fa_best_level(void)
{
    for (int l = FA_N_LEVELS - 1; l > 0; l--)
        if (fa_level_supported(l)) return l;
    return FA_LEVEL_BASELINE;
}

int fa_get_level(void) { return fa_current_level; }
const fa_table *fa_current_table(void) { return fa_current; }

int fa_set_level(int level)
{
    if (!fa_level_supported(level)) return -1;
    fa_current = fa_tables[level];
    fa_current_level = level;
    return 0;
}

/* ---- threads ------------------------------------------------------------ */

/* Minimum elements per thread before a parallel region is worth its start-up
 * (~0.6 us for a libgomp team) and the extra memory traffic: a call goes
 * parallel from n = 2 * grain.  Chosen with bench/grain_ratio.py (grains
 * forced to 512, 2026-11-29, Zen 4, t(1)/t(2) in place): exp/erf ops gained
 * 1.3x at 4K and 1.5-1.6x from 8K (tanh only from 8K) -> FA_GRAIN_EXP 4096;
 * relu gained only from 64K and stayed noisy around 1x up to 1M (memory
 * bound), relu_grad_y from 32K -> FA_GRAIN_CHEAP 65536; softmax rows gained
 * <= 1.15x in that run at any size, so FA_GRAIN_ROWS stays at a conservative
 * 16384 (the bench shows 2 threads 2x faster at 1M rows of 1024). */
#ifndef FA_GRAIN_CHEAP /* (overridable at build time only to re-measure) */
#define FA_GRAIN_CHEAP 65536   /* relu, leaky_relu and their gradients */
#endif
#ifndef FA_GRAIN_EXP
#define FA_GRAIN_EXP 4096      /* exp/erf-based elementwise ops */
#endif
#ifndef FA_GRAIN_ROWS
#define FA_GRAIN_ROWS 16384    /* softmax family, elements per thread */
#endif

static fa_ssize fa_unary_grain(int op)
{
    switch (op) {
    case FA_OP_relu:
    case FA_OP_leaky_relu:
    case FA_OP_hardtanh:
    case FA_OP_threshold:
    case FA_OP_hardsigmoid:
    case FA_OP_hardswish:
    case FA_OP_softshrink:
    case FA_OP_hardshrink:
    case FA_OP_sparse_plus:
    case FA_OP_sparse_sigmoid:
        return FA_GRAIN_CHEAP; /* a few flops: memory bound, like relu */
    default:
        return FA_GRAIN_EXP;
    }
}

static fa_ssize fa_binary_grain(int op)
{
    switch (op) {
    case FA_OP_relu_bwd:
    case FA_OP_relu_bwd_y:
    case FA_OP_leaky_relu_bwd:
    case FA_OP_leaky_relu_bwd_y:
    case FA_OP_elu_bwd_y:
    case FA_OP_selu_bwd_y:
    case FA_OP_sigmoid_bwd_y:
    case FA_OP_tanh_bwd_y:
    case FA_OP_hardtanh_bwd:
    case FA_OP_threshold_bwd:
    case FA_OP_hardsigmoid_bwd:
    case FA_OP_hardsigmoid_bwd_y:
    case FA_OP_hardswish_bwd:
    case FA_OP_shrink_bwd:
    case FA_OP_shrink_bwd_y:
    case FA_OP_sparse_plus_bwd:
    case FA_OP_sparse_sigmoid_bwd:
    case FA_OP_sparse_sigmoid_bwd_y:
        return FA_GRAIN_CHEAP;
    default:
        return FA_GRAIN_EXP;
    }
}

static volatile int fa_user_threads = 0;
static int fa_cpu_limit = 1;
static int fa_omp_initial = 1;
static volatile int fa_team_used = 0;
static volatile int fa_after_fork = 0;

int fa_openmp_enabled(void)
{
#ifdef _OPENMP
    return 1;
#else
    return 0;
#endif
}

const char *fa_openmp_version(void)
{
#ifdef _OPENMP
#define FA_STR_(a) #a
#define FA_STR(a) FA_STR_(a)
    return FA_STR(_OPENMP);
#else
    return "";
#endif
}

/* libgomp cannot start a parallel region in a child forked after the parent
 * ran one (the child has the pool's bookkeeping but none of its threads, and
 * waits for them forever).  Such a child runs every kernel serially. */
static void fa_atfork_child(void)
{
    if (fa_team_used) fa_after_fork = 1;
}

int fa_parallel_broken(void) { return fa_after_fork; }

void fa_init_threads(int cpu_limit)
{
    static int done = 0;
    fa_cpu_limit = cpu_limit > 0 ? cpu_limit : 1;
#ifdef _OPENMP
    fa_omp_initial = omp_get_max_threads();
#endif
    if (!done) {
        pthread_atfork(NULL, NULL, fa_atfork_child);
        done = 1;
    }
}

void fa_set_user_threads(int n) { fa_user_threads = n > 0 ? n : 0; }
int fa_get_user_threads(void) { return fa_user_threads; }

/* A positive integer from the environment (the first of a list like "4,2"),
 * or 0 when unset or malformed. */
static int fa_env_threads(const char *name)
{
    const char *s = getenv(name);
    if (!s) return 0;
    while (*s == ' ' || *s == '\t') s++;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v <= 0) return 0;
    return v > INT_MAX ? INT_MAX : (int)v;
}

/* Resolved at every (large) call, first match wins: set_num_threads() /
 * num_threads(); FASTACT_NUM_THREADS; threadpoolctl's limit (fa_tp_limit);
 * an omp_set_num_threads() made since
 * import (what threadpoolctl's threadpool_limits does); OMP_NUM_THREADS as the
 * environment says now; the OpenMP default.  Never more than the CPUs this
 * process may use (affinity and cgroup quota, measured at import). */
/* The limit threadpoolctl sets through fastact's own controller
 * (fastact/_threadpoolctl.py): process-wide, unlike omp_set_num_threads,
 * whose value libgomp keeps per thread and so never reaches kernels called
 * from other Python threads.  0 = none. */
static volatile int fa_tp_limit = 0;
void fa_tp_set_limit(int n) { fa_tp_limit = n > 0 ? n : 0; }
int fa_tp_get_limit(void) { return fa_tp_limit; }

int fa_resolve_threads(void)
{
    int n = fa_user_threads;
    if (n <= 0) n = fa_env_threads("FASTACT_NUM_THREADS");
    if (n <= 0) n = fa_tp_limit;
#ifdef _OPENMP
    if (n <= 0) {
        int omp = omp_get_max_threads();
        if (omp != fa_omp_initial) n = omp;
    }
    if (n <= 0) n = fa_env_threads("OMP_NUM_THREADS");
    if (n <= 0) n = fa_omp_initial;
#else
    n = 1;
#endif
    if (n > fa_cpu_limit) n = fa_cpu_limit;
    return n < 1 ? 1 : n;
}

/* Threads for a call of n elements with the given grain, 1 = stay serial. */
static int fa_threads_for(fa_ssize n, fa_ssize grain)
{
#ifdef _OPENMP
    if (n < 2 * grain || fa_after_fork || omp_in_parallel()) return 1;
    int nt = fa_resolve_threads();
    fa_ssize cap = n / grain;
    if ((fa_ssize)nt > cap) nt = (int)cap;
    return nt;
#else
    (void)n;
    (void)grain;
    return 1;
#endif
}

#ifdef _OPENMP
/* Thread t's share [lo, hi) of n items, boundaries on multiples of align. */
static void fa_share(fa_ssize n, int nt, int t, fa_ssize align, fa_ssize *lo, fa_ssize *hi)
{
    fa_ssize chunk = (n + nt - 1) / nt;
    chunk = (chunk + align - 1) / align * align;
    fa_ssize a = (fa_ssize)t * chunk;
    *lo = a < n ? a : n;
    *hi = a + chunk < n ? a + chunk : n;
}
#endif

static size_t fa_itemsize(int dtype) { return dtype == FA_F32 ? 4 : 8; }

/* Every runner below is one FA_SPLIT: its tail, a call or block in lo and hi,
 * runs on [0, n) -- here when the caller's nt <= 1, else split over a team of
 * nt threads (the name nt is fixed: it sits inside the pragma's string) with
 * boundaries on multiples of align.  A thread with an empty share makes no
 * call. */
#ifdef _OPENMP
#define FA_SPLIT(n, align, ...)                                                        \
    do {                                                                               \
        if (nt <= 1) {                                                                 \
            fa_ssize lo = 0, hi = (n);                                                 \
            __VA_ARGS__;                                                               \
            break;                                                                     \
        }                                                                              \
        fa_team_used = 1;                                                              \
        _Pragma("omp parallel num_threads(nt)")                                        \
        {                                                                              \
            fa_ssize lo, hi;                                                           \
            fa_share((n), omp_get_num_threads(), omp_get_thread_num(), (align), &lo, &hi); \
            if (hi > lo) __VA_ARGS__;                                                  \
        }                                                                              \
    } while (0)
#else
#define FA_SPLIT(n, align, ...)                                                        \
    do {                                                                               \
        (void)nt;                                                                      \
        fa_ssize lo = 0, hi = (n);                                                     \
        __VA_ARGS__;                                                                   \
    } while (0)
#endif
/* elementwise pieces start on a 64-byte boundary of the (aligned) buffers */
#define FA_ALIGN_EL(sz) (64 / (fa_ssize)(sz))
#define FA_AT(ptr, off) ((const char *)(ptr) + (off))
#define FA_AT_W(ptr, off) ((char *)(ptr) + (off))

void fa_run_unary(int dtype, int op, const void *x, void *y, fa_ssize n, const double *p)
{
    fa_unary_fn fn = fa_current->unary[dtype][op];
    int nt = fa_threads_for(n, fa_unary_grain(op));
    size_t sz = fa_itemsize(dtype);
    FA_SPLIT(n, FA_ALIGN_EL(sz), fn(FA_AT(x, lo * sz), FA_AT_W(y, lo * sz), hi - lo, p));
}

void fa_run_binary(int dtype, int op, const void *g, const void *x, void *y, fa_ssize n,
                   const double *p)
{
    fa_binary_fn fn = fa_current->binary[dtype][op];
    int nt = fa_threads_for(n, fa_binary_grain(op));
    size_t sz = fa_itemsize(dtype);
    FA_SPLIT(n, FA_ALIGN_EL(sz),
             fn(FA_AT(g, lo * sz), FA_AT(x, lo * sz), FA_AT_W(y, lo * sz), hi - lo, p));
}

/* Fused-bias forms: whole rows split over the threads, or, with fewer rows
 * than threads, each row's columns (elementwise, so the results are the
 * same).  CALL sees o (the rows' or columns' byte offset into x, g, y), ob
 * (the columns' offset into b), r0 (rows) and nr, nc (rows, columns). */
#define FA_BIAS_SPLIT(CALL)                                                            \
    do {                                                                               \
        size_t sz = fa_itemsize(dtype);                                                \
        if (nrows >= nt) {                                                             \
            FA_SPLIT(nrows, 1, {                                                       \
                size_t o = (size_t)lo * (size_t)len * sz, ob = 0;                      \
                fa_ssize nr = hi - lo, nc = len;                                       \
                CALL;                                                                  \
            });                                                                        \
        } else {                                                                       \
            FA_SPLIT(len, FA_ALIGN_EL(sz), {                                           \
                for (fa_ssize r = 0; r < nrows; r++) {                                 \
                    size_t o = ((size_t)r * (size_t)len + (size_t)lo) * sz;            \
                    size_t ob = (size_t)lo * sz;                                       \
                    fa_ssize nr = 1, nc = hi - lo;                                     \
                    CALL;                                                              \
                }                                                                      \
            });                                                                        \
        }                                                                              \
    } while (0)

void fa_run_unary_bias(int dtype, int op, const void *x, const void *b, void *y,
                       fa_ssize nrows, fa_ssize len, const double *p)
{
    fa_unary_bias_fn fn = fa_current->unary_bias[dtype][op];
    int nt = fa_threads_for(nrows * len, fa_unary_grain(op));
    FA_BIAS_SPLIT(fn(FA_AT(x, o), FA_AT(b, ob), FA_AT_W(y, o), nr, nc, p));
}

void fa_run_binary_bias(int dtype, int op, const void *g, const void *x, const void *b,
                        void *y, fa_ssize nrows, fa_ssize len, const double *p)
{
    fa_binary_bias_fn fn = fa_current->binary_bias[dtype][op];
    int nt = fa_threads_for(nrows * len, fa_binary_grain(op));
    FA_BIAS_SPLIT(fn(FA_AT(g, o), FA_AT(x, o), FA_AT(b, ob), FA_AT_W(y, o), nr, nc, p));
}
#undef FA_BIAS_SPLIT

/* prelu and its gradient: whole blocks per thread (elementwise, so any split
 * gives the same bits). */
void fa_run_chan(int dtype, int op, const void *g, const void *x, const void *w, void *y,
                 fa_ssize nblk, fa_ssize C, fa_ssize inner)
{
    fa_chan_fn fn = fa_current->chan[dtype][op];
    fa_ssize blk = inner == 1 ? C : inner;
    int nt = fa_threads_for(nblk * blk, FA_GRAIN_CHEAP);
    if ((fa_ssize)nt > nblk) nt = (int)nblk;
    size_t bb = fa_itemsize(dtype) * (size_t)blk;
    FA_SPLIT(nblk, 1, fn(g ? FA_AT(g, lo * bb) : NULL, FA_AT(x, lo * bb), w, FA_AT_W(y, lo * bb),
                         lo, hi - lo, C, inner));
}

/* Rows are never split: each row is reduced by one thread, in one fixed
 * order, so results do not depend on the thread count. */
static int fa_row_threads(fa_ssize nrows, fa_ssize len)
{
    if (nrows < 2 || len <= 0) return 1;
    fa_ssize total = nrows * len;
    int nt = fa_threads_for(total, FA_GRAIN_ROWS);
    if ((fa_ssize)nt > nrows) nt = (int)nrows;
    return nt;
}

void fa_run_row(int dtype, int op, const void *x, void *y, fa_ssize nrows, fa_ssize len)
{
    fa_row_fn fn = fa_current->row[dtype][op];
    int nt = fa_row_threads(nrows, len);
    size_t rowb = fa_itemsize(dtype) * (size_t)len;
    FA_SPLIT(nrows, 1, fn(FA_AT(x, lo * rowb), FA_AT_W(y, lo * rowb), hi - lo, len));
}

void fa_run_row_bwd(int dtype, int op, const void *g, const void *a, void *y, fa_ssize nrows,
                    fa_ssize len)
{
    fa_row_bwd_fn fn = fa_current->row_bwd[dtype][op];
    int nt = fa_row_threads(nrows, len);
    size_t rowb = fa_itemsize(dtype) * (size_t)len;
    FA_SPLIT(nrows, 1, fn(FA_AT(g, lo * rowb), FA_AT(a, lo * rowb), FA_AT_W(y, lo * rowb),
                          hi - lo, len));
}

/* The along-an-axis ops of fa_rows_axis.h: rows split between threads as
 * above, each row whole on one thread; y's rows hold ylen entries. */
void fa_run_rowm(int dtype, int op, const void *x, const unsigned char *mask, void *y,
                 fa_ssize nrows, fa_ssize len, fa_ssize ylen)
{
    fa_rowm_fn fn = fa_current->rowm[dtype][op];
    int nt = fa_row_threads(nrows, len);
    size_t sz = fa_itemsize(dtype);
    FA_SPLIT(nrows, 1, fn(FA_AT(x, (size_t)(lo * len) * sz), mask ? mask + lo * len : NULL,
                          FA_AT_W(y, (size_t)(lo * ylen) * sz), hi - lo, len));
}

/* Gated ops: rows of 2 half inputs (value, gate) to half outputs; act is
 * exp/erf-based, so the elementwise grain per output entry. */
void fa_run_gated(int dtype, int op, const void *x, void *y, fa_ssize nrows, fa_ssize half,
                  const double *p)
{
    fa_gated_fn fn = fa_current->gated[dtype][op];
    int nt = fa_row_threads(nrows, half * (FA_GRAIN_ROWS / FA_GRAIN_EXP));
    size_t sz = fa_itemsize(dtype);
    FA_SPLIT(nrows, 1, fn(FA_AT(x, (size_t)(lo * 2 * half) * sz),
                          FA_AT_W(y, (size_t)(lo * half) * sz), hi - lo, half, p));
}

void fa_run_gated_bwd(int dtype, int op, const void *g, const void *x, void *y, fa_ssize nrows,
                      fa_ssize half, const double *p)
{
    fa_gated_bwd_fn fn = fa_current->gated_bwd[dtype][op];
    int nt = fa_row_threads(nrows, half * (FA_GRAIN_ROWS / FA_GRAIN_EXP));
    size_t sz = fa_itemsize(dtype);
    FA_SPLIT(nrows, 1, fn(FA_AT(g, (size_t)(lo * half) * sz),
                          FA_AT(x, (size_t)(lo * 2 * half) * sz),
                          FA_AT_W(y, (size_t)(lo * 2 * half) * sz), hi - lo, half, p));
}
