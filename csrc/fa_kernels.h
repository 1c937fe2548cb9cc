/* fastact's kernel catalogue and the ABI between the per-ISA kernel objects,
 * the threading layer and the Cython wrapper.
 *
 * Every list below is an X-macro: the enum of op ids, the function-pointer
 * tables of each ISA level and the Python-side name table are all expanded
 * from it, so adding an activation means one line here and one definition in
 * fa_ops.h.
 */
#ifndef FA_KERNELS_H
#define FA_KERNELS_H

#include <stddef.h>

typedef ptrdiff_t fa_ssize;

/* Every kernel loop inlines every call it makes (the math functions, the op
 * definitions), whatever the size of its translation unit: once gcc's unit
 * growth limits are reached it leaves them out of line, and a loop with a
 * call in it does not vectorize (adding the fused-bias loops, 2026-11-29,
 * left fa_exp_f64, fa_exp_lean_f32 & co. out of line -- nm on the module). */
#if defined(__GNUC__)
#define FA_FLATTEN __attribute__((flatten))
#else
#define FA_FLATTEN
#endif

/* Name prefixes of the functions the op templates (fa_ops*.h) define:
 * op_NAME_SFX, opaux_NAME_SFX.  fa_kernels_isa.c instantiates the float32
 * ops a second time as opcalm_ / opauxcalm_ with FA_CALM set (calm blocks,
 * fa_ops.h and fa_loops.h). */
#define FA_OP_PFX op_
#define FA_OPAUX_PFX opaux_

/* Every kernel receives its parameters as FA_MAXP doubles (unused ones are 0);
 * the kernel rounds them to its own precision. */
#define FA_MAXP 4

/* Elementwise forward ops: y = f(x; params). */
#define FA_UNARY_OPS(X) \
    X(relu)             \
    X(leaky_relu)       \
    X(elu)              \
    X(selu)             \
    X(gelu)             \
    X(gelu_tanh)        \
    X(silu)             \
    X(sigmoid)          \
    X(tanh)             \
    X(softplus)         \
    X(softplus_b)       \
    X(hardtanh)         \
    X(threshold)        \
    X(hardsigmoid)      \
    X(hardswish)        \
    X(softshrink)       \
    X(hardshrink)       \
    X(sparse_plus)      \
    X(sparse_sigmoid)   \
    X(celu)             \
    X(celu_p)           \
    X(log_sigmoid)      \
    X(softsign)         \
    X(mish)             \
    X(tanhshrink)       \
    X(squareplus)       \
    X(silu_b)           \
    X(logit)            \
    X(logit_u)          \
    X(logit_e)

/* Elementwise gradients: out = g * f'(x); the _y variants take the forward's
 * output y instead of x. */
#define FA_BINARY_OPS(X) \
    X(relu_bwd)          \
    X(relu_bwd_y)        \
    X(leaky_relu_bwd)    \
    X(leaky_relu_bwd_y)  \
    X(elu_bwd)           \
    X(elu_bwd_y)         \
    X(selu_bwd)          \
    X(selu_bwd_y)        \
    X(gelu_bwd)          \
    X(gelu_tanh_bwd)     \
    X(silu_bwd)          \
    X(sigmoid_bwd)       \
    X(sigmoid_bwd_y)     \
    X(tanh_bwd)          \
    X(tanh_bwd_y)        \
    X(softplus_bwd)      \
    X(softplus_b_bwd)    \
    X(hardtanh_bwd)      \
    X(threshold_bwd)     \
    X(hardsigmoid_bwd)   \
    X(hardsigmoid_bwd_y) \
    X(hardswish_bwd)     \
    X(shrink_bwd)        \
    X(shrink_bwd_y)      \
    X(sparse_plus_bwd)   \
    X(sparse_sigmoid_bwd) \
    X(sparse_sigmoid_bwd_y) \
    X(celu_bwd)          \
    X(celu_p_bwd)        \
    X(celu_bwd_y)        \
    X(log_sigmoid_bwd)   \
    X(softsign_bwd)      \
    X(mish_bwd)          \
    X(tanhshrink_bwd)    \
    X(squareplus_bwd)    \
    X(silu_b_bwd)        \
    X(logit_bwd)         \
    X(logit_u_bwd)       \
    X(logit_e_bwd)

/* Row ops on contiguous rows: y[r, :] = f(x[r, :]). */
#define FA_ROW_OPS(X) FA_ROW_OPS_SM(X) FA_ROW_OPS_AX(X)
#define FA_ROW_OPS_SM(X) \
    X(softmax)           \
    X(log_softmax)
#define FA_ROW_OPS_AX(X) X(sparsemax) /* fa_rows_axis.h */

/* Row gradients on contiguous rows: out[r, :] from g[r, :] and a[r, :], where
 * a is the softmax output (softmax_bwd), the log_softmax output
 * (log_softmax_bwd) or the softmax probabilities (log_softmax_bwd_p); the _x
 * forms take x itself, rows of at most FA_VJPX_MAX entries. */
#define FA_VJPX_MAX 4096
#define FA_ROW_BWD_OPS(X) FA_ROW_BWD_OPS_SM(X) FA_ROW_BWD_OPS_AX(X)
#define FA_ROW_BWD_OPS_SM(X) \
    X(softmax_bwd)           \
    X(log_softmax_bwd)       \
    X(log_softmax_bwd_p)     \
    X(softmax_bwd_x)         \
    X(log_softmax_bwd_x)
#define FA_ROW_BWD_OPS_AX(X) \
    X(softmin_bwd)           \
    X(sparsemax_bwd)

