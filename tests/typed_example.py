"""A typed user of every public function (tests/test_typing.py runs mypy
--strict on it): the stubs must describe the API as it is called."""
import numpy as np
import numpy.typing as npt

import fastact as fa

x: npt.NDArray[np.float32] = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
g: npt.NDArray[np.float32] = np.ones_like(x)
buf: npt.NDArray[np.float32] = x.copy()

fwd = [fa.relu(x), fa.leaky_relu(x, 0.1), fa.elu(x, alpha=1.5), fa.selu(x), fa.gelu(x),
       fa.gelu(x, "tanh"), fa.silu(x), fa.sigmoid(x), fa.tanh(x), fa.softplus(x, 2.0, 10.0),
       fa.softmax(x, axis=-1), fa.log_softmax(x, axis=(0, 1)),
       fa.softmax(x, where=x > 0), fa.softmin(x, 0), fa.sparsemax(x),
       fa.logsumexp(x, axis=1, keepdims=True), fa.glu(x), fa.geglu(x, 1, "tanh"),
       fa.swiglu(x, beta=2.0), fa.reglu(x, axis=-1)]
grads = [fa.relu_grad(g, x), fa.leaky_relu_grad(g, x, 0.1, from_output=True),
         fa.elu_grad(g, x, 1.0), fa.selu_grad(g, x), fa.gelu_grad(g, x, approximate="tanh"),
         fa.silu_grad(g, x), fa.sigmoid_grad(g, x), fa.tanh_grad(g, x, from_output=True),
         fa.softplus_grad(g, x, beta=0.5), fa.softmax_grad(g, x, axis=1),
         fa.log_softmax_grad(g, x, from_output=False),
         fa.log_softmax_grad(g, x, where=x > 0, from_output=True),
         fa.softmin_grad(g, x, from_output=True), fa.sparsemax_grad(g, x, axis=0),
         fa.logsumexp_grad(g[:, 0], x), fa.glu_grad(g[:, :2], x), fa.geglu_grad(g[:, :2], x),
         fa.swiglu_grad(g[:, :2], x, -1, 1.5), fa.reglu_grad(g[:, :2], x)]
same: npt.NDArray[np.float32] = fa.sigmoid(buf, out=buf)
prev: int = fa.set_num_threads(1)
with fa.num_threads(2):
    n: int = fa.get_num_threads()
fa.set_num_threads(None)
info = fa.runtime_info()
version: str = fa.__version__
inc: str = fa.get_include()
fa.show_config()
total = float(sum(float(a.sum()) for a in fwd + grads)) + n + prev + len(info) + len(version)
