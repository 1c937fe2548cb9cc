/* Loop wrappers: one contiguous loop per op and dtype, generated from the
 * catalogue in fa_kernels.h.  Template, included once per dtype after
 * fa_ops.h (same FA_T / FA_SFX).
 *
 * `#pragma GCC ivdep`: y may be the very same buffer as x (or g) -- in-place
 * use -- which is safe for an elementwise loop, but gcc's runtime alias check
 * would send x == y down the scalar path.  Partial overlap never reaches here
 * (the Python layer buffers it).
 *
 * Parameters are copied into a local array element by element: a local copy
 * cannot alias y, so their conversions hoist.  (A memcpy of all four became
 * one 256-bit value whose lanes gcc extracted inside the loop, where the
 * vectorizer rejects that: elu's calm loop ran scalar, 3.8 ns per element.)
 *
 * Calm blocks: ops marked FA_CALMOP_NAME_SFX in fa_ops.h (FA_IS_CALM(name)
 * is then 1, else 0: the usual probe on a macro's expansion) loop over
 * blocks of FA_CALM_BLOCK elements, each run through the FA_CALM
 * instantiation while the same loop takes the largest |x| (as bits: NaN is
 * above every float) and keeps the inputs, since y may be x or g.  A block
 * with an |x| above the op's limit runs again through the general
 * instantiation from the kept inputs, and the next block starts there,
 * checking as it goes (a stream of large inputs costs the check, not two
 * passes).  The results are bitwise the same either way (see texp).  The
 * check cost as much as the calm form saves when it was a pass of its own
 * before the block (sigmoid, 64K floats in cache, one thread: 0.438 ns per
 * element against 0.452 for the plain loop) or a float compare and an OR
 * inside it (0.425); as an integer max inside the calm loop it is one
 * instruction per 16 floats (0.400).
 */
#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define OP(name) FA_CAT3(op_, name, FA_SFX)
#define OPCALM(name) FA_CAT3(opcalm_, name, FA_SFX)
#define KERNEL(name) FA_CAT3(kernel_, name, FA_SFX)
_Static_assert(FA_MAXP == 4, "the loops below copy four parameters");

#define FA_PROBE_2ND_(a, b, ...) b
#define FA_PROBE_(...) FA_PROBE_2ND_(__VA_ARGS__, 0, )
#define FA_IS_CALM(name) FA_PROBE_(FA_CAT3(FA_CALMOP_, name, FA_SFX))
#define FA_PROBE_OR_(d, ...) FA_PROBE_2ND_(__VA_ARGS__, d, )
#define FA_CALM_LIMIT(name) FA_PROBE_OR_(FA_CALM_X, FA_CAT3(FA_CALMX_, name, FA_SFX))
#define FA_IF_1(a, b) a
#define FA_IF_0(a, b) b
#define FA_IF_(c) FA_IF_##c
#define FA_IF(c) FA_IF_(c)
#define FA_LOOP_PLAIN(name, ELEM, KEEP, KEPT)                                        \
    _Pragma("GCC ivdep") for (fa_ssize i = 0; i < n; i++) y[i] = ELEM(OP(name));
#define FA_LOOP_CALM(name, ELEM, KEEP, KEPT)                                         \
    FA_T kx[FA_CALM_BLOCK], kg[FA_CALM_BLOCK];                                       \
    const uint32_t calm_top = fa_bits_f32(FA_CALM_LIMIT(name));                      \
    int calm = 1;                                                                    \
    (void)kg;                                                                        \
    for (fa_ssize i0 = 0; i0 < n; i0 += FA_CALM_BLOCK) {                             \
        fa_ssize m = n - i0 < FA_CALM_BLOCK ? n - i0 : FA_CALM_BLOCK;                \
        uint32_t top = 0;                                                            \
        if (calm) {                                                                  \
            _Pragma("GCC ivdep") for (fa_ssize i = i0; i < i0 + m; i++) {            \
                KEEP()                                                               \
                uint32_t ab = fa_bits_f32(__builtin_fabsf(FA_XV()));                 \
                top = top > ab ? top : ab;                                           \
                y[i] = ELEM(OPCALM(name));                                           \
            }                                                                        \
            if (top > calm_top)                                                      \
                _Pragma("GCC ivdep") for (fa_ssize i = i0; i < i0 + m; i++)          \
                    y[i] = KEPT(OP(name));                                           \
        } else {                                                                     \
            _Pragma("GCC ivdep") for (fa_ssize i = i0; i < i0 + m; i++) {            \
                uint32_t ab = fa_bits_f32(__builtin_fabsf(FA_XV()));                 \
                top = top > ab ? top : ab;                                           \
                y[i] = ELEM(OP(name));                                               \
            }                                                                        \
        }                                                                            \
        calm = top <= calm_top;                                                      \
    }
