import numpy as np, mpmath as mp, math, json
mp.mp.dps = 40
L = math.log(2)/2*1.003
N = 2000
k = np.arange(N); t = L*np.cos(np.pi*(k+0.5)/N)
y = np.array([float((mp.exp(v) - 1 - v - v*v/2)/v**3) for v in t])
wt = np.abs(t)**3/np.exp(t)
for deg in (3, 4):
    V = np.vander(t/L, deg+1, increasing=True); w = np.ones(N)
    for it in range(200):
        A = V*(np.sqrt(w)*wt)[:,None]; c, *_ = np.linalg.lstsq(A, y*np.sqrt(w)*wt, rcond=None)
        e = np.abs((V@c - y)*wt); w = w*e; w /= w.sum()
    c = c / L**np.arange(deg+1)
    cf = [float(np.float32(v)) for v in c]
    rs = np.linspace(-L, L, 4001)
    err = max(abs(float((1 + mp.mpf(r) + mp.mpf(r)**2/2 + mp.mpf(r)**3*sum(cc*mp.mpf(r)**i for i, cc in enumerate(cf))) / mp.exp(r) - 1)) for r in rs)
    print(deg, e.max(), err, [v.hex() for v in cf])
    json.dump(cf, open('q2_%d.json' % deg, 'w'))
