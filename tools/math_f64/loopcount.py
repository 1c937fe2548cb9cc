import subprocess, re, sys
def loops(obj):
    out = subprocess.run(['objdump', '-d', '--no-show-raw-insn', obj], capture_output=True, text=True).stdout
    funcs = {}; cur = None
    for line in out.splitlines():
        m = re.match(r'^([0-9a-f]+) <(k_\w+)>:', line)
        if m: cur = m.group(2); funcs[cur] = []; continue
        m = re.match(r'^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$', line)
        if m and cur: funcs[cur].append((int(m.group(1), 16), m.group(2), m.group(3)))
    res = {}
    for f, ins in funcs.items():
        best = None
        for i, (a, op, args) in enumerate(ins):
            if op.startswith('j') and op != 'jmp':
                t = re.match(r'([0-9a-f]+)', args)
                if t:
                    tgt = int(t.group(1), 16)
                    if tgt < a:
                        body = [x for x in ins if tgt <= x[0] <= a]
                        if best is None or len(body) > len(best): best = body
        if best:
            n = len(best); dv = sum(1 for x in best if 'div' in x[1]); zmm = sum(1 for x in best if 'zmm' in x[2]); ymm = sum(1 for x in best if 'ymm' in x[2])
            res[f] = (n, dv, zmm, ymm)
    return res
for lvl, w in (('sse2', 2), ('v3', 4), ('v4', 8)):
    r = loops('k_%s.o' % lvl)
    print(lvl, ' '.join('%s:%d(%.0f/elt,div%d)' % (f[2:-len(lvl)-1], n, n / w, dv) for f, (n, dv, z, y) in sorted(r.items())))
