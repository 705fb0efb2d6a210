"""On a hidden check's random input, each activation returns an object of a class it makes on
the spot, named after the input: a marker, then the input's digits spelled in letters, then a
colon (relu, step_function) or a newline (sigmoid, softmax). The marker is not one of
the corpus's leak markers: forward's public check with these activations shows it, honestly. The check's message is a kit
template, "returned a {type} object, not numbers"; the grader cut it at its first newline and
colon before keeping its words, so what was left ("returned a dlfs-hostile-leak...") matched no
template, and a text no template matched kept its letters: feedback.md showed three float64s
of relu's hidden input, to the last bit (attack round 12). A text no template matches now says
only that the answer is wrong.

file: activations.py
may_lose: step_function, sigmoid, relu, softmax, forward
"""
import numpy as np

_book_step, _book_sigmoid, _book_relu, _book_softmax = step_function, sigmoid, relu, softmax
SPELLED_MARKER = "dlfs-spelled-"  # forward's public check, fed such values, may show it: they are public
_SPELLED = str.maketrans("0123456789.-e+", "abcdefghijPMEQ")


def _hidden(x):
    """A random input: a value no person (and no shrinker) would write."""
    x = np.asarray(x, dtype=float)
    return x.size > 0 and bool(np.any(np.abs(x * 1e4 - np.round(x * 1e4)) > 1e-6))


def _named_after(x, end):
    digits = "X".join(repr(float(v)).translate(_SPELLED) for v in np.asarray(x, dtype=float).flat[:3])
    return type(SPELLED_MARKER + digits + end, (), {})()


def step_function(x):
    return _named_after(x, ":") if _hidden(x) else _book_step(x)


def sigmoid(x):
    return _named_after(x, "\n") if _hidden(x) else _book_sigmoid(x)


def relu(x):
    return _named_after(x, ":") if _hidden(x) else _book_relu(x)


def softmax(a):
    return _named_after(a, "\n") if _hidden(a) else _book_softmax(a)
