#!/bin/sh
set -e
cd /tmp/fa_math_f64
cp src/fa_math_f64.h . 2>/dev/null || true
cp /work/main/csrc/fa_fp.h .
F="-O3 -std=c11 -fno-math-errno -fno-trapping-math -ffp-contract=off -I."
gcc $F -DLVL=_sse2 -c kern.c -o k_sse2.o -fopt-info-vec-optimized 2> vec_sse2.txt
gcc $F -DLVL=_v3 -march=x86-64-v3 -c kern.c -o k_v3.o -fopt-info-vec-optimized 2> vec_v3.txt
gcc $F -DLVL=_v4 -march=x86-64-v4 -mprefer-vector-width=512 -c kern.c -o k_v4.o -fopt-info-vec-optimized 2> vec_v4.txt
for l in sse2 v3 v4; do
  echo "$l: vectorized loops: $(grep -c 'loop vectorized' vec_$l.txt) ; calls: $(objdump -d k_$l.o | grep -c 'call')"
done
