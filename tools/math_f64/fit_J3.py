import sys, numpy as np
from fitlib import *
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
lo = mp.mpf(sys.argv[1]); hi = mp.mpf(sys.argv[2]); np_ = int(sys.argv[3]); nq = int(sys.argv[4])
# nodes: denser near lo; use cheb in log(a)
ls = cheb_nodes(mp.log(lo), mp.log(hi), 140)
xs = [mp.exp(l) for l in ls]
pc, qc, err = lawson_rational(J, lambda a: 1/J(a), xs, np_, nq, iters=int(sys.argv[5]), inner=40)
print(sys.argv[1:], 'relerr', mp.nstr(err, 5), float(mp.log(err,2)))
P = [float(c) for c in pc]; Q = [1.0] + [float(c) for c in qc]
print('P', P); print('Q', Q)
# evaluate in double
worst = 0; worst_a=None
for a in np.exp(np.linspace(np.log(float(lo)), np.log(float(hi)), 3000)):
    p = 0.0
    for c in reversed(P): p = p*a + c
    q = 0.0
    for c in reversed(Q): q = q*a + c
    j = p/q
    ex = J(mp.mpf(a))
    e = abs((j - ex)/ex)*2**52
    if e > worst: worst, worst_a = float(e), a
print('double eval rel err (units 2^-52):', worst, worst_a)
import pickle; pickle.dump((pc, qc), open('J_%s_%s_%d_%d.pkl'%(sys.argv[1],sys.argv[2],np_,nq),'wb'))
