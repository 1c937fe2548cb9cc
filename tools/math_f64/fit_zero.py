import sys, pickle
from refit import round_refit, cheb_nodes, mp
mp.mp.dps = 50
K = mp.mpf('0.044715'); C2 = 2*mp.sqrt(2/mp.pi)
def gg(x): return mp.ncdf(x) + x*mp.npdf(x)
def w(x): return C2*(x + K*x**3)
def gtg(x):
    W = w(x); wp = C2*(1 + 3*K*x*x); s = 1/(1 + mp.exp(-W)); return s + x*s*(1 - s)*wp
res = {}
W = mp.mpf(sys.argv[1]) if len(sys.argv) > 1 else mp.mpf(1)/16
for name, g in [('gg', gg), ('gtg', gtg)]:
    x0 = mp.findroot(g, mp.mpf('-0.752'))
    h = float(x0); l = float(x0 - mp.mpf(h))
    print(name, 'x0 =', mp.nstr(x0, 30), float.hex(h), float.hex(l))
    c0 = mp.diff(g, x0); c0h = float(c0); c0l = float(c0 - mp.mpf(c0h))
    print(name, 'c0', float.hex(c0h), float.hex(c0l))
    f = lambda d: g(x0 + d)/d if d != 0 else c0
    xs = cheb_nodes(-W, W, 50)
    for deg in range(int(sys.argv[2]), int(sys.argv[3])):
        basis = [(lambda j: (lambda d: d**j))(j) for j in range(1, deg+1)]
        cs, e = round_refit(basis, lambda d: f(d) - c0, lambda d: 1/f(d), xs, iters=30)
        cs = [c0h, c0l] + cs
        print(name, deg, 'rel err log2', float(mp.log(e, 2)), flush=True)
        res[(name, deg)] = (h, l, cs)
pickle.dump(res, open('rr_zero.pkl', 'wb'))
