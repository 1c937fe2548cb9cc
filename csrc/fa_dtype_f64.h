/* Opens a float64 instantiation of the dtype templates (fa_ops.h,
 * fa_loops.h, fa_softmax.h, ...): include the templates after this and close
 * with fa_dtype_end.h.  Deliberately no include guard. */
#define FA_T double
#define FA_SFX _f64
#define FA_MAX DBL_MAX
#ifndef FA_INF
#define FA_INF INFINITY
#endif
#define FA_T_IS_DOUBLE 1
