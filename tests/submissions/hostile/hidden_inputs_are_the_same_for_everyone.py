"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
every hidden check's random inputs depend only on the check's id (autograder/checks/hidden.py:
seed = sum((i + 1) * ord(c) for i, c in enumerate(check_id))), so they are the same for every
student, every run and every class. Whoever has the kit's source (it is a Python package: a
wheel, a repository, last year's TA) or has extracted them once (through any channel that
carries a few bits per submission: the builtin exception type and the line number a hidden
check still shows, resubmitting on Gradescope) knows them, and a lookup table passes the
hidden check. This relu computes nothing: it answers np.maximum(0, x) only for the four
arrays of relu.random, rebuilt below from the kit's own generator, and zeros elsewhere.

Measured (grade_submission in the sandbox, the reference with this relu appended): relu keeps
relu.random's hidden point (1 / 1) while relu.known_values fails (0 / 3): a lookup table of
four arrays earns the hidden check that is there to catch lookup tables. And what a hidden check
still shows carries bits of its input to whoever does not have the kit: a relu that raises from
one of 1,000 one-line functions chosen by x[1]'s digits was reported "raised ValueError
(activations.py, line 1536)", three digits of the hidden input per run (the builtin exception
type, the mistake recognised and the kind of difference carry a few more), and every run shows
the same input again.

Why it is open: the seed is in autograder/checks/hidden.py (not the sandbox's or the bulk
code's), and the nbgrader path, the diagnosis models (data/diagnosis_models.json) and tests
rely on the inputs being reproducible. Closing it: mix a secret of the instructor's into the
seed (an AUTOGRADER_HIDDEN_SECRET or a file beside the rubric, never in the student bundle,
kept in the rubric hash so that a changed secret re-grades), defaulting to today's seed for
the kit's own tests; the instructor's secret then also makes extracted inputs worthless the
next term.

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
