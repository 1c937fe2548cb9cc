/* The along-an-axis kernels (fa_rows_axis.h), one object per ISA level like
 * fa_kernels_isa.c: setup.py compiles this file with -DFA_ISA=<level> and that
 * level's flags.  It exports each kernel as NAME_<level> (e.g.
 * axkernel_logsumexp_f32_avx2), which fa_kernels_isa.c puts in the level's
 * table.  A translation unit of its own so that the extra calls of the
 * float64 ops (op_sigmoid_f64, op_silu_bwd_f64, ...) made here leave gcc's
 * inlining of the elementwise kernels untouched; fa_ops.h and fa_softmax.h
 * are included again (their functions are static: private copies). */
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

/* the private copies include the elementwise and softmax ops these kernels
 * do not call */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function"
#endif

#define FA_CAT_(a, b) a##b
#define FA_CAT(a, b) FA_CAT_(a, b)

#include "fa_dtype_f64.h"
#include "fa_ops.h"
#include "fa_softmax.h"
#include "fa_rows_axis.h"
#include "fa_dtype_end.h"

#include "fa_dtype_f32.h"
#include "fa_ops.h"
#include "fa_softmax.h"
#include "fa_rows_axis.h"
#include "fa_dtype_end.h"
