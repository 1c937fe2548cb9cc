/* Opens a float32 instantiation of the dtype templates, as fa_dtype_f64.h;
 * include that one's instantiation first: float32 ops may defer to the
 * float64 definitions (FA_WIDE, see softplus).  No include guard. */
#define FA_T float
#define FA_SFX _f32
#define FA_MAX FLT_MAX
#ifndef FA_INF
#define FA_INF INFINITY
#endif
#define FA_T_IS_DOUBLE 0
#define FA_WIDE(name) op_##name##_f64
