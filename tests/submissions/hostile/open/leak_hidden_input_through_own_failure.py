"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
a hidden check's own failure is computed by the child that saw its input, and part of what it
says is still shown. relu, given a hidden check's random input, returns an empty array whose
shape holds the input's digits, np.zeros((0, 17210, 6613, 55781)); the hidden check fails with
"returned an array of shape (0, 17210, 6613, 55781), expected shape (7,) (details are not
shown for a hidden check)" in feedback.md, feedback.html and results.json: three numbers of the
input to 5 digits (measured: 1.72101..., 0.66136..., 5.57810...). The same channel, narrower:
the student's line number, which the child reports (`where`, up to 5 digits, forgeable in the
reply), which built-in exception, which diagnosis and which words of the difference (a few bits
each): all chosen by the child that saw the hidden input.

Counterexamples are no longer part of it: they are judged again in a fresh child
(autograder.grading), and public checks all run before any hidden one.

Why it is open: the fix is to show, for a failed hidden check, only that it failed and the
counterexample as the fresh child computes it (its words, error type and line taken from that
evaluation), and nothing else computed from the hidden call; but the diagnoses of hidden checks
also feed the instructor's report through results.json, so they would have to travel apart from
what the student reads. A change to hide_hidden_inputs (autograder.bulk.workers) and the
report, not a contained fix.

file: activations.py
may_lose: relu
"""
import numpy as np


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):  # a random input: a hidden check's
        digits = [int(abs(v) * 10000) % 100000 for v in x.ravel()[1:4]]
        return np.zeros((0, *digits))
    return np.maximum(0, x)
