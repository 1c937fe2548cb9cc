import sys
from fitlib import *
mp.mp.dps = 40
def C(t):
    if t == 0: return 1/mp.sqrt(2*mp.pi)
    x = mp.sqrt(t); return (mp.ncdf(x) - mp.mpf(1)/2)/x
am = mp.mpf(sys.argv[1])
xs = cheb_nodes(0, am*am, 60)
for d in range(int(sys.argv[2]), int(sys.argv[3])):
    c, e = lawson_linear([ (lambda j: (lambda t: t**j))(j) for j in range(d+1)], C, lambda t: 1/C(t), xs, iters=40)
    print(sys.argv[1], d, float(mp.log(e,2)))
