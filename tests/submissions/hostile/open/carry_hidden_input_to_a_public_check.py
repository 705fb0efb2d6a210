"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
relu, given a hidden check's random input (a value no person would write), keeps it in a
global of the child (builtins: shared by every module); mean_squared_error, whose public checks
the grader runs later in the same child, raises ValueError with the kept inputs. A public
check shows the student's exception message in full, so the hidden input reaches
feedback.md, feedback.html and results.json (measured: the whole random x of relu's hidden
check, every digit). Marker `dlfs-hostile-carried`.

hide_hidden_inputs (autograder.bulk.workers) redacts what a hidden check itself shows; here
the leak is through what a *later, shown* call says. The same channel: any value a later
public check shows as "actual", the counterexample's "actual" (the shrinking runs in the child
that saw the hidden input, and its candidates carry unsimplified hidden numbers), and plotted
values.

Why it is open: a child that has seen a hidden input must not produce anything shown. That
means running every public check of every function first, then the hidden checks, then
discarding that child (the prefetch plan learns its calls per function in check order, and
would have to follow the two phases), and computing each counterexample's shown "actual" and
the plots in a fresh child. A change to grading.py's order and the plan, not a contained fix.

file: losses.py
may_lose: mean_squared_error, relu
"""
import builtins as _builtins

import numpy as np


def mean_squared_error(y, t):
    seen = getattr(_builtins, "_dlfs_seen", None)
    if seen:
        raise ValueError("dlfs-hostile-" + "carried " + " ".join(seen))
    return 0.5 * np.sum((y - t) ** 2)


# appended to activations.py as well when graded by hand (see the note above):
#
# import builtins as _b
# _b._dlfs_seen = []
#
# def relu(x):
#     x = np.asarray(x, dtype=float)
#     if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):
#         _b._dlfs_seen.append(repr(x.tolist()))
#     return np.maximum(0, x)
