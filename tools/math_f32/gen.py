import numpy as np, mpmath as mp, math, json
from fit import minimax
from scipy.special import erfcx
mp.mp.dps = 40
out = {}
def check(f_ref, coefs, center, a, b, rel=True, n=20000):
    xs = np.linspace(a, b, n)
    s = xs - center
    p = np.zeros_like(xs)
    for c in coefs[::-1]: p = p*s + c
    ref = np.array([float(f_ref(v)) for v in xs])
    e = (p-ref)/(np.abs(ref) if rel else 1)
    return np.abs(e).max()
L = math.log(2)/2*1.002
qf = lambda r: mp.expm1(r)/r if r != 0 else mp.mpf(1)
for deg in (6, 7):
    c, e = minimax(qf, -L, L, deg); out['Q%d'%deg] = (list(c), 0.0, check(qf, c, 0, -L, L))
a, b = math.sqrt(.5)-1, math.sqrt(2)-1
lf = lambda f: mp.log1p(f)/f if f != 0 else mp.mpf(1)
c, e = minimax(lf, a*1.001, b*1.001, 11); out['L11'] = (list(c), 0.0, check(lf, c, 0, a*1.001, b*1.001))
ef = lambda s: mp.erf(mp.sqrt(s))/mp.sqrt(s) if s > 0 else 2/mp.sqrt(mp.pi)
c, e = minimax(ef, 0, 0.6**2*1.001, 5); out['ERF5'] = (list(c), 0.0, check(ef, c, 0, 0, 0.6**2*1.001))
best = None
ZMAX = 10.7
for p in (0.3, 0.35, 0.4, 0.45, 0.5):
    tmin = 1/(1+p*ZMAX)
    f = lambda t: erfcx((1/t-1)/p)/t
    cen = (tmin+1)/2
    c, e = minimax(f, tmin, 1.0, 12, basis_center=cen, iters=100)
    fm = lambda t: mp.erfc((1/mp.mpf(t)-1)/p)*mp.exp(((1/mp.mpf(t)-1)/p)**2)/t
    e2 = check(fm, c, cen, tmin, 1.0, n=4000)
    print(p, e, e2)
    if best is None or e2 < best[0]: best = (e2, p, list(c), cen)
out['ERFC'] = (best[2], best[3], best[0], best[1])
print(best[0], best[1])
json.dump(out, open('coefs.json', 'w'))
for k, v in out.items(): print(k, v[2] if k!='ERFC' else v[2])