#define FA_LOOP(name, ELEM, KEEP, KEPT)                                              \
    FA_IF(FA_IS_CALM(name))(FA_LOOP_CALM, FA_LOOP_PLAIN)(name, ELEM, KEEP, KEPT)
/* FA_XV(): the op's x at i (x[i], or the rounded sum of the fused bias) */
#define FA_ELEM_U(f) f(FA_XV(), pl)
#define FA_ELEM_B(f) f(g[i], FA_XV(), pl)
#define FA_KEEP_U() kx[i - i0] = FA_XV();
#define FA_KEEP_B() kx[i - i0] = FA_XV(), kg[i - i0] = g[i];
#define FA_KEPT_U(f) f(kx[i - i0], pl)
#define FA_KEPT_B(f) f(kg[i - i0], kx[i - i0], pl)

#define FA_XV() x[i]
#define FA_DEFINE_UNARY(name)                                                        \
    FA_FLATTEN static void KERNEL(name)(const void *xv, void *yv, fa_ssize n, const double *p)  \
    {                                                                                \
        const FA_T *x = (const FA_T *)xv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        const double pl[FA_MAXP] = {p[0], p[1], p[2], p[3]};                         \
        FA_LOOP(name, FA_ELEM_U, FA_KEEP_U, FA_KEPT_U)                               \
    }
FA_UNARY_OPS(FA_DEFINE_UNARY)
#undef FA_DEFINE_UNARY

#define FA_DEFINE_BINARY(name)                                                      \
    FA_FLATTEN static void KERNEL(name)(const void *gv, const void *xv, void *yv, fa_ssize n,  \
                             const double *p)                                       \
    {                                                                               \
        const FA_T *g = (const FA_T *)gv;                                           \
        const FA_T *x = (const FA_T *)xv;                                           \
        FA_T *y = (FA_T *)yv;                                                       \
        const double pl[FA_MAXP] = {p[0], p[1], p[2], p[3]};                        \
        FA_LOOP(name, FA_ELEM_B, FA_KEEP_B, FA_KEPT_B)                              \
    }
FA_BINARY_OPS(FA_DEFINE_BINARY)
#undef FA_DEFINE_BINARY
#undef FA_XV

/* Fused bias (act(x + b), b broadcast along contiguous rows of len): the sum
 * is rounded to FA_T before the op sees it, exactly as np.add then the op
 * would, so the fused result is bitwise the unfused one.  Calm blocks check
 * and keep the sum. */
#define FA_XV() ((FA_T)(x[i] + b[i]))
#define FA_DEFINE_UNARY_BIAS(name)                                                   \
    FA_FLATTEN static void FA_CAT3(kernelb_, name, FA_SFX)(const void *xv, const void *bv, void *yv,  \
                                                fa_ssize nrows, fa_ssize len,         \
                                                const double *p)                      \
    {                                                                                \
        const FA_T *x = (const FA_T *)xv;                                            \
        const FA_T *b = (const FA_T *)bv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        const double pl[FA_MAXP] = {p[0], p[1], p[2], p[3]};                         \
        const fa_ssize n = len;                                                      \
        for (fa_ssize r = 0; r < nrows; r++, x += len, y += len) {                   \
            FA_LOOP(name, FA_ELEM_U, FA_KEEP_U, FA_KEPT_U)                           \
        }                                                                            \
    }
FA_UNARY_OPS(FA_DEFINE_UNARY_BIAS)
#undef FA_DEFINE_UNARY_BIAS

#define FA_DEFINE_BINARY_BIAS(name)                                                  \
    FA_FLATTEN static void FA_CAT3(kernelb_, name, FA_SFX)(const void *gv, const void *xv,       \
                                                const void *bv, void *yv,             \
                                                fa_ssize nrows, fa_ssize len,         \
                                                const double *p)                      \
    {                                                                                \
        const FA_T *g = (const FA_T *)gv;                                            \
        const FA_T *x = (const FA_T *)xv;                                            \
        const FA_T *b = (const FA_T *)bv;                                            \
        FA_T *y = (FA_T *)yv;                                                        \
        const double pl[FA_MAXP] = {p[0], p[1], p[2], p[3]};                         \
        const fa_ssize n = len;                                                      \
        for (fa_ssize r = 0; r < nrows; r++, g += len, x += len, y += len) {         \
            FA_LOOP(name, FA_ELEM_B, FA_KEEP_B, FA_KEPT_B)                           \
        }                                                                            \
    }
FA_BINARY_OPS(FA_DEFINE_BINARY_BIAS)
#undef FA_DEFINE_BINARY_BIAS
#undef FA_XV

#undef OP
#undef KERNEL
#undef OPCALM
