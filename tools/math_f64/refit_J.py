import sys, pickle
from refit import round_refit, cheb_nodes, mp
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
res = {}
for (lo, hi, c, fn) in [(1, 5, 1, 'J4_1_5_6_7.pkl'), (5, 40, 5, 'J4_5_40_6_7.pkl')]:
    pc, qc = pickle.load(open(fn, 'rb'))
    qc = [float(v) for v in qc]
    Qf = lambda d: 1 + sum(mp.mpf(qc[j])*d**(j+1) for j in range(len(qc)))
    basis = [(lambda j: (lambda d: d**j/Qf(d)))(j) for j in range(len(pc))]
    f = lambda d: J(d + c)
    w = lambda d: 1/(J(d + c) + d + c)
    if hi > 10:
        ls = cheb_nodes(mp.log(lo), mp.log(hi), 100); xs = [mp.exp(l) - c for l in ls]
    else:
        xs = [v - c for v in cheb_nodes(mp.mpf(lo), mp.mpf(hi), 70)]
    cs, e = round_refit(basis, f, w, xs, iters=30)
    dense = [mp.mpf(lo) + (hi-lo)*mp.mpf(i)/400 - c for i in range(401)]
    chk = max(abs(w(d)*(sum(mp.mpf(cs[j])*basis[j](d) for j in range(len(cs))) - f(d))) for d in dense)
    print(lo, hi, 'weighted err', float(mp.log(e,2)), 'dense', float(mp.log(chk,2)), flush=True)
    res[(lo,hi)] = (cs, qc)
pickle.dump(res, open('rr_J.pkl','wb'))
