"""Docstring assembly: each public function states its own formula, special
values and parameters; the text every function shares is written once here."""

X_DOC = """x : array_like
    Input.  float32 and float64 are computed in their own precision, float16
    in float32 and rounded once; integer and bool inputs become float64."""

GRAD_DOC = """grad : array_like
    The incoming gradient dL/dy; broadcasts against the second argument."""

OUT_DOC = """out : ndarray, optional
    Where to write the result: a writeable ndarray of the result's shape and
    dtype.  ``out=x`` (or ``out=grad``) works in place and allocates nothing;
    any other overlap with an input is handled as if there were none."""

BIAS_DOC = """bias : array_like, optional
    Adds a per-channel bias first: the function is applied to ``x + bias``
    in one pass (for the last axis of a C-contiguous ``x``), bitwise equal
    to ``f(np.add(x, bias.astype(x.dtype)))``.  Shape ``(1,)`` or
    ``(x.shape[axis],)``; converted to x's dtype like any parameter.
axis : int, default -1
    The channel axis ``bias`` runs along."""

BIAS_GRAD_DOC = """bias : array_like, optional
    The forward's bias: the derivative is taken at ``x + bias`` (from ``x``;
    with ``from_output`` the output already includes it), and the result
    gains ``dbias``, the gradient summed over every axis but ``axis``.
axis : int, default -1
    The channel axis ``bias`` runs along."""

PARAM_GRADS_DOC = """param_grads : bool, default False
    Also return the gradient of the loss with respect to {what} (summed
    over all elements, accumulated in float64)."""

RETURNS_DOC = """Returns
-------
ndarray
    The result (``out`` itself when given; a NumPy scalar for 0-d input)."""


def forward(summary, formula, params="", notes="", bias=True):
    parts = [summary, "", "    " + formula.strip().replace("\n", "\n    "), "",
             "Parameters", "----------", X_DOC]
    if params:
        parts.append(params.strip("\n"))
    if bias:
        parts.append(BIAS_DOC)
    parts += [OUT_DOC, "", RETURNS_DOC]
    if notes:
        parts += ["", "Notes", "-----", notes.strip("\n")]
    return "\n".join(parts)


def gradient(summary, formula, second="x", params="", from_output="", notes="",
             param_grads="", bias=True):
    second_doc = (f"{second} : array_like\n    The forward's input x"
                  + (", or its output y when ``from_output=True``." if from_output else "."))
    parts = [summary, "", "    " + formula.strip().replace("\n", "\n    "), "",
             "Parameters", "----------", GRAD_DOC, second_doc]
    if params:
        parts.append(params.strip("\n"))
    if from_output:
        parts.append("from_output : bool, default False\n    " + from_output.strip())
    if param_grads:
        parts.append(PARAM_GRADS_DOC.format(what=param_grads))
    if bias:
        parts.append(BIAS_GRAD_DOC)
    parts += [OUT_DOC, "", RETURNS_DOC]
    if param_grads or bias:
        parts.append("    With extra gradients requested: the tuple (dx"
                     + (", d" + param_grads.split()[0] if param_grads else "")
                     + (", dbias" if bias else "") + "), each present only when asked for.")
    if notes:
        parts += ["", "Notes", "-----", notes.strip("\n")]
    return "\n".join(parts)
