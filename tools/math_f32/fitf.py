import numpy as np, mpmath as mp, math, json
from fit import minimax
mp.mp.dps = 40
L = math.log(2)/2*1.003
# e^r = 1 + r + r^2/2 + r^3 Q2(r)
Q2 = lambda r: (mp.exp(r) - 1 - r - r*r/2)/r**3 if abs(r) > 1e-30 else mp.mpf(1)/6
for deg in (2, 3, 4):
    c, e = minimax(Q2, -L, L, deg, rel=False, N=2000)
    cf = [float(np.float32(v)) for v in c]
    rs = np.linspace(-L, L, 20001)
    err = max(abs(float((1 + mp.mpf(r) + mp.mpf(r)**2/2 + mp.mpf(r)**3*sum(cc*r**i for i, cc in enumerate(cf))) / mp.exp(r) - 1)) for r in rs[::7])
    print(deg, e, err, [v.hex() for v in cf])
    json.dump(cf, open('q2_%d.json' % deg, 'w'))
import struct
ln2 = mp.log(2)
hi24 = float(np.float32(float(ln2))); lo24 = float(np.float32(float(ln2 - hi24)))
hi16 = float(mp.floor(ln2 * 2**16) / 2**16); lo16 = float(np.float32(float(ln2 - hi16)))
print('hi24', hi24.hex(), 'lo24', lo24.hex(), 'hi16', hi16.hex(), 'lo16', lo16.hex())
print('log2e', float(np.float32(float(1/ln2))).hex())
