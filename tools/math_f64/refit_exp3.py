import pickle
from refit import round_refit, cheb_nodes, mp
mp.mp.dps = 40
g = lambda r: (mp.exp(r) - 1 - r - r*r/2)/(r**3) if r != 0 else mp.mpf(1)/6
xs = cheb_nodes(mp.mpf('-0.34720'), mp.mpf('0.34720'), 60)
for d in (9, 10):
    basis = [(lambda j: (lambda r: r**j))(j) for j in range(d)]
    cs, e = round_refit(basis, g, lambda r: abs(r)**3/abs(mp.expm1(r)), xs)
    print(d, 'err log2', float(mp.log(e, 2)), [float.hex(c) for c in cs])
    pickle.dump(cs, open('rr_exp3_%d.pkl' % d, 'wb'))
