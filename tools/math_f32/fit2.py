from fit import *
for p in [0.3,0.35, 0.4,0.45, 0.5]:
    for deg in [9,10,11,12]:
        tmin = 1/(1+p*10.1)
        f = lambda t: erfcx((1/t-1)/p)/t
        c, e = minimax(f, tmin, 1.0, deg, basis_center=(tmin+1)/2)
        print(p, deg, e)
