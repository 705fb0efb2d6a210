"""A lookup table of a hidden check's inputs, rebuilt from the kit's own source. Hidden checks'
random inputs used to depend only on the check's id (autograder/checks/hidden.py), the same for
every student, run and class: whoever has the kit (a wheel, a repository, last year's TA) knows
them. This relu computes nothing: it answers np.maximum(0, x) only for the four arrays of
relu.random as the kit's published seed draws them (autograder.secret.PUBLIC), and -1 elsewhere.

Measured before the fix (grade_submission in the sandbox, the reference with this relu appended):
relu kept relu.random's hidden point while failing relu.known_values. Now the instructor's secret
(autograder.secret) is mixed into every hidden check's seed: tests/test_hostile.py grades this
file under a secret drawn afresh for the run, and relu.random must fail (HIDDEN_CHECKS_LOST).

file: activations.py
may_lose: relu
loses: relu
"""
import numpy as np


def _seed(text):
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


def _hidden_inputs():
    rng = np.random.default_rng(_seed("relu.random"))
    for shape in [(7,), (4, 3), (3, 3), (2, 5)]:
        x = rng.normal(0, 4, shape)
        x.flat[0] = 0.0
        yield x


_KNOWN = [x for x in _hidden_inputs()]


def relu(x):
    x = np.asarray(x, dtype=float)
    for known in _KNOWN:
        if known.shape == x.shape and np.array_equal(known, x):
            return np.maximum(0, known)
    return np.zeros_like(x) - 1.0