/* The _AX lists and the three below are the along-an-axis kernels of
 * fa_rows_axis.h, compiled in their own translation unit per ISA level
 * (fa_rows_axis_isa.c, exporting them as NAME_<level>): sharing one with
 * the elementwise kernels changed gcc's inlining of the float64 ops there
 * (op_silu_f64 & co. went out of line: 10x slower elementwise float64). */

/* Row ops with an optional mask (fa_rows_axis.h): mask[r, i] != 0 keeps an
 * entry, NULL keeps all.  y rows have len entries, logsumexp's one. */
#define FA_ROWM_OPS(X) \
    X(softmax_m)       \
    X(log_softmax_m)   \
    X(softmin)         \
    X(logsumexp)       \
    X(logsumexp_bwd)

/* Gated ops on rows of 2*half entries (a = first half, b = second):
 * forward y[r, :half] = a * act(b); the _bwd ones take g[r, :half] and write
 * the whole row's gradient out[r, :2*half].  p[0]: swiglu's beta. */
#define FA_GATED_OPS(X) \
    X(glu)              \
    X(geglu)            \
    X(geglu_tanh)       \
    X(swiglu)           \
    X(reglu)
#define FA_GATED_BWD_OPS(X) \
    X(glu_bwd)              \
    X(geglu_bwd)            \
    X(geglu_tanh_bwd)       \
    X(swiglu_bwd)           \
    X(reglu_bwd)

#define FA_ENUM_ITEM(name) FA_OP_##name,
enum fa_unary_op { FA_UNARY_OPS(FA_ENUM_ITEM) FA_N_UNARY };
enum fa_binary_op { FA_BINARY_OPS(FA_ENUM_ITEM) FA_N_BINARY };
enum fa_row_op { FA_ROW_OPS(FA_ENUM_ITEM) FA_N_ROW };
enum fa_row_bwd_op { FA_ROW_BWD_OPS(FA_ENUM_ITEM) FA_N_ROW_BWD };
enum fa_rowm_op { FA_ROWM_OPS(FA_ENUM_ITEM) FA_N_ROWM };
enum fa_gated_op { FA_GATED_OPS(FA_ENUM_ITEM) FA_N_GATED };
enum fa_gated_bwd_op { FA_GATED_BWD_OPS(FA_ENUM_ITEM) FA_N_GATED_BWD };
#undef FA_ENUM_ITEM

enum fa_dtype { FA_F32 = 0, FA_F64 = 1, FA_N_DTYPES };

/* Contiguous 1-D kernels.  x/y (and g) either coincide exactly or do not
 * overlap at all; callers ensure it. */
typedef void (*fa_unary_fn)(const void *x, void *y, fa_ssize n, const double *p);
typedef void (*fa_binary_fn)(const void *g, const void *x, void *y, fa_ssize n,
                             const double *p);
/* The same with a bias row b of len elements added to x first (nrows rows). */
typedef void (*fa_unary_bias_fn)(const void *x, const void *b, void *y, fa_ssize nrows,
                                 fa_ssize len, const double *p);
typedef void (*fa_binary_bias_fn)(const void *g, const void *x, const void *b, void *y,
                                  fa_ssize nrows, fa_ssize len, const double *p);
/* Per-channel ops (prelu, fa_prelu.h): nblk blocks from block b0, channel
 * count C, `inner` elements per block (1: blocks are rows of C). */
enum fa_chan_op { FA_CHAN_prelu, FA_CHAN_prelu_bwd, FA_N_CHAN };
typedef void (*fa_chan_fn)(const void *g, const void *x, const void *w, void *y, fa_ssize b0,
                           fa_ssize nblk, fa_ssize C, fa_ssize inner);
typedef void (*fa_row_fn)(const void *x, void *y, fa_ssize nrows, fa_ssize len);
typedef void (*fa_row_bwd_fn)(const void *g, const void *a, void *y, fa_ssize nrows,
                              fa_ssize len);
typedef void (*fa_rowm_fn)(const void *x, const unsigned char *mask, void *y, fa_ssize nrows,
                           fa_ssize len);
typedef void (*fa_gated_fn)(const void *x, void *y, fa_ssize nrows, fa_ssize half,
                            const double *p);
typedef void (*fa_gated_bwd_fn)(const void *g, const void *x, void *y, fa_ssize nrows,
                                fa_ssize half, const double *p);

typedef struct {
    const char *name;
    fa_unary_fn unary[FA_N_DTYPES][FA_N_UNARY];
    fa_binary_fn binary[FA_N_DTYPES][FA_N_BINARY];
    fa_unary_bias_fn unary_bias[FA_N_DTYPES][FA_N_UNARY];
    fa_binary_bias_fn binary_bias[FA_N_DTYPES][FA_N_BINARY];
    fa_chan_fn chan[FA_N_DTYPES][FA_N_CHAN];
    fa_row_fn row[FA_N_DTYPES][FA_N_ROW];
    fa_row_bwd_fn row_bwd[FA_N_DTYPES][FA_N_ROW_BWD];
    fa_rowm_fn rowm[FA_N_DTYPES][FA_N_ROWM];
    fa_gated_fn gated[FA_N_DTYPES][FA_N_GATED];
    fa_gated_bwd_fn gated_bwd[FA_N_DTYPES][FA_N_GATED_BWD];
} fa_table;

/* One table per compiled ISA level (fa_kernels_isa.c, compiled once per level). */
extern const fa_table fa_table_baseline;
#if defined(__x86_64__) || defined(_M_X64)
#define FA_X86_64 1
extern const fa_table fa_table_avx2;
extern const fa_table fa_table_avx512;
#endif

#endif /* FA_KERNELS_H */
