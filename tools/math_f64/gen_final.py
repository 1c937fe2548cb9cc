import re, sys
names = ["exp","expm1","log1p","tanh","erf","erfc","ndtr","npdf","gelu","gelu_grad","gelu_tanh","gelu_tanh_grad"]
disp = {"ndtr": "ndtr (Phi)", "npdf": "npdf (phi)", "gelu_grad": "gelu_grad", "gelu_tanh_grad": "gelu_tanh_grad"}
res = {}; cur = None
for line in open('final1e7.txt'):
    m = re.match(r'^(\w+)\s+N=', line)
    if m: cur = m.group(1); res[cur] = {}; continue
    m = re.match(r'^\s+(sse2|v3|v4)\s+max ([\d.]+) ulp at (\S+) \| normal-range max ([\d.]+) at (\S+) \| max excess over 2\*cond ([-\d.]+)', line)
    if m and cur: res[cur][m.group(1)] = (float(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(6)))
mp = {}
for line in open('mpcheck_final.txt'):
    parts = line.split()
    mp[parts[0]] = max(float(parts[2]), float(parts[6]), float(parts[10]))
missing = [n for n in names if n not in res or len(res[n]) < 3]
if missing: print('missing', missing); sys.exit(1)
rows = [' *   %-16s %6s %6s %6s   %s' % ('function', 'sse2', 'v3', 'v4', 'worst x (v4)')]
for n in names:
    r = res[n]
    rows.append(' *   %-16s %6.3f %6.3f %6.3f   %.6g' % (n, r['sse2'][0], r['v3'][0], r['v4'][0], r['v4'][1]))
table = '\n'.join(rows)
excess = max(r[l][3] for r in res.values() for l in r)
bench = {}
for line in open(sys.argv[1]):
    m = re.match(r'^(\w+)\s+([\d.]+) ns\s+[\d.]+c\s+([\d.]+) ns\s+[\d.]+c\s+([\d.]+) ns', line)
    if m: bench[m.group(1)] = tuple(float(m.group(i)) for i in (2, 3, 4))
ins = {}
for line in open('loops.txt'):
    lvl = line.split()[0]
    for m in re.finditer(r'(\w+):\d+\((\d+)/elt,div(\d)\)', line): ins[(lvl, m.group(1))] = int(m.group(2))
crow = [' *   %-16s %17s %17s %17s' % ('function', 'sse2', 'v3', 'v4')]
for n in names:
    b = bench[n]
    crow.append(' *   %-16s %8.1f ns (%3d) %8.1f ns (%3d) %8.1f ns (%3d)' % (n, b[0], ins[('sse2', n)], b[1], ins[('v3', n)], b[2], ins[('v4', n)]))
cost = '\n'.join(crow)
s = open('src/fa_math_f64.h').read()
s = s.replace('@TABLE@', table).replace('@COST@', cost).replace('@MPMAX@', '%.2f' % max(mp.values())).replace('@EXCESS@', '%.2f' % excess)
for n in names:
    r = res[n]
    s = s.replace('@M_%s@' % n, 'sse2 %.2f, v3 %.2f, v4 %.2f ulp.' % (r['sse2'][0], r['v3'][0], r['v4'][0]))
assert '@' not in s.replace('@param', ''), [l for l in s.split('\n') if '@' in l]
open('fa_math_f64_out.h', 'w').write(s)
print(table); print(cost); print('excess', excess, 'mpmax', max(mp.values()))
