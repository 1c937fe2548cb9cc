"""Fit the polynomial fastact uses near an interior zero of a gradient.

Near a zero x1 of f'(x), the closed form of f' cancels (its terms are O(1)
while their sum is O(x - x1)), so fastact evaluates f'(x1 + t) = t * q(t)
on a window |t| <= w instead, with x1 held as hi + lo and q a polynomial fitted
here in the relative sense (weights 1/|q|) at Chebyshev nodes, from mpmath
values at 50 digits.  Prints the root (hi/lo for float32 and float64), the
coefficients, and the fit's max relative error on a dense grid.

    python tools/fit_root_poly.py silu 0.6 10 float32
    python tools/fit_root_poly.py mish 0.016 4 float64   (float32 mish' in double)
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50


def silu_grad(x):
    s = 1 / (1 + mp.exp(-x))
    return s * (1 + x * (1 - s))


def mish_grad(x):
    sp = mp.log(1 + mp.exp(x))
    return mp.tanh(sp) + x * (1 - mp.tanh(sp) ** 2) / (1 + mp.exp(-x))


FUNCS = {"silu": (silu_grad, mp.mpf("-1.28")), "mish": (mish_grad, mp.mpf("-1.19"))}


def main(name, w, deg, dtype):
    f, guess = FUNCS[name]
    x1 = mp.findroot(f, guess)
    ftype = np.float32 if dtype == "float32" else np.float64
    hi = ftype(float(x1))
    lo = ftype(float(x1 - mp.mpf(float(hi))))
    n = 4 * deg + 40
    ts = [w * mp.cos(mp.pi * (k + 0.5) / n) for k in range(n)]
    qs = [f(x1 + t) / t for t in ts]
    # weighted least squares in mpmath precision: minimise relative error of q
    A = mp.matrix(n, deg + 1)
    b = mp.matrix(n, 1)
    for i, (t, q) in enumerate(zip(ts, qs)):
        for j in range(deg + 1):
            A[i, j] = t**j / q
        b[i] = 1
    c = mp.lu_solve(A.T * A, A.T * b)
    grid = [w * (2 * mp.mpf(k) / 2000 - 1) for k in range(2001) if k != 1000]
    err = max(abs(sum(c[j] * t**j for j in range(deg + 1)) / (f(x1 + t) / t) - 1) for t in grid)
    print(f"root {mp.nstr(x1, 25)}  hi {float(hi)!r}  lo {float(lo)!r}")
    print(f"max relative error of q on |t| <= {w}: {mp.nstr(err, 3)} "
          f"(2^{float(mp.log(err, 2)):.1f})")
    print("coefficients, t^0 first:")
    for j in range(deg + 1):
        print(f"  {mp.nstr(c[j], 21)}")


if __name__ == "__main__":
    name, w, deg, dtype = sys.argv[1], mp.mpf(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    main(name, w, deg, dtype)
