import numpy as np, mpmath as mp
from scipy.special import erfcx
mp.mp.dps = 40
def minimax(f, a, b, deg, rel=True, N=3000, iters=60, basis_center=0.0):
    # Lawson IRLS on Chebyshev nodes; returns monomial coefs in (t - center)
    k = np.arange(N); t = (a+b)/2 + (b-a)/2*np.cos(np.pi*(k+0.5)/N)
    y = np.array([f(v) for v in t], dtype=np.float64)
    s = t - basis_center
    # scaled basis for conditioning
    sc = max(abs(a-basis_center), abs(b-basis_center))
    V = np.vander(s/sc, deg+1, increasing=True)
    w = np.ones(N)
    wt = 1/np.abs(y) if rel else np.ones(N)
    for it in range(iters):
        A = V*(np.sqrt(w)*wt)[:,None]; rhs = y*np.sqrt(w)*wt
        c, *_ = np.linalg.lstsq(A, rhs, rcond=None)
        e = np.abs((V@c - y)*wt)
        w = w*e; w /= w.sum()
    c = c / sc**np.arange(deg+1)
    return c, e.max()
if __name__ == "__main__":
    for p in [0.5, 0.6, 0.7]:
        for deg in [12, 14, 16, 18, 20]:
            # F(t) = erfcx(z)/t with t = 1/(1+p z); z = (1/t - 1)/p
            tmin = 1/(1+p*10.1)
            f = lambda t: erfcx((1/t-1)/p)/t
            c, e = minimax(f, tmin, 1.0, deg, basis_center=(tmin+1)/2)
            print(p, deg, e)
