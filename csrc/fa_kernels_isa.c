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

#include "fa_dtype_f64.h"
#include "fa_ops.h"
#include "fa_ops_clip.h"
#include "fa_ops_smooth.h"
#include "fa_loops.h"
#include "fa_prelu.h"
#include "fa_softmax.h"
#include "fa_dtype_end.h"

#include "fa_dtype_f32.h"
#include "fa_ops.h"
#include "fa_ops_clip.h"
#include "fa_ops_smooth.h"
/* the calm instantiation (fa_ops.h, calm blocks) */
#define FA_CALM 1
#undef FA_OP_PFX
#undef FA_OPAUX_PFX
#define FA_OP_PFX opcalm_
#define FA_OPAUX_PFX opauxcalm_
#include "fa_ops.h"
#include "fa_ops_clip.h"
#include "fa_ops_smooth.h"
#undef FA_CALM
#undef FA_OP_PFX
#undef FA_OPAUX_PFX
#define FA_OP_PFX op_
#define FA_OPAUX_PFX opaux_
#include "fa_loops.h"
#include "fa_prelu.h"
#include "fa_softmax.h"
#include "fa_dtype_end.h"

#define FA_K32(name) kernel_##name##_f32,
#define FA_K64(name) kernel_##name##_f64,
#define FA_KB32(name) kernelb_##name##_f32,
#define FA_KB64(name) kernelb_##name##_f64,
#define FA_R32(name) rowkernel_##name##_f32,
#define FA_R64(name) rowkernel_##name##_f64,
/* The along-an-axis kernels, from fa_rows_axis_isa.c compiled at this level. */
#define FA_AXSYM(full) FA_CAT(FA_CAT(full, _), FA_ISA)
#define FA_DECL_ROW(name, sfx) \
    void FA_AXSYM(rowkernel_##name##sfx)(const void *, void *, fa_ssize, fa_ssize);
#define FA_DECL_ROW_BWD(name, sfx) \
    void FA_AXSYM(rowkernel_##name##sfx)(const void *, const void *, void *, fa_ssize, fa_ssize);
#define FA_DECL_ROWM(name, sfx)                                                           \
    void FA_AXSYM(axkernel_##name##sfx)(const void *, const unsigned char *, void *, fa_ssize, \
                                        fa_ssize);
#define FA_DECL_GATED(name, sfx) \
    void FA_AXSYM(gatedkernel_##name##sfx)(const void *, void *, fa_ssize, fa_ssize, const double *);
#define FA_DECL_GATED_BWD(name, sfx)                                                      \
    void FA_AXSYM(gatedkernel_##name##sfx)(const void *, const void *, void *, fa_ssize,  \
                                           fa_ssize, const double *);
#define FA_DECL_BOTH_(D, name) D(name, _f32) D(name, _f64)
#define FA_DECL_ROW_B(name) FA_DECL_BOTH_(FA_DECL_ROW, name)
#define FA_DECL_ROW_BWD_B(name) FA_DECL_BOTH_(FA_DECL_ROW_BWD, name)
#define FA_DECL_ROWM_B(name) FA_DECL_BOTH_(FA_DECL_ROWM, name)
#define FA_DECL_GATED_B(name) FA_DECL_BOTH_(FA_DECL_GATED, name)
#define FA_DECL_GATED_BWD_B(name) FA_DECL_BOTH_(FA_DECL_GATED_BWD, name)
FA_ROW_OPS_AX(FA_DECL_ROW_B)
FA_ROW_BWD_OPS_AX(FA_DECL_ROW_BWD_B)
FA_ROWM_OPS(FA_DECL_ROWM_B)
FA_GATED_OPS(FA_DECL_GATED_B)
FA_GATED_BWD_OPS(FA_DECL_GATED_BWD_B)
#define FA_XR32(name) FA_AXSYM(rowkernel_##name##_f32),
#define FA_XR64(name) FA_AXSYM(rowkernel_##name##_f64),
#define FA_M32(name) FA_AXSYM(axkernel_##name##_f32),
#define FA_M64(name) FA_AXSYM(axkernel_##name##_f64),
#define FA_G32(name) FA_AXSYM(gatedkernel_##name##_f32),
#define FA_G64(name) FA_AXSYM(gatedkernel_##name##_f64),

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
    .row = {{FA_ROW_OPS_SM(FA_R32) FA_ROW_OPS_AX(FA_XR32)},
            {FA_ROW_OPS_SM(FA_R64) FA_ROW_OPS_AX(FA_XR64)}},
    .row_bwd = {{FA_ROW_BWD_OPS_SM(FA_R32) FA_ROW_BWD_OPS_AX(FA_XR32)},
                {FA_ROW_BWD_OPS_SM(FA_R64) FA_ROW_BWD_OPS_AX(FA_XR64)}},
    .rowm = {{FA_ROWM_OPS(FA_M32)}, {FA_ROWM_OPS(FA_M64)}},
    .gated = {{FA_GATED_OPS(FA_G32)}, {FA_GATED_OPS(FA_G64)}},
    .gated_bwd = {{FA_GATED_BWD_OPS(FA_G32)}, {FA_GATED_BWD_OPS(FA_G64)}},
};
