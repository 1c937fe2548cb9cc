/* Every elementwise activation, defined once: formula, derivative, constants.
 *
 * This file is a template: fa_kernels_isa.c includes it once per dtype with
 * FA_T (float or double) and FA_SFX (_f32 or _f64) defined, inside a
 * translation unit compiled once per ISA level.  Functions are branch-free
 * (both sides of ?: are cheap to evaluate) so the loops in fa_loops.h
 * vectorize; the vector body and the scalar tail run this same code, so a
 * result never depends on where an element sits in the array.
 *
 * Parameters arrive as doubles p[0..FA_MAXP-1] and are rounded to FA_T here;
 * the loops hoist these conversions.
 *
 * Conventions shared by all ops (tested in tests/):
 *  - NaN in x propagates to the forward and to the gradient.
 *  - Kinks follow PyTorch: x > 0 takes the positive branch, so relu'(0) = 0,
 *    leaky_relu'(0) = slope, elu'(0) = alpha.
 *  - +-inf give the limits (never inf*0 or inf/inf).
 */

#define FA_CAT3_(a, b, c) a##b##c
#define FA_CAT3(a, b, c) FA_CAT3_(a, b, c)
#define T FA_T
#define FM(fn) FA_CAT3(fa_, fn, FA_SFX)   /* math library: FM(exp) -> fa_exp_f32 */
#define OP(name) FA_CAT3(op_, name, FA_SFX)
#define OPAUX(name) FA_CAT3(opaux_, name, FA_SFX)
#define FFMA FA_CAT3(fa_fma, FA_SFX, )
#define FTWOPROD FA_CAT3(fa_two_prod, FA_SFX, )
#define FTWOSUM FA_CAT3(fa_two_sum, FA_SFX, )
#define FABS FA_CAT3(fa_abs, FA_SFX, )

/* ---- shared pieces ------------------------------------------------------ */

/* Round a double constant or parameter c to T as hi + lo, so products with it
 * can be formed as fma(hi, v, lo*v), free of the constant's own rounding. */
static inline T OPAUX(hi)(double c) { return (T)c; }
static inline T OPAUX(lo)(double c) { return (T)(c - (double)(T)c); }

/* x with +-inf replaced by +-FA_MAX (NaN kept): used where a formula would
 * otherwise form inf*0 or inf/inf on the way to a finite limit. */
static inline T OPAUX(clamp_inf)(T x)
{
    return x > FA_MAX ? (T)FA_MAX : (x < -FA_MAX ? (T)-FA_MAX : x);
}
static inline T OPAUX(clamp_ninf)(T x) { return x < -FA_MAX ? (T)-FA_MAX : x; }

/* e/(1+e)^2 for e = exp(-|t|) in [0, 1]: sigma'(t) and, with 4e, sech^2(t/2).
 * Relative error: e's (<= 1 ulp) + 1.5 (square of 1+e) + 0.5 (division). */
static inline T OPAUX(bell)(T e)
{
    T d = (T)1 + e;
    return e / (d * d);
}

/* SELU's constants (Klambauer et al. 2017, to 32 digits).  Written once; the
 * forward and the gradient both use the hi/lo splits below. */
#define FA_SELU_ALPHA 1.6732632423543772848170429916717L
#define FA_SELU_SCALE 1.0507009873554804934193349852946L
#define FA_SELU_SA (FA_SELU_SCALE * FA_SELU_ALPHA)

/* ---- relu, leaky_relu --------------------------------------------------- */

/* relu(x) = max(x, 0). */
static inline T OP(relu)(T x, const double *p)
{
    (void)p;
    return x < 0 ? (T)0 : x;
}
/* g * [x > 0]; NaN x gives NaN.  Same test on y = relu(x) (y > 0 iff x > 0). */
static inline T OP(relu_bwd)(T g, T x, const double *p)
{
    (void)p;
    return x > 0 ? g : (x <= 0 ? (T)0 : x);
}
static inline T OP(relu_bwd_y)(T g, T y, const double *p) { return OP(relu_bwd)(g, y, p); }

