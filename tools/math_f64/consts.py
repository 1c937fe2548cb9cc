import mpmath as mp
mp.mp.dps = 50
def hilo(v):
    h = float(v); l = float(v - mp.mpf(h)); return h, l
def fmt(v): return float.hex(v)
C = {
 'INVLN2': 1/mp.log(2), 'C_ISQRT2PI': 1/mp.sqrt(2*mp.pi), 'C_SQRT2OPI': mp.sqrt(2/mp.pi),
 'C_2OSQRTPI': 2/mp.sqrt(mp.pi), 'C_SQRT2': mp.sqrt(2),
 'C_GT2': 2*mp.sqrt(2/mp.pi), 'C_GT2K': 2*mp.sqrt(2/mp.pi)*mp.mpf('0.044715'),
 'C_LN2': mp.log(2),
}
for k, v in C.items():
    h, l = hilo(v); print(k, fmt(h), fmt(l), mp.nstr(v, 20))
# ln2 hi with 32 bits (fdlibm)
ln2 = mp.log(2)
h = float(mp.floor(ln2 * 2**32)/2**32)
print('LN2HI', fmt(h), 'LN2LO', fmt(float(ln2 - h)))
