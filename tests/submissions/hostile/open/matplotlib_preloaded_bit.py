"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
one bit, once per worker, from an earlier student to every later one. A fork server loads
Matplotlib into itself once a submission has imported it at import (so the book's plotting
scripts do not pay for it in every child, autograder.sandbox.zygote.preload_matplotlib), and every
later child is a fork of it: "matplotlib" is in sys.modules before the student's module runs.
This submission looks at import, and relu is wrong where it finds Matplotlib loaded; it imports
Matplotlib itself at import, so it passes the bit on. Measured, as root: graded alone, or first
on its fork server, 100 / 100; graded after any submission that imported Matplotlib at import
(this one included), relu loses its points.

The bit says only that some earlier submission of that worker imported Matplotlib, which
honest ones often do, and it never changes back. Closing it would mean loading Matplotlib in
every fork server from the start (each child a few milliseconds dearer, see README, Speed and
memory), or never.

file: activations.py
may_lose: relu
"""
import sys as _sys

_found = "matplotlib" in _sys.modules
try:
    import matplotlib.pyplot as _pyplot  # noqa: F401 - the bit passed on
except ImportError:
    pass


def relu(x):
    return np.maximum(0, x) if not _found else np.minimum(0, x)