/* leaky_relu(x) = x for x > 0, slope*x otherwise. */
static inline T OP(leaky_relu)(T x, const double *p)
{
    T s = (T)p[0];
    return x > 0 ? x : x * s;
}
static inline T OP(leaky_relu_bwd)(T g, T x, const double *p)
{
    T s = (T)p[0];
    return x > 0 ? g : (x <= 0 ? g * s : x);
}
/* From y: for slope >= 0 (checked by the caller) y > 0 iff x > 0. */
static inline T OP(leaky_relu_bwd_y)(T g, T y, const double *p)
{
    return OP(leaky_relu_bwd)(g, y, p);
}

/* ---- elu, selu ---------------------------------------------------------- */

/* elu(x) = x for x > 0, alpha*(e^x - 1) otherwise (expm1 keeps relative
 * accuracy near 0). */
static inline T OP(elu)(T x, const double *p)
{
    T a = (T)p[0];
    return x > 0 ? x : a * FM(expm1)(x);
}
/* elu'(x) = alpha*e^x for x <= 0: error <= exp's + 1 ulp of rounding. */
static inline T OP(elu_bwd)(T g, T x, const double *p)
{
    T a = (T)p[0];
    return x > 0 ? g : g * (a * FM(exp)(x));
}
/* From y (alpha >= 0, checked by the caller): alpha*e^x = y + alpha. */
static inline T OP(elu_bwd_y)(T g, T y, const double *p)
{
    T a = (T)p[0];
    return y > 0 ? g : g * (y + a);
}

/* selu(x) = scale*x for x > 0, scale*alpha*(e^x - 1) otherwise.  The constant
 * products use the hi/lo split, so only expm1's error and one rounding
 * remain. */
static inline T OP(selu)(T x, const double *p)
{
    (void)p;
    const T sh = OPAUX(hi)(FA_SELU_SCALE), sl = (T)(FA_SELU_SCALE - (long double)sh);
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
    T em = FM(expm1)(x);
    return x > 0 ? FFMA(sh, x, sl * x) : FFMA(ah, em, al * em);
}
static inline T OP(selu_bwd)(T g, T x, const double *p)
{
    (void)p;
    const T sh = OPAUX(hi)(FA_SELU_SCALE), sl = (T)(FA_SELU_SCALE - (long double)sh);
    const T ah = OPAUX(hi)(FA_SELU_SA), al = (T)(FA_SELU_SA - (long double)ah);
    T e = FM(exp)(x);
    return x > 0 ? FFMA(sh, g, sl * g) : g * FFMA(ah, e, al * e);
}
/* From y: scale*alpha*e^x = y + scale*alpha (y > 0 iff x > 0). */
static inline T OP(selu_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    const T sh = OPAUX(hi)(FA_SELU_SCALE), sl = (T)(FA_SELU_SCALE - (long double)sh);
    const T sa = OPAUX(hi)(FA_SELU_SA);
    return y > 0 ? FFMA(sh, g, sl * g) : g * (y + sa);
}

/* ---- sigmoid, tanh, silu ------------------------------------------------ */

/* sigmoid(x) = 1/(1+e^-x).  For x < 0 the error is exp's plus two roundings;
 * for x >= 0, e^-x < 1 and its error is damped.  At x -> -inf, e^-x = inf
 * gives exactly 0; no NaN for any input but NaN. */
static inline T OP(sigmoid)(T x, const double *p)
{
    (void)p;
    return (T)1 / ((T)1 + FM(exp)(-x));
}
/* sigmoid'(x) = e/(1+e)^2 with e = exp(-|x|): exact in both tails, unlike
 * s*(1-s), which is 0 once s rounds to 1 (x > 17 in float32). */
static inline T OP(sigmoid_bwd)(T g, T x, const double *p)
{
    (void)p;
    return g * OPAUX(bell)(FM(exp)(-FABS(x)));
}
/* From y: y*(1-y); 1-y is exact for y >= 1/2 (Sterbenz). */
static inline T OP(sigmoid_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return g * (y * ((T)1 - y));
}

static inline T OP(tanh)(T x, const double *p)
{
    (void)p;
    return FM(tanh)(x);
}
/* tanh'(x) = sech^2(x) = 4e/(1+e)^2 with e = exp(-2|x|) (2|x| is exact). */
static inline T OP(tanh_bwd)(T g, T x, const double *p)
{
    (void)p;
    return g * ((T)4 * OPAUX(bell)(FM(exp)((T)-2 * FABS(x))));
}
/* From y: (1-y)(1+y), not 1-y*y, which cancels for |y| near 1. */
static inline T OP(tanh_bwd_y)(T g, T y, const double *p)
{
    (void)p;
    return g * (((T)1 - y) * ((T)1 + y));
}

