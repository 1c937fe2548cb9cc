"""The bad-input table of README.md, one test per row: each kind of bad
argument gets the documented error, naming the function and the argument,
and leaves every array it was given unchanged."""

import os
import re

import numpy as np
import pytest

import fastact as fa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _arrays():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    g = rng.standard_normal((3, 4)).astype(np.float32)
    return x, g


def _ro(a):
    r = np.frombuffer(a.tobytes(), dtype=a.dtype).reshape(a.shape)
    assert not r.flags.writeable
    return r


# (README row label, call(x, g) -> None, exception, message fragment)
ROWS = [
    ("complex, object, string or datetime input",
     lambda x, g: fa.relu(x.astype(np.complex64)), TypeError, r"relu: x has dtype complex64"),
    ("ragged nested lists", lambda x, g: fa.sigmoid([[1.0, 2.0], [3.0]]), TypeError,
     r"sigmoid: x could not be converted"),
    ("`out` of another dtype", lambda x, g: fa.gelu(x, out=np.empty((3, 4))), TypeError,
     r"gelu: out has dtype float64; the result's dtype is float32"),
    ("`out` of another shape", lambda x, g: fa.tanh(x, out=np.empty((4, 3), np.float32)),
     ValueError, r"tanh: out has shape \(4, 3\)"),
    ("`out` not an ndarray", lambda x, g: fa.silu(x, out=[0.0] * 12), TypeError,
     r"silu: out must be a numpy.ndarray"),
    ("read-only `out` (also `out=x` for a read-only x)",
     lambda x, g: fa.elu(x, out=_ro(x)), ValueError, r"elu: out is read-only"),
    ("`out` with a zero stride",
     lambda x, g: fa.relu(x[0], out=np.lib.stride_tricks.as_strided(
         np.zeros(1, np.float32), (4,), (0,))), ValueError, r"relu: out has a zero stride"),
    ("masked array as input or `out`",
     lambda x, g: fa.relu(np.ma.array(x, mask=x > 0)), TypeError, r"relu: x is a masked array"),
    ("`grad` and `x` that do not broadcast",
     lambda x, g: fa.relu_grad(g[:2, :3], x), ValueError,
     r"relu_grad: grad of shape \(2, 3\) and x of shape \(3, 4\) do not broadcast"),
    ("`axis` out of range or repeated (`AxisError`)",
     lambda x, g: fa.softmax(x, axis=2), np.exceptions.AxisError, r"softmax: axis"),
    ("`axis` not an int, tuple or None", lambda x, g: fa.log_softmax(x, axis=1.5), TypeError,
     r"log_softmax: axis must be an int"),
    ("NaN or infinite `negative_slope` / `alpha`",
     lambda x, g: fa.leaky_relu(x, float("nan")), ValueError,
     r"leaky_relu: negative_slope must be finite"),
    ("non-numeric parameter", lambda x, g: fa.elu(x, "1"), TypeError,
     r"elu: alpha must be a real number"),
    ("`beta <= 0` or NaN `beta`", lambda x, g: fa.softplus(x, beta=0.0), ValueError,
     r"softplus: beta must be > 0"),
    ("NaN `threshold`", lambda x, g: fa.softplus_grad(g, x, threshold=float("nan")),
     ValueError, r"softplus_grad: threshold must not be NaN"),
    ("unknown `approximate`", lambda x, g: fa.gelu(x, approximate="fast"), ValueError,
     r"gelu: approximate must be 'none' or 'tanh'"),
    ("`from_output=True` with `negative_slope < 0` or `alpha < 0`",
     lambda x, g: fa.elu_grad(g, x, -0.5, from_output=True), ValueError,
     r"elu_grad: from_output=True needs alpha >= 0"),
    ("`from_output` where f' is not a function of f (gelu, silu, softplus)",
     lambda x, g: fa.silu_grad(g, x, from_output=True), TypeError, r"from_output"),
    ("`bias` of the wrong shape", lambda x, g: fa.relu(x, bias=np.ones(3, np.float32)),
     ValueError, r"relu: bias must have shape \(1,\) or \(4,\)"),
    ("prelu `weight` not matching the channels",
     lambda x, g: fa.prelu(x, np.ones(5, np.float32)), ValueError,
     r"prelu: weight has 5 slopes but x has 4 channels along axis 1"),
    ("bounds in the wrong order (`min_val > max_val`, `lower > upper`)",
     lambda x, g: fa.hardtanh(x, 1.0, -1.0), ValueError,
     r"hardtanh: min_val \(1.0\) must not exceed max_val \(-1.0\)"),
    ("negative `lambd` or `b`, zero celu `alpha`", lambda x, g: fa.softshrink(x, -0.5),
     ValueError, r"softshrink: lambd must be >= 0"),
    ("`rrelu_grad(training=True)` without `slopes`",
     lambda x, g: fa.rrelu_grad(g, x, training=True), ValueError,
     r"rrelu_grad: training=True needs the slopes"),
    ("`param_grads=True` with `from_output=True`",
     lambda x, g: fa.elu_grad(g, x, from_output=True, param_grads=True), ValueError,
     r"elu_grad: param_grads=True needs the forward's input"),
    ("unknown name in `get`", lambda x, g: fa.get("gleu"), ValueError,
     r"get: no activation named 'gleu'"),
    ("`set_num_threads(0)` / a non-int count",
     lambda x, g: fa.set_num_threads(0), ValueError, r"set_num_threads: n must be >= 1"),
]


@pytest.mark.parametrize("label,fn,exc,msg", ROWS, ids=[r[0] for r in ROWS])
def test_bad_input_row(label, fn, exc, msg):
    x, g = _arrays()
    x0, g0 = x.copy(), g.copy()
    with pytest.raises(exc, match=msg):
        fn(x, g)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(g, g0)


def test_readme_lists_every_row():
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = f.read()
    sec = readme[readme.index("## Bad input"):]
    sec = sec[:sec.index("\n## ", 5)]
    rows = [ln for ln in sec.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    labels = [re.split(r"\s+\|\s+", ln.strip("| "))[0] for ln in rows]
    assert labels == [r[0] for r in ROWS]
    for ln, (_, _, exc, _) in zip(rows, ROWS):
        assert exc.__name__ in ln, ln
