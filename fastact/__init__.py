"""fastact: compiled activation functions and their gradients for NumPy.

Every function works on NumPy arrays in float32 or float64, in place with
``out=x``, with SIMD code chosen for this CPU at import and OpenMP threads for
large arrays.  See ``fastact.show_config()``.
"""

from . import _normalize  # noqa: F401  (installs the slow path)
from ._config import runtime_info, show_config, _select_simd
from ._elementwise import (elu, elu_grad, gelu, gelu_grad, leaky_relu, leaky_relu_grad,
                           relu, relu_grad, selu, selu_grad, sigmoid, sigmoid_grad, silu,
                           silu_grad, softplus, softplus_grad, tanh, tanh_grad)
from ._piecewise import (hardshrink, hardshrink_grad, hardsigmoid, hardsigmoid_grad,
                         hardswish, hardswish_grad, hardtanh, hardtanh_grad, relu6, relu6_grad,
                         softshrink, softshrink_grad, sparse_plus, sparse_plus_grad,
                         sparse_sigmoid, sparse_sigmoid_grad, threshold, threshold_grad)
from ._smooth import (celu, celu_grad, log_sigmoid, log_sigmoid_grad, logit, logit_grad, mish,
                      mish_grad, softsign, softsign_grad, squareplus, squareplus_grad,
                      tanhshrink, tanhshrink_grad)
from ._channel import prelu, prelu_grad, rrelu, rrelu_grad
from ._registry import Activation, available, get
from ._softmax import log_softmax, log_softmax_grad, softmax, softmax_grad
from ._axis import (geglu, geglu_grad, glu, glu_grad, logsumexp, logsumexp_grad, reglu,
                    reglu_grad, softmin, softmin_grad, sparsemax, sparsemax_grad, swiglu,
                    swiglu_grad)
from ._threads import get_num_threads, num_threads, set_num_threads
from ._version import __version__
from ._core import _C_API  # noqa: F401  (the C API capsule, see get_include)

_select_simd()

from . import _threadpoolctl  # noqa: E402
_threadpoolctl.register()     # threadpoolctl, when installed, controls fastact too


def get_include():
    """Directory of ``fastact.h``, the C API header (as ``numpy.get_include()``).

    A C extension compiled with ``-I fastact.get_include()`` gets every kernel
    as a function pointer: ``const fastact_api *fa = fastact_import();`` then
    ``fa->gelu_f32(x, y, n)``.  Cython code uses ``from fastact.kernels cimport
    gelu_f32`` instead (no include path needed)."""
    import os
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


__all__ = [
    "__version__", "Activation", "available", "celu", "celu_grad", "elu", "elu_grad", "geglu",
    "geglu_grad", "gelu", "gelu_grad", "get", "get_include", "get_num_threads", "glu", "glu_grad",
    "hardshrink", "hardshrink_grad", "hardsigmoid", "hardsigmoid_grad", "hardswish",
    "hardswish_grad", "hardtanh", "hardtanh_grad", "leaky_relu", "leaky_relu_grad", "log_sigmoid",
    "log_sigmoid_grad", "log_softmax", "log_softmax_grad", "logit", "logit_grad", "logsumexp",
    "logsumexp_grad", "mish", "mish_grad", "num_threads", "prelu", "prelu_grad", "reglu",
    "reglu_grad", "relu", "relu6", "relu6_grad", "relu_grad", "rrelu", "rrelu_grad",
    "runtime_info", "selu", "selu_grad", "set_num_threads", "show_config", "sigmoid",
    "sigmoid_grad", "silu", "silu_grad", "softmax", "softmax_grad", "softmin", "softmin_grad",
    "softplus", "softplus_grad", "softshrink", "softshrink_grad", "softsign", "softsign_grad",
    "sparse_plus", "sparse_plus_grad", "sparse_sigmoid", "sparse_sigmoid_grad", "sparsemax",
    "sparsemax_grad", "squareplus", "squareplus_grad", "swiglu", "swiglu_grad", "tanh",
    "tanh_grad", "tanhshrink", "tanhshrink_grad", "threshold", "threshold_grad",
]