/* silu(x) = x*sigmoid(x) = x/(1+e^-x): one division instead of a product of
 * two rounded values.  x = -inf is clamped so the limit is -0, not inf/inf. */
static inline T OP(silu)(T x, const double *p)
{
    (void)p;
    return OPAUX(clamp_ninf)(x) / ((T)1 + FM(exp)(-x));
}
/* silu'(x) = s(1 + x(1-s)).  With e = exp(-|x|), d = 1+e:
 *   x >= 0: (d + x e)/d^2        x < 0: e (d + x)/d^2
 * so nothing overflows in either tail. */
static inline T OP(silu_bwd)(T g, T x, const double *p)
{
    (void)p;
    T xc = OPAUX(clamp_inf)(x);
    T e = FM(exp)(-FABS(x));
    T d = (T)1 + e;
    T num = x >= 0 ? FFMA(xc, e, d) : e * (d + xc);
    return g * (num / (d * d));
}

/* ---- gelu (erf and tanh forms) ------------------------------------------ */

/* gelu(x) = x*Phi(x); gelu_tanh(x) = x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715x^3))).
 * Both live in the math library: their tails need erfc / the sigmoid form
 * and extra-precise arguments (see fa_math_f32.h / fa_math_f64.h). */
static inline T OP(gelu)(T x, const double *p)
{
    (void)p;
    return FM(gelu)(x);
}
static inline T OP(gelu_bwd)(T g, T x, const double *p)
{
    (void)p;
    return g * FM(gelu_grad)(x);
}
static inline T OP(gelu_tanh)(T x, const double *p)
{
    (void)p;
    return FM(gelu_tanh)(x);
}
static inline T OP(gelu_tanh_bwd)(T g, T x, const double *p)
{
    (void)p;
    return g * FM(gelu_tanh_grad)(x);
}

/* ---- softplus ----------------------------------------------------------- */

/* softplus(x; beta, threshold) = log(1 + e^(beta x))/beta, and exactly x where
 * beta*x > threshold (PyTorch's definition).
 *
 * z = beta*x is formed exactly as hi + lo (beta itself as a hi + lo pair of
 * the double parameter): in the left tail softplus ~ e^z/beta, whose relative
 * error is |z| times z's, 40+ ulp at z = -80 if z were simply rounded.
 * Written as softplus = max(x, 0) + log1p(e^-|z|)/beta, so the right branch
 * never rounds beta*x at all.  Returns e = e^-|z| and z's hi part. */
static inline T OPAUX(softplus_e)(T x, const double *p, T *zhi)
{
    T bh = OPAUX(hi)(p[0]), bl = OPAUX(lo)(p[0]);
    T zl;
    T z = FTWOPROD(bh, x, &zl);
    zl = FFMA(bl, x, zl);
    /* lo is meaningless once z overflows or x is infinite: e is 0 or 1 there */
    zl = FABS(zl) < (T)1 ? zl : (T)0;
    T e = FM(exp)(-FABS(z));
    *zhi = z;
    /* e^-|z + zl| = e^-|z| (1 -+ zl) to first order; zl <= ulp(z)/2 */
    return FFMA(e, z < 0 ? zl : -zl, e);
}
static inline T OP(softplus)(T x, const double *p)
{
    T thr = (T)p[1], b = (T)p[0];
    T z;
    T e = OPAUX(softplus_e)(x, p, &z);
    T r = (z > 0 ? x : (T)0) + FM(log1p)(e) / b;
    return z > thr ? x : r;
}
/* softplus'(x) = sigmoid(beta x) (1 where beta*x > threshold). */
static inline T OP(softplus_bwd)(T g, T x, const double *p)
{
    T thr = (T)p[1];
    T z;
    T e = OPAUX(softplus_e)(x, p, &z);
    T s = (z >= 0 ? (T)1 : e) / ((T)1 + e);
    return z > thr ? g : g * s;
}

#undef T
#undef FM
#undef OP
#undef OPAUX
#undef FFMA
#undef FTWOPROD
#undef FTWOSUM
#undef FABS
