import mpmath as mp
mp.mp.dps = 60

def cheb_nodes(a, b, n):
    return [ (a+b)/2 + (b-a)/2*mp.cos(mp.pi*(2*k+1)/(2*n)) for k in range(n)]

def lawson_linear(basis, f, w, xs, iters=60):
    """minimax of w(x)*(sum c_j basis_j(x) - f(x)) over xs (Lawson IRLS). returns coeffs, maxerr"""
    m = len(basis)
    A = [[w(x)*bj(x) for bj in basis] for x in xs]
    bvec = [w(x)*f(x) for x in xs]
    lam = [mp.mpf(1)/len(xs)]*len(xs)
    best = None
    for it in range(iters):
        M = mp.matrix(len(xs), m); r = mp.matrix(len(xs), 1)
        for i in range(len(xs)):
            s = mp.sqrt(lam[i])
            for j in range(m): M[i, j] = A[i][j]*s
            r[i] = bvec[i]*s
        c, _ = mp.qr_solve(M, r)
        res = [sum(A[i][j]*c[j] for j in range(m)) - bvec[i] for i in range(len(xs))]
        e = max(abs(v) for v in res)
        if best is None or e < best[1]: best = ([c[j] for j in range(m)], e)
        tot = sum(lam[i]*abs(res[i]) for i in range(len(xs)))
        lam = [lam[i]*abs(res[i])/tot for i in range(len(xs))]
    return best

def lawson_rational(f, w, xs, np_, nq, iters=8, inner=40, pbasis=None, qbasis=None):
    """approx f ~ P/Q, Q = 1 + sum q_j x^j (j=1..nq), P = sum p_j x^j (j=0..np). Loeb iteration."""
    if pbasis is None: pbasis = [ (lambda j: (lambda x: x**j))(j) for j in range(np_+1)]
    if qbasis is None: qbasis = [ (lambda j: (lambda x: x**j))(j) for j in range(1, nq+1)]
    Qprev = lambda x: mp.mpf(1)
    best = None
    qc = [0]*len(qbasis)
    for it in range(iters):
        # minimize w/Qprev * (P - f*(1+sum q)) -> linear: P - f*sum q = f
        qp = [qc_ for qc_ in qc]
        Qp = lambda x, qp=qp: 1 + sum(qp[j]*qbasis[j](x) for j in range(len(qbasis)))
        basis = pbasis + [ (lambda bj: (lambda x: -f(x)*bj(x)))(bj) for bj in qbasis]
        c, e = lawson_linear(basis, f, lambda x: w(x)/Qp(x), xs, iters=inner)
        pc = c[:len(pbasis)]; qc = c[len(pbasis):]
        P = lambda x: sum(pc[j]*pbasis[j](x) for j in range(len(pbasis)))
        Q = lambda x: 1 + sum(qc[j]*qbasis[j](x) for j in range(len(qbasis)))
        err = max(abs(w(x)*(P(x)/Q(x) - f(x))) for x in xs)
        if best is None or err < best[2]: best = (pc, qc, err)
    return best
