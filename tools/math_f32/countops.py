import subprocess, re, sys
obj = sys.argv[1]
d = subprocess.run(['objdump', '-d', '--no-show-raw-insn', obj], capture_output=True, text=True).stdout
funcs = re.split(r'\n(?=[0-9a-f]+ <)', d)
for f in funcs:
    m = re.match(r'([0-9a-f]+) <(\w+)>:', f)
    if not m: continue
    ins = []
    for line in f.splitlines()[1:]:
        mm = re.match(r'\s*([0-9a-f]+):\s+(\S+)\s*(.*)', line)
        if mm: ins.append((int(mm.group(1), 16), mm.group(2), mm.group(3)))
    best = None
    for i, (a, op, arg) in enumerate(ins):
        if op.startswith('j') and op != 'jmp':
            t = re.match(r'([0-9a-f]+)', arg)
            if t:
                tgt = int(t.group(1), 16)
                if tgt < a:
                    body = [x for x in ins if tgt <= x[0] <= a]
                    if best is None or len(body) > len(best): best = body
    if best:
        n = len(best)
        div = sum(1 for x in best if 'div' in x[1] or 'sqrt' in x[1])
        mem = sum(1 for x in best if 'mov' in x[1] and '(' in x[2])
        print(f"{m.group(2):28s} loop insns {n:4d}  divs {div}  lanes?")
