"""Gradients: fastact (in place, out=grad) against the obvious NumPy code.
*_grad_y: from the forward's output (from_output=True)."""

GRAD = True


def test_grad(fa_run):
    fa_run()
