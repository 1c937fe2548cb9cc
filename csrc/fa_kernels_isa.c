/* The per-ISA kernel object.  setup.py compiles this one file once per
 * instruction-set level with -DFA_ISA=<level> and that level's -march flags;
 * each copy exports only its table, fa_table_<level>.  Everything else here
 * has internal linkage, so the copies never collide.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "fa_kernels.h"
#include "fa_fp.h"
#include "fa_math_f32.h"
#include "fa_math_f64.h"

#ifndef FA_ISA
#error "compile with -DFA_ISA=baseline|avx2|avx512"
#endif

#define FA_CAT_(a, b) a##b
#define FA_CAT(a, b) FA_CAT_(a, b)
#define FA_STR_(a) #a
#define FA_STR(a) FA_STR_(a)

/* ---- float64 ---- */
#define FA_T double
#define FA_SFX _f64
#define FA_MAX DBL_MAX
#define FA_INF INFINITY
#define FA_T_IS_DOUBLE 1
#include "fa_ops.h"
#include "fa_ops_clip.h"
#include "fa_ops_smooth.h"
#include "fa_loops.h"
#include "fa_prelu.h"
#include "fa_softmax.h"
#undef FA_T
#undef FA_SFX
#undef FA_MAX
#undef FA_T_IS_DOUBLE

/* ---- float32 ---- */
#define FA_T float
#define FA_SFX _f32
#define FA_MAX FLT_MAX
#define FA_T_IS_DOUBLE 0
/* float32 ops may defer to the float64 definitions (see softplus) */
#define FA_WIDE(name) op_##name##_f64
#include "fa_ops.h"
#include "fa_ops_clip.h"
#include "fa_ops_smooth.h"
#include "fa_loops.h"
#include "fa_prelu.h"
#include "fa_softmax.h"
#undef FA_T
#undef FA_SFX
#undef FA_MAX
#undef FA_T_IS_DOUBLE
#undef FA_WIDE

#define FA_K32(name) kernel_##name##_f32,
#define FA_K64(name) kernel_##name##_f64,
#define FA_KB32(name) kernelb_##name##_f32,
#define FA_KB64(name) kernelb_##name##_f64,
#define FA_R32(name) rowkernel_##name##_f32,
#define FA_R64(name) rowkernel_##name##_f64,

const fa_table FA_CAT(fa_table_, FA_ISA) = {
#if defined(FA_X86_64)
    .name = FA_STR(FA_ISA),
#else
    .name = "generic",
#endif
    .unary = {{FA_UNARY_OPS(FA_K32)}, {FA_UNARY_OPS(FA_K64)}},
    .binary = {{FA_BINARY_OPS(FA_K32)}, {FA_BINARY_OPS(FA_K64)}},
    .unary_bias = {{FA_UNARY_OPS(FA_KB32)}, {FA_UNARY_OPS(FA_KB64)}},
    .binary_bias = {{FA_BINARY_OPS(FA_KB32)}, {FA_BINARY_OPS(FA_KB64)}},
    .chan = {{chankernel_prelu_f32, chankernel_prelu_bwd_f32},
             {chankernel_prelu_f64, chankernel_prelu_bwd_f64}},
    .row = {{FA_ROW_OPS(FA_R32)}, {FA_ROW_OPS(FA_R64)}},
    .row_bwd = {{FA_ROW_BWD_OPS(FA_R32)}, {FA_ROW_BWD_OPS(FA_R64)}},
};
