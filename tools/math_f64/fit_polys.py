import sys, pickle
from fitlib import *
mp.mp.dps = 40
out = {}
def mono(d, start=0): return [ (lambda j: (lambda t: t**j))(j) for j in range(start, start+d+1)]
def report(name, c, e):
    print(name, 'deg', len(c)-1, 'err log2', float(mp.log(e, 2)))
    out[name] = [float(v) for v in c]
which = sys.argv[1]
if which == 'exp':
    for d in (8, 9, 10):
        g = lambda r: (mp.exp(r) - 1 - r)/(r*r) if r != 0 else mp.mpf(1)/2
        xs = cheb_nodes(mp.mpf('-0.34720'), mp.mpf('0.34720'), 60)
        c, e = lawson_linear(mono(d), g, lambda r: r*r/mp.exp(r), xs, iters=60)
        report('exp%d' % d, c, e)
if which == 'log':
    for d in (6, 7):
        smax = (mp.sqrt(2)-1)/(mp.sqrt(2)+1) + mp.mpf('1e-6')
        g = lambda z: (2*mp.atanh(mp.sqrt(z)) - 2*mp.sqrt(z))/mp.sqrt(z)/z if z != 0 else mp.mpf(2)/3
        xs = cheb_nodes(0, smax**2, 50)
        # error in log: s*z*P err -> abs; relative to log ~ 2s: weight z/2
        c, e = lawson_linear(mono(d-1), g, lambda z: z/2, xs, iters=60)
        report('log%d' % d, c, e)
if which == 'phic':
    c0 = 1/mp.sqrt(2*mp.pi)
    def C(t):
        x = mp.sqrt(t); return (mp.ncdf(x) - mp.mpf(1)/2)/x
    for d in (8, 9, 10):
        g = lambda t: (C(t) - c0)/t
        xs = cheb_nodes(mp.mpf('1e-30'), 1, 60)
        # Phi(-x) = 0.5 - x C: amplification; weight = t*x/Phi(-x)
        w = lambda t: t*mp.sqrt(t)/mp.ncdf(-mp.sqrt(t))
        c, e = lawson_linear(mono(d), g, w, xs, iters=60)
        report('phic%d' % d, c, e)
if which == 'erfc':
    e0 = 2/mp.sqrt(mp.pi)
    def E(t):
        z = mp.sqrt(t); return mp.erf(z)/z
    for d in (8, 9, 10):
        g = lambda t: (E(t) - e0)/t
        xs = cheb_nodes(mp.mpf('1e-30'), mp.mpf('0.5'), 60)
        w = lambda t: t*mp.sqrt(t)/mp.erfc(mp.sqrt(t))
        c, e = lawson_linear(mono(d), g, w, xs, iters=60)
        report('erfc%d' % d, c, e)
if which == 'ggrad':
    g0 = mp.sqrt(2/mp.pi)
    def G(t):
        x = mp.sqrt(t); return (mp.ncdf(x) - mp.mpf(1)/2)/x + mp.npdf(x)
    for d in (8, 9, 10):
        g = lambda t: (G(t) - g0)/t
        xs = cheb_nodes(mp.mpf('1e-30'), 1, 60)
        # relative to g(x)=0.5+xG at both signs: use weight t*x/0.25 (abs error scaled); near zero handled separately
        w = lambda t: t*mp.sqrt(t)*4
        c, e = lawson_linear(mono(d), g, w, xs, iters=60)
        report('ggrad%d' % d, c, e)
pickle.dump(out, open('poly_%s.pkl' % which, 'wb'))
