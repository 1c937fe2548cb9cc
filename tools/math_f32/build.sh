set -e
cd /tmp/fa_math_f32
python3 mk.py fa_math_f32.h
C="gcc -O3 -std=c11 -fno-math-errno -fno-trapping-math -ffp-contract=off -I/work/main/csrc -I."
$C -DLEVEL=_b -c impl.c -o impl_b.o
$C -DLEVEL=_a2 -march=x86-64-v3 -mtune=generic -c impl.c -o impl_a2.o
$C -DLEVEL=_a5 -march=x86-64-v4 -mtune=generic -mprefer-vector-width=512 -c impl.c -o impl_a5.o
gcc -O2 -std=gnu11 harness.c impl_b.o impl_a2.o impl_a5.o -lm -o harness
