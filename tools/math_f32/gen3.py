import numpy as np, mpmath as mp, json
from fit import minimax
mp.mp.dps = 50
k0 = mp.sqrt(2/mp.pi); k1 = mp.mpf('0.044715')
g = lambda x: mp.ncdf(x) + x*mp.npdf(x)
def gt(x):
    u = k0*(x + k1*x**3); up = k0*(1+3*k1*x**2)
    s = 1/(1+mp.exp(-2*u)); return s + 2*x*up*s*(1-s)
out = json.load(open('coefs.json'))
W = 0.0105
for name, fn in (('G', g), ('GT', gt)):
    r = mp.findroot(fn, -0.75)
    hi = float(r); lo = float(r - hi)
    T = lambda d, r=r, fn=fn: fn(r + d)/d if d != 0 else mp.diff(fn, r)
    c, e = minimax(T, -W, W, 4, N=600, iters=60)
    # check in double Horner vs mp on dense grid
    ds = np.linspace(-W, W, 3001); mx = 0
    for d in ds:
        p = 0.0
        for cc in c[::-1]: p = p*d + cc
        if d != 0: mx = max(mx, abs(p*d/float(fn(r+d)) - 1))
    print(name, e, mx, hi, lo)
    out[name] = (list(c), hi, lo, mx)
json.dump(out, open('coefs.json', 'w'))
