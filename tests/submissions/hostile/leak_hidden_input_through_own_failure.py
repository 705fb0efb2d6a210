"""relu, given a hidden check's random input, returns an empty array whose shape holds the
input's digits, np.zeros((0, 17210, 6613, 55781)): the hidden check's own failure is computed by
the child that saw the input, and before, feedback.md, feedback.html and results.json said
"returned an array of shape (0, 17210, 6613, 55781), expected shape (7,)": three numbers of the
input to 5 digits. A hidden check's message and difference now keep the kit's words only, every
value filled in is "..." (autograder.feedback.hidden_words): "returned an array of shape ...,
expected shape ...". tests/test_hidden_leaks.py looks for these 5-digit forms too.

What still passes, a few bits a run (see the README's limits): the student's line number, which
the child reports, which built-in exception, which diagnosis and which of the kit's words.

file: activations.py
may_lose: relu
loses: relu
"""
import numpy as np


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):  # a random input: a hidden check's
        digits = [int(abs(v) * 10000) % 100000 for v in x.ravel()[1:4]]
        return np.zeros((0, *digits))
    return np.maximum(0, x)
