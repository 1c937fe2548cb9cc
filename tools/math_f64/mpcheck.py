import mpmath as mp, random, subprocess, sys
mp.mp.dps = 60
random.seed(1)
K = mp.mpf('0.044715'); C2 = 2*mp.sqrt(2/mp.pi)
def ndtr(x): return mp.ncdf(x)
def w(x): return C2*(x + K*x**3)
def sig(v): return 1/(1 + mp.exp(-v))
F = [lambda x: mp.exp(x), lambda x: mp.expm1(x), lambda x: mp.log1p(x), lambda x: mp.tanh(x),
     lambda x: mp.erf(x), lambda x: mp.erfc(x), ndtr, lambda x: mp.npdf(x),
     lambda x: x*ndtr(x), lambda x: ndtr(x) + x*mp.npdf(x), lambda x: x*sig(w(x)),
     lambda x: sig(w(x)) + x*sig(w(x))*sig(-w(x))*C2*(1 + 3*K*x*x)]
X0 = {9: mp.mpf('-0.75179152469356445745790494678'), 11: mp.mpf('-0.752461422071016258487954443289')}
pts = []
for f in range(12):
    for i in range(int(sys.argv[1])):
        if f == 0: x = random.uniform(-745.2, 709.78)
        elif f == 1: x = random.choice([random.uniform(-40, 709), random.uniform(-1, 1) * 10**random.uniform(-20, 0)])
        elif f == 2: x = random.choice([10**random.uniform(-20, 300), -10**random.uniform(-20, -1e-9), -1 + 10**random.uniform(-16, -0.5)])
        elif f == 3: x = random.uniform(-20, 20) * random.choice([1, 1e-3, 1e-9])
        elif f == 4: x = random.uniform(-6, 6)
        elif f == 5: x = random.choice([random.uniform(0.7, 27.3), random.uniform(25, 27.3), random.uniform(-6, 1)])
        elif f in (6, 8, 9): x = random.choice([random.uniform(-38.6, -1), random.uniform(-38.6, -36), random.uniform(-1, 9)])
        elif f == 7: x = random.uniform(-38.7, 38.7)
        else: x = random.choice([random.uniform(-22, -1), random.uniform(-22, -20), random.uniform(-1, 10)])
        if f in X0 and i % 4 == 0: x = float(X0[f] + mp.mpf(random.choice([-1, 1])) * mp.mpf(10)**random.uniform(-15, -0.8))
        pts.append((f, x))
inp = '\n'.join('%d %r' % p for p in pts)
out = subprocess.run(['./dump'], input=inp, capture_output=True, text=True).stdout.split('\n')
names = ["exp","expm1","log1p","tanh","erf","erfc","ndtr","npdf","gelu","gelu_grad","gelu_tanh","gelu_tanh_grad"]
worst = {}
for line in out:
    if not line: continue
    f, xs, *ys = line.split(); f = int(f); x = float.fromhex(xs)
    r = F[f](mp.mpf(x))
    if r == 0: continue
    e2 = int(mp.floor(mp.log(abs(r), 2)))
    ulp = mp.mpf(2)**max(e2 - 52, -1074)
    for l, yh in enumerate(ys):
        y = float.fromhex(yh)
        err = float(abs(mp.mpf(y) - r)/ulp) if abs(r) < mp.mpf(2)**1024 else (0.0 if y == float('inf') else 1e300)
        k = (f, l)
        if err > worst.get(k, (0, 0))[0]: worst[k] = (err, x)
for f in range(12):
    print('%-15s' % names[f], '  '.join('%s %.3f @ %.6g' % (['sse2','v3','v4'][l], *worst.get((f,l),(0,0))) for l in range(3)))
