from fit import *
import math
from scipy.special import erf as serf
ln2h = math.log(2)/2*1.0005
for deg in [6,7,8]:
    c,e = minimax(lambda r: mp.exp(r), -ln2h, ln2h, deg); print('exp', deg, e)
for deg in [5,6,7]:
    # expm1(r)/r
    c,e = minimax(lambda r: float(mp.expm1(r)/r) if r!=0 else 1.0, -ln2h, ln2h, deg); print('expm1/r', deg, e)
a, b = math.sqrt(.5)-1, math.sqrt(2)-1
for deg in [9,10,11,12]:
    c,e = minimax(lambda f: float(mp.log1p(f)/f) if f!=0 else 1.0, a*1.0005, b*1.0005, deg); print('log1p/f', deg, e)
for xm in [0.6, 0.75]:
  for deg in [5,6,7,8]:
    c,e = minimax(lambda s: float(mp.erf(mp.sqrt(s))/mp.sqrt(s)) if s>0 else float(2/mp.sqrt(mp.pi)), 0, xm*xm, deg); print('erf', xm, deg, e)
