"""Activations by name, for code that picks them from a configuration:
``fastact.get("gelu")`` and ``fastact.available()``.

The registry is read off the public functions themselves (signature,
docstring), so it cannot drift from them: an entry is every public NAME with
a NAME_grad beside it."""

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

# Keyword arguments that are not parameters of the activation itself.
_NOT_PARAMS = {"out", "bias", "axis", "rng", "from_output", "param_grads", "keepdims",
               "where", "slopes", "training"}
# Alternative names users reach for (other libraries' spellings).
ALIASES = {"swish": "silu", "logsigmoid": "log_sigmoid", "hard_sigmoid": "hardsigmoid",
           "hard_swish": "hardswish", "hard_tanh": "hardtanh", "hard_shrink": "hardshrink",
           "soft_shrink": "softshrink", "tanh_shrink": "tanhshrink"}


@dataclass(frozen=True)
class Activation:
    """One activation: ``forward(x, **params)``, ``grad(grad, x, **params)``.

    Calling the object calls ``forward``."""
    name: str
    forward: Callable[..., Any]
    grad: Callable[..., Any]
    params: dict = field(default_factory=dict)   # name -> default (required: inspect.empty)
    from_output: bool = False       # grad accepts the forward's output (from_output=True)
    param_grads: bool = False       # grad can return parameter gradients
    bias: bool = False              # forward and grad take a fused bias=
    kind: str = "elementwise"       # "elementwise" or "axis" (reduces/normalises along axis)
    formula: str = ""

    def __call__(self, x, *args, **kwargs):
        return self.forward(x, *args, **kwargs)


def _formula(fn):
    doc = inspect.getdoc(fn) or ""
    parts = doc.split("\n\n")
    return parts[1].strip() if len(parts) > 1 else ""


def _entry(ns, name):
    fwd, grd = getattr(ns, name), getattr(ns, name + "_grad")
    sig = inspect.signature(fwd)
    gsig = inspect.signature(grd)
    params = {p.name: p.default for p in list(sig.parameters.values())[1:]
              if p.name not in _NOT_PARAMS}
    return Activation(
        name=name, forward=fwd, grad=grd, params=params,
        from_output="from_output" in gsig.parameters,
        param_grads="param_grads" in gsig.parameters,
        bias="bias" in sig.parameters,
        kind="axis" if "axis" in sig.parameters and "bias" not in sig.parameters
        and name != "prelu" else "elementwise",
        formula=_formula(fwd))


_CACHE = {}


def _table():
    if not _CACHE:
        import fastact as ns
        for n in ns.__all__:
            if not n.endswith("_grad") and callable(getattr(ns, n, None)) \
                    and hasattr(ns, n + "_grad"):
                _CACHE[n] = _entry(ns, n)
    return _CACHE


def available():
    """Sorted names of every activation ``fastact.get`` knows (aliases excluded)."""
    return sorted(_table())


def get(name):
    """The activation called `name` (or one of its aliases, e.g. "swish").

    >>> act = fastact.get("gelu")
    >>> y = act(x); g = act.grad(np.ones_like(x), x)

    Raises ValueError naming the available activations for an unknown name."""
    if not isinstance(name, str):
        raise TypeError(f"get: name must be a str, got {type(name).__name__}")
    table = _table()
    key = ALIASES.get(name.lower(), name.lower())
    if key not in table:
        raise ValueError(f"get: no activation named {name!r}; available: "
                         f"{', '.join(available())}")
    return table[key]
