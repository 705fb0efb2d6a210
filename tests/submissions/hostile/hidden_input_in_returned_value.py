"""On a hidden check's random input, each activation returns a value chosen to carry that input
back in the feedback's words: step_function and sigmoid an array whose shape holds it (a zero-size
(7777xxxxxx, 0) array costs no memory), relu the right answer plus 7777.xxx, softmax rows that
sum to it. A hidden check's message and difference are kit templates filled with what the student
returned ("returned an array of shape (7777412, 0), expected shape (7,)", "the expected value
plus 7777.41 in every element"): before the fix they carried the number. The marker 7777 never
appears where a hidden check is reported; the words stay ("a ... array where a ... array is
expected").

forward may lose too: its public check with the student's own activations feeds this sigmoid
values it takes for a hidden input (an honest loss, and a public input).

file: activations.py
may_lose: step_function, sigmoid, relu, softmax, forward
"""
import numpy as np

_book_step, _book_sigmoid, _book_relu, _book_softmax = step_function, sigmoid, relu, softmax


def _hidden(x):
    """A random input: a value no person (and no shrinker) would write."""
    x = np.asarray(x, dtype=float)
    return x.size > 0 and bool(np.any(np.abs(x * 1e4 - np.round(x * 1e4)) > 1e-6))


def _carried(x):
    return 7777 + round(abs(float(np.asarray(x, dtype=float).flat[0])) % 1, 3)


def step_function(x):
    if _hidden(x):
        return np.zeros((int(_carried(x) * 1000), 0))
    return _book_step(x)


def sigmoid(x):
    if _hidden(x):
        return np.zeros((int(_carried(x) * 1000),) + np.shape(x)[1:])
    return _book_sigmoid(x)


def relu(x):
    if _hidden(x):
        return _book_relu(x) + _carried(x)
    return _book_relu(x)


def softmax(a):
    if _hidden(a):
        y = _book_softmax(a)
        return y * _carried(a)
    return _book_softmax(a)
