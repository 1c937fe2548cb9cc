import json, sys
o = json.load(open('coefs.json'))
def h(v): return float(v).hex()
def horner(var, name, res, indent='    '):
    c = o[name][0]
    lines = [f'{indent}double {res} = {h(c[-1])};']
    for v in c[-2::-1]:
        lines.append(f'{indent}{res} = fa_fma_f64({res}, {var}, {h(v)});')
    return '\n'.join(lines)
src = open('fa_math_f32.h.in').read()
import re
def sub(m):
    name, var, res = m.group(1), m.group(2), m.group(3)
    return horner(var, name, res)
src = re.sub(r'^\s*@HORNER (\w+) (\w+) (\w+)@', sub, src, flags=re.M)
src = src.replace('@ERFC_P@', h(o['ERFC'][0 + 3]) if False else repr(o['ERFC'][3]))
src = src.replace('@ERFC_C@', h(o['ERFC'][1]))
src = src.replace('@G_HI@', h(o['G'][1])).replace('@G_LO@', h(o['G'][2]))
src = src.replace('@GT_HI@', h(o['GT'][1])).replace('@GT_LO@', h(o['GT'][2]))
import os
meas = json.load(open('meas.json')) if os.path.exists('meas.json') else {}
for fn in ['exp','expm1','log1p','tanh','erf','erfc','ndtr','npdf','gelu','gelu_grad','gelu_tanh','gelu_tanh_grad']:
    src = src.replace('@M_%s@' % fn, meas.get(fn, 'TBD'))
assert '@' not in src.replace('@param', ''), [l for l in src.splitlines() if '@' in l]
open(sys.argv[1], 'w').write(src)
