"""Checks of scalar parameters, shared by every public function."""

import math


def finite(name, pname, value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: {pname} must be a real number, got "
                        f"{type(value).__name__}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name}: {pname} must be finite, got {v}")
    return v


def positive(name, pname, value):
    v = finite(name, pname, value)
    if not v > 0:
        raise ValueError(f"{name}: {pname} must be > 0, got {v}")
    return v


def not_nan(name, pname, value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: {pname} must be a real number, got "
                        f"{type(value).__name__}") from None
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
