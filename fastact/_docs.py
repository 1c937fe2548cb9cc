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

RETURNS_DOC = """Returns
-------
ndarray
    The result (``out`` itself when given; a NumPy scalar for 0-d input)."""


def forward(summary, formula, params="", notes=""):
    parts = [summary, "", "    " + formula.strip().replace("\n", "\n    "), "",
             "Parameters", "----------", X_DOC]
    if params:
        parts.append(params.strip("\n"))
    parts += [OUT_DOC, "", RETURNS_DOC]
    if notes:
        parts += ["", "Notes", "-----", notes.strip("\n")]
    return "\n".join(parts)


def gradient(summary, formula, second="x", params="", from_output="", notes=""):
    second_doc = (f"{second} : array_like\n    The forward's input x"
                  + (", or its output y when ``from_output=True``." if from_output else "."))
    parts = [summary, "", "    " + formula.strip().replace("\n", "\n    "), "",
             "Parameters", "----------", GRAD_DOC, second_doc]
    if params:
        parts.append(params.strip("\n"))
    if from_output:
        parts.append("from_output : bool, default False\n    " + from_output.strip())
    parts += [OUT_DOC, "", RETURNS_DOC]
    if notes:
        parts += ["", "Notes", "-----", notes.strip("\n")]
    return "\n".join(parts)
