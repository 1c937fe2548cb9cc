/* Run-time layer: ISA dispatch and threading.  Compiled once (baseline flags,
 * with OpenMP when the compiler has it); calls the kernels of the selected
 * per-ISA table. */
#ifndef FA_RUNTIME_H
#define FA_RUNTIME_H

#include "fa_kernels.h"

enum fa_level { FA_LEVEL_BASELINE = 0, FA_LEVEL_AVX2 = 1, FA_LEVEL_AVX512 = 2, FA_N_LEVELS };

const char *fa_level_name(int level);   /* "baseline"/"avx2"/"avx512" ("generic" off x86) */
int fa_level_compiled(int level);
int fa_level_supported(int level);      /* compiled and the CPU/OS can run it */
int fa_best_level(void);
int fa_get_level(void);
int fa_set_level(int level);            /* 0 on success, -1 if not supported */
const fa_table *fa_current_table(void); /* the selected level's kernels */
const void *fa_capi(void);              /* the C API table (fa_capi.c) */

int fa_openmp_enabled(void);
const char *fa_openmp_version(void);
void fa_init_threads(int cpu_limit);    /* once, at import */
void fa_set_user_threads(int n);        /* 0 = unset */
int fa_get_user_threads(void);
int fa_resolve_threads(void);           /* the count the next large call will use */
void fa_tp_set_limit(int n);            /* threadpoolctl's limit, process-wide; 0 = none */
int fa_tp_get_limit(void);
int fa_parallel_broken(void);           /* forked child of a process that ran a team */

/* Entry points used by the Cython layer.  They run with the GIL released. */
void fa_run_unary(int dtype, int op, const void *x, void *y, fa_ssize n, const double *p);
void fa_run_binary(int dtype, int op, const void *g, const void *x, void *y, fa_ssize n,
                   const double *p);
void fa_run_unary_bias(int dtype, int op, const void *x, const void *b, void *y,
                       fa_ssize nrows, fa_ssize len, const double *p);
void fa_run_binary_bias(int dtype, int op, const void *g, const void *x, const void *b,
                        void *y, fa_ssize nrows, fa_ssize len, const double *p);
void fa_run_chan(int dtype, int op, const void *g, const void *x, const void *w, void *y,
                 fa_ssize nblk, fa_ssize C, fa_ssize inner);
void fa_run_row(int dtype, int op, const void *x, void *y, fa_ssize nrows, fa_ssize len);
void fa_run_row_bwd(int dtype, int op, const void *g, const void *a, void *y, fa_ssize nrows,
                    fa_ssize len);
/* ylen: entries per row of y (len, or 1 for a reduction such as logsumexp) */
void fa_run_rowm(int dtype, int op, const void *x, const unsigned char *mask, void *y,
                 fa_ssize nrows, fa_ssize len, fa_ssize ylen);
void fa_run_gated(int dtype, int op, const void *x, void *y, fa_ssize nrows, fa_ssize half,
                  const double *p);
void fa_run_gated_bwd(int dtype, int op, const void *g, const void *x, void *y, fa_ssize nrows,
                      fa_ssize half, const double *p);

#endif /* FA_RUNTIME_H */
