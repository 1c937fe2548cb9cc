"""Fit the float32 GELU polynomials of csrc/fa_math_f32.h (fa_gelu_f32 and
fa_gelu_grad_f32).

    python tools/math_f32/fit_gelu_f32.py [piece ...]   # coefficients and errors
    python tools/math_f32/fit_gelu_f32.py tanh [degree] # fa_tanh_lean_f32's odd polynomial
    python tools/math_f32/fit_gelu_f32.py exp_lean [degree] # fa_exp_kq_f32's q

Variables: a = |x|, G(a) = Phi(-a) e^(a^2/2) (= erfcx(a/sqrt2)/2),
F(a) = a G(a), a0 = 0.7517915... the zero of gelu' (x0 = -a0), so that
gelu(-a) = -e^(-a^2/2) F(a) and gelu'(-a) = e^(-a^2/2) (a0 - a) H(a) with
H(a) = (G(a) - a/sqrt(2 pi))/(a0 - a) (smooth, 0.40..0.67).  The float
kernels put these smooth factors into the exponent, as logs (an absolute
error of the log is the same relative error of the result):
  fwd_small,  a <= AS: ln(2 G(a))  in w = a - AS/2             (prefactor a/2)
  fwd_large,  a >= AS: ln(2 F(a))  in w = t - tc, t = 1/(1+a)   (prefactor 1/2)
  grad_small, a <= GS: ln(2 H(a))  in w = a - GS/2        (prefactor (a0-a)/2)
  grad_large, a >= GS: ln(2 H(a))  in w = t - tc, t = 1/(1+a/2)
  exp_q2:     q2(r) = (e^r - 1 - r)/r^2 on the float exp's reduced range
  exp_q5:     q(r) = (e^r - 1)/r, degree 5, same range (the gradient's exp)
Single polynomials over the whole range converge slowly (the logs have
singularities near a = -1 / at t = 0): degree 10 left 2^-19..2^-25; two
pieces of degree 7-8 reach 2^-26..2^-29.
Fit: Lawson's iteratively reweighted least squares on Chebyshev nodes
(minimax of the absolute error), values from mpmath at 40 digits; the
coefficients are rounded to float32 lowest degree first, the higher ones
refitted after each rounding (rounding all at once lost up to 3 bits), and
the error is re-measured with the float coefficients on a 20001-point grid
(in double: approximation error only).
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 40
AF, AG, AS, GS = 14.5, 19.8, 1.75, 1.5
SQ2PI = mp.sqrt(2 * mp.pi)


def G(a):
    return mp.erfc(a / mp.sqrt(2)) * mp.exp(a * a / 2) / 2


A0 = mp.findroot(lambda a: G(a) - a / SQ2PI, mp.mpf("0.75"))


def F(a):
    return a * G(a)


def H(a):
    if abs(a - A0) < mp.mpf("1e-15"):
        a = A0 + mp.mpf("1e-15")
    return (G(a) - a / SQ2PI) / (A0 - a)


def lawson(xs, ys, deg, iters=400, first=0):
    """coefficients of x^first .. x^deg"""
    V = np.array([[x**j for j in range(first, deg + 1)] for x in xs])
    y = np.array(ys)
    w = np.ones(len(xs)) / len(xs)
    for _ in range(iters):
        sw = np.sqrt(w)
        c = np.linalg.lstsq(V * sw[:, None], y * sw, rcond=None)[0]
        e = np.abs(V @ c - y)
        w = w * e
        w /= w.sum()
    return c


def fit(name, f, lo, hi, deg, center):
    n = 60 * deg
    nodes = [(lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (k + 0.5) / n) for k in range(n)]
    ys = [float(f(mp.mpf(x))) for x in nodes]
    xs = np.array(nodes) - center
    # round the coefficients to float32 one at a time, lowest degree first,
    # refitting the higher ones around each rounded value
    fixed = []
    for j in range(deg + 1):
        rest = np.array(ys) - sum(c * xs**i for i, c in enumerate(fixed))
        c = lawson(xs, rest, deg, first=j)
        fixed.append(float(np.float32(c[0])))
    c32 = np.array(fixed, dtype=np.float32)
    grid = np.linspace(lo, hi, 20001)
    ref = np.array([float(f(mp.mpf(x))) for x in grid])
    err = np.abs(np.polyval(c32[::-1].astype(np.float64), grid - center) - ref)
    print(f"{name}: degree {deg} on [{lo:.6g}, {hi:.6g}] in (x - {float(center).hex()}): "
          f"max abs error {err.max():.3g} (2^{np.log2(err.max()):.1f}), "
          f"range [{ref.min():.4f}, {ref.max():.4f}]")
    print("   highest degree first: " + ", ".join(float(v).hex() + "f" for v in c32[::-1]))


PIECES = {
    # name: (function of the variable, lo, hi, degree, centre (None: the middle))
    "fwd_small": (lambda a: mp.log(2 * G(a)), 0.0, AS, 8, AS / 2),
    "fwd_large": (lambda t: mp.log(2 * F(1 / t - 1)), 1 / (1 + AF), 1 / (1 + AS), 8, None),
    # e^r = 1 + r + r^2 q2(r) on the reduced range of the float exp (|r| <= ln2/2,
    # widened by 0.2% for the rounded k); q2 = 1/2 + r/6 + ...
    "exp_q2": (lambda r: (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(0.5),
               -0.3473, 0.3473, 5, 0.0),
    # e^r = 1 + r q(r) for the gradient (4 ulp budget: degree 5 is enough)
    "exp_q5": (lambda r: (mp.exp(r) - 1) / r if r != 0 else mp.mpf(1), -0.3473, 0.3473, 5, 0.0),
    "grad_small": (lambda a: mp.log(2 * H(a)), 0.0, GS, 7, GS / 2),
    "grad_large": (lambda t: mp.log(2 * H(2 * (1 / t - 1))), 1 / (1 + AG / 2), 1 / (1 + GS / 2),
                   7, None),
}

if __name__ == "__main__":
    hi = np.float32(float(A0))
    print(f"a0 = {mp.nstr(A0, 25)}  float hi {float(hi).hex()}  "
          f"lo {float(np.float32(float(A0 - mp.mpf(float(hi))))).hex()}")
    for name in [n for n in sys.argv[1:] if n in PIECES] or (list(PIECES) if len(sys.argv) == 1 else []):
        f, lo, hi_, deg, c = PIECES[name]
        fit(name, f, lo, hi_, deg, float(np.float32((lo + hi_) / 2)) if c is None else c)


def fit_tanh(deg=6, amax=0.55):
    """tanh(a) = a + a^3 P(a^2) on [0, amax]: P in s = a^2, minimax of the
    error of a^2 P relative to tanh(a)/a (the error it puts in the result)."""
    n = 60 * deg
    ss = [amax**2 / 2 * (1 + np.cos(np.pi * (k + 0.5) / n)) for k in range(n)]
    tgt = [float((mp.tanh(mp.sqrt(s)) / mp.sqrt(s) - 1) / s) if s > 0 else -1 / 3 for s in ss]
    wts = np.array([s / float(mp.tanh(mp.sqrt(s)) / mp.sqrt(s)) for s in ss])
    V = np.array([[s**j for j in range(deg + 1)] for s in ss]) * wts[:, None]
    y = np.array(tgt) * wts
    w = np.ones(n) / n
    for _ in range(400):
        sw = np.sqrt(w)
        c = np.linalg.lstsq(V * sw[:, None], y * sw, rcond=None)[0]
        e = np.abs(V @ c - y)
        w = w * e
        w /= w.sum()
    c32 = c.astype(np.float32)
    grid = np.linspace(1e-6, amax, 20001)
    ref = np.array([float(mp.tanh(mp.mpf(a))) for a in grid])
    val = grid + grid**3 * np.polyval(c32[::-1].astype(np.float64), grid**2)
    err = np.abs(val / ref - 1)
    print(f"tanh: P degree {deg} on a <= {amax}: max relative error of a + a^3 P "
          f"{err.max():.3g} (2^{np.log2(err.max()):.1f})")
    print("   highest degree first: " + ", ".join(float(v).hex() + "f" for v in c32[::-1]))


def fit_exp_lean(deg=5):
    """q(r) = (e^r - 1)/r of fa_exp_kq_f32 (e^r = 1 + r q): the error that
    counts is r (q - q*), so Lawson's weights are on that; q0 = 1 and q1 = 1/2
    are kept exact, the rest rounded to float32 lowest first, refitting the
    higher ones after each rounding."""
    lim = 0.3466 * 1.003  # ln2/2, widened for the rounded k
    n = 2000
    r = np.cos(np.pi * (np.arange(n) + 0.5) / n) * lim
    tq = np.array([float((mp.exp(mp.mpf(x)) - 1) / mp.mpf(x)) for x in r])
    fixed = [1.0, 0.5]
    for j in range(2, deg + 1):
        rest = tq - sum(c * r**i for i, c in enumerate(fixed))
        V = np.array([[x**i for i in range(j, deg + 1)] for x in r])
        w = np.ones(n) / n
        for _ in range(300):
            sw = np.sqrt(w) * np.abs(r)
            c = np.linalg.lstsq(V * sw[:, None], rest * sw, rcond=None)[0]
            e = np.abs(r * (V @ c - rest))
            w = w * e
            w /= w.sum()
        fixed.append(float(np.float32(c[0])))
    grid = np.linspace(-lim, lim, 100001)
    p = 1 + grid * np.polyval(np.array(fixed)[::-1], grid)
    err = np.abs(p / np.exp(grid) - 1).max()
    print(f"exp_lean: q degree {deg}, max relative error of 1 + r q 2^{np.log2(err):.1f}")
    print("   highest degree first: " + ", ".join(float(v).hex() + "f" for v in fixed[::-1]))


if __name__ == "__main__" and "exp_lean" in sys.argv[1:]:
    fit_exp_lean(int(sys.argv[2]) if len(sys.argv) > 2 else 5)

if __name__ == "__main__" and "tanh" in sys.argv[1:]:
    fit_tanh(int(sys.argv[2]) if len(sys.argv) > 2 else 6)



def fit_tanhshrink(deg=9, amax=1.25):
    """tanhshrink(a) = a - tanh(a) = a^3 Q(s), s = a^2 <= amax^2, Q = 1/3 -
    2s/15 + ... centred: Q = Q0 + w P(w), w = s - s0, s0 = amax^2/2 (an
    uncentred Horner in s alternates with slowly falling terms and its float
    roundings reached 2 ulp of R).  Minimax of the error of w P relative to
    Q; Q0 = Q(s0) as a float hi + lo; P's coefficients rounded to float32
    lowest degree first, the higher ones refitted after each rounding."""
    n = 60 * deg
    smax = amax * amax
    s0 = float(np.float32(smax / 2))
    ss = np.array([smax / 2 * (1 + np.cos(np.pi * (k + 0.5) / n)) for k in range(n)])

    def Q(s):
        if s == 0:
            return mp.mpf(1) / 3
        a = mp.sqrt(mp.mpf(s))
        return (a - mp.tanh(a)) / a**3

    q0 = Q(s0)
    q0h = float(np.float32(float(q0)))
    q0l = float(np.float32(float(q0 - q0h)))
    ws = ss - s0
    qv = np.array([float(Q(s)) for s in ss])
    pv = np.array([float((Q(s) - q0) / (mp.mpf(s) - s0)) for s in ss])
    wts = np.abs(ws) / qv
    fixed = []
    for j in range(deg + 1):
        rest = pv - sum(c * ws**i for i, c in enumerate(fixed))
        V = np.array([[x**i for i in range(j, deg + 1)] for x in ws]) * wts[:, None]
        w = np.ones(n) / n
        for _ in range(300):
            sw = np.sqrt(w)
            c = np.linalg.lstsq(V * sw[:, None], rest * wts * sw, rcond=None)[0]
            e = np.abs(V @ c - rest * wts)
            w = w * e
            w /= w.sum()
        fixed.append(float(np.float32(c[0])))
    grid = np.linspace(0, smax, 20001)
    ref = np.array([float(Q(s)) for s in grid])
    val = (q0h + q0l) + (grid - s0) * np.polyval(np.array(fixed)[::-1], grid - s0)
    err = np.abs(val / ref - 1).max()
    print(f"tanhshrink: P degree {deg} in w = s - {s0.hex()} (a <= {amax}): Q0 = "
          f"{q0h.hex()}f + {q0l.hex()}f, max relative error of Q0 + w P 2^{np.log2(err):.1f}")
    print("   highest degree first: " + ", ".join(float(v).hex() + "f" for v in fixed[::-1]))


if __name__ == "__main__" and "tanhshrink" in sys.argv[1:]:
    fit_tanhshrink(int(sys.argv[2]) if len(sys.argv) > 2 else 9,
                   float(sys.argv[3]) if len(sys.argv) > 3 else 1.25)
