import sys
from fitlib import *
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
am = mp.mpf(sys.argv[1]); np_ = int(sys.argv[2]); nq = int(sys.argv[3])
# map a in [am, inf): use variable a directly; sample nodes via t = am/a in (0,1]
ts = cheb_nodes(mp.mpf('0.0005'), 1, 120)
xs = [am/t for t in ts]
pc, qc, err = lawson_rational(J, lambda a: 1/J(a), xs, np_, nq, iters=6, inner=30)
print(am, np_, nq, 'relerr', mp.nstr(err, 5), float(mp.log(err,2)))
