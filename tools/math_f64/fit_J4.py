import sys, pickle
from fitlib import *
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
lo = mp.mpf(sys.argv[1]); hi = mp.mpf(sys.argv[2]); c = mp.mpf(sys.argv[3]); np_ = int(sys.argv[4]); nq = int(sys.argv[5])
f = lambda d: J(d + c)
if hi > 10:
    ls = cheb_nodes(mp.log(lo), mp.log(hi), 120); xs = [mp.exp(l) - c for l in ls]
else:
    xs = [v - c for v in cheb_nodes(lo, hi, 80)]
pc, qc, err = lawson_rational(f, lambda d: 1/(f(d) + d + c), xs, np_, nq, iters=int(sys.argv[6]), inner=30)
print(sys.argv[1:], 'relerr', float(mp.log(err,2)), flush=True)
pickle.dump(([float(v) for v in pc], [float(v) for v in qc]), open('J4_%s_%s_%d_%d.pkl'%(sys.argv[1],sys.argv[2],np_,nq),'wb'))
