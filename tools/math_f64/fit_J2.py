import sys
from fitlib import *
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
lo = mp.mpf(sys.argv[1]); hi = mp.mpf(sys.argv[2]); np_ = int(sys.argv[3]); nq = int(sys.argv[4])
xs = cheb_nodes(lo, hi, 100)
pc, qc, err = lawson_rational(J, lambda a: 1/J(a), xs, np_, nq, iters=5, inner=25)
print(sys.argv[1:], 'relerr', mp.nstr(err, 5), float(mp.log(err,2)))
