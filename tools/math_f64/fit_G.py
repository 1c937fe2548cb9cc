import sys
from fitlib import *
mp.mp.dps = 40
def R(a): return mp.sqrt(mp.pi/2)*mp.erfc(a/mp.sqrt(2))*mp.exp(a*a/2)
def J(a): return 1/R(a) - a
A = mp.mpf(sys.argv[1]); m = int(sys.argv[2])
# G(u) = a*J(a), u = 1/a^2 in (0, 1/A^2]
f = lambda u: J(1/mp.sqrt(u))/mp.sqrt(u)
xs = cheb_nodes(mp.mpf(1)/(40*40), 1/A**2, 80)
pc, qc, err = lawson_rational(f, lambda u: 1/f(u), xs, m, m, iters=5, inner=25)
print('G', sys.argv[1:], 'relerr', mp.nstr(err, 5), float(mp.log(err,2)))
