#include <stdio.h>
#include <math.h>
void run_log1p_a5(const float*restrict,float*restrict,size_t);
int main(void){ float x[16], y[16]; for(int i=0;i<16;i++) x[i]=-1.0f; run_log1p_a5(x,y,16); printf("%a %a\n", y[0], log1p(-1.0)); }
