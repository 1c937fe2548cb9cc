/* Closes the instantiation opened by fa_dtype_f64.h / fa_dtype_f32.h.
 * No include guard. */
#undef FA_T
#undef FA_SFX
#undef FA_MAX
#undef FA_T_IS_DOUBLE
#ifdef FA_WIDE
#undef FA_WIDE
#endif
