import mpmath as mp
mp.mp.dps = 50
Phi = lambda x: mp.ncdf(x)
phi = lambda x: mp.npdf(x)
g = lambda x: Phi(x) + x*phi(x)
x0 = mp.findroot(g, -0.75)
print('x0', x0)
k0 = mp.sqrt(2/mp.pi); k1 = mp.mpf('0.044715')
def gt(x):
    u = k0*(x + k1*x**3)
    s = 1/(1+mp.exp(-2*u))
    return mp.diff(lambda y: y/(1+mp.exp(-2*k0*(y + k1*y**3))), x)
def gt2(x):
    u = k0*(x + k1*x**3); up = k0*(1+3*k1*x**2)
    s = 1/(1+mp.exp(-2*u))
    return s + 2*x*up*s*(1-s)
x1 = mp.findroot(gt2, -0.75)
print('x1', x1, gt(x1))
print('g\'(x0)', mp.diff(g, x0), 'gt\'(x1)', mp.diff(gt2, x1))
import numpy as np
# nearest floats
for r in (x0, x1):
    f = np.float32(float(r)); 
    c = [np.nextafter(f, np.float32(-1)), f, np.nextafter(f, np.float32(0))]
    print([ (float(v), float(mp.mpf(float(v)) - r)) for v in c])
