# sequential round-and-refit of linear minimax approximations
import sys, pickle
from fitlib import *
mp.mp.dps = 40

def round_refit(basis, f, w, xs, iters=40):
    """minimax sum c_j basis_j ~ f (weight w); coefficients rounded to double one at a time
    (lowest index first, the others refitted each time). returns floats, final weighted err"""
    n = len(basis); fixed = {}
    for k in range(n):
        free = [j for j in range(n) if j not in fixed]
        g = lambda x: f(x) - sum(fixed[j]*basis[j](x) for j in fixed)
        c, e = lawson_linear([basis[j] for j in free], g, w, xs, iters=iters)
        fixed[free[0]] = mp.mpf(float(c[0]))
    cs = [float(fixed[j]) for j in range(n)]
    err = max(abs(w(x)*(sum(mp.mpf(cs[j])*basis[j](x) for j in range(n)) - f(x))) for x in xs)
    return cs, err

def mono(d): return [(lambda j: (lambda t: t**j))(j) for j in range(d+1)]
out = {}
which = sys.argv[1] if len(sys.argv) > 1 and __name__ == "__main__" else None
dense = lambda a, b, n=200: [a + (b-a)*mp.mpf(i)/n for i in range(n+1)]
if which == 'exp':
    g = lambda r: (mp.exp(r) - 1 - r)/(r*r) if r != 0 else mp.mpf(1)/2
    xs = cheb_nodes(mp.mpf('-0.34720'), mp.mpf('0.34720'), 60)
    cs, e = round_refit(mono(9), g, lambda r: r*r/mp.exp(r), xs)
    chk = max(abs((1 + r + r*r*sum(mp.mpf(c)*r**j for j,c in enumerate(cs)))/mp.exp(r) - 1) for r in dense(mp.mpf('-0.3472'), mp.mpf('0.3472')))
if which == 'log':
    smax = (mp.sqrt(2)-1)/(mp.sqrt(2)+1) + mp.mpf('1e-6')
    g = lambda z: (2*mp.atanh(mp.sqrt(z)) - 2*mp.sqrt(z))/mp.sqrt(z)/z if z != 0 else mp.mpf(2)/3
    xs = cheb_nodes(0, smax**2, 50)
    cs, e = round_refit(mono(6), g, lambda z: z/2, xs)
    chk = max(abs(z/2*(sum(mp.mpf(c)*z**j for j,c in enumerate(cs)) - g(z))) for z in dense(mp.mpf(0), smax**2))
if which in ('phic', 'erf', 'ggc'):
    if which == 'phic':
        c0 = 1/mp.sqrt(2*mp.pi); T = 1
        F = lambda t: (mp.ncdf(mp.sqrt(t)) - mp.mpf(1)/2)/mp.sqrt(t)
        w = lambda t: t*mp.sqrt(t)/mp.ncdf(-mp.sqrt(t))
    elif which == 'erf':
        c0 = 2/mp.sqrt(mp.pi); T = mp.mpf(1)/2
        F = lambda t: mp.erf(mp.sqrt(t))/mp.sqrt(t)
        w = lambda t: t*mp.sqrt(t)/mp.erfc(mp.sqrt(t))
    else:
        c0 = mp.sqrt(2/mp.pi); T = 1
        F = lambda t: (mp.ncdf(mp.sqrt(t)) - mp.mpf(1)/2)/mp.sqrt(t) + mp.npdf(mp.sqrt(t))
        w = lambda t: t*mp.sqrt(t)*4
    g = lambda t: (F(t) - c0)/t
    xs = cheb_nodes(mp.mpf('1e-30'), T, 60)
    cs, e = round_refit(mono(9), g, w, xs)
    chk = max(abs(w(t)*(sum(mp.mpf(c)*t**j for j,c in enumerate(cs)) - g(t))) for t in dense(mp.mpf('1e-20'), T))
if which: print(which, 'weighted err log2', float(mp.log(e, 2)), 'dense check', float(mp.log(chk, 2)))
if which: print([float.hex(c) for c in cs])
if which: pickle.dump(cs, open('rr_%s.pkl' % which, 'wb'))
