"""Forwards: fastact (in place) against the obvious NumPy code."""

GRAD = False


def test_forward(fa_run):
    fa_run()
