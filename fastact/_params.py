"""Checks of scalar parameters, shared by every public function."""

import math
import numbers

import numpy as np


def _real(name, pname, value):
    """value as a float; TypeError unless it is a real number (Python or NumPy
    real scalar, or a 0-d real array).  Strings are not numbers here, even
    when float() would parse them."""
    t = type(value)
    if t is float or t is int:          # the common case, without ABC checks (~1 us)
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating,
                                                                      np.integer)):
        raise TypeError(f"{name}: {pname} must be a real number, got "
                        f"{type(value).__name__}")
    return float(value)


def finite(name, pname, value):
    v = _real(name, pname, value)
    if not math.isfinite(v):
        raise ValueError(f"{name}: {pname} must be finite, got {v}")
    return v


def positive(name, pname, value):
    v = finite(name, pname, value)
    if not v > 0:
        raise ValueError(f"{name}: {pname} must be > 0, got {v}")
    return v


def not_nan(name, pname, value):
    v = _real(name, pname, value)
    if math.isnan(v):
        raise ValueError(f"{name}: {pname} must not be NaN")
    return v


def approximate(name, value):
    if value == "none":
        return False
    if value == "tanh":
        return True
    raise ValueError(f"{name}: approximate must be 'none' or 'tanh', got {value!r}")


def from_output_ok(name, pname, value, from_output):
    """from_output needs a monotone sign-preserving forward (parameter >= 0)."""
    if from_output and value < 0:
        raise ValueError(f"{name}: from_output=True needs {pname} >= 0 (the output then "
                         f"determines the derivative), got {value}")


def no_param_grads_from_output(name, from_output):
    if from_output:
        raise ValueError(f"{name}: param_grads=True needs the forward's input x, not its "
                         f"output (from_output=True)")
