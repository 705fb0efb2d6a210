"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
relu zeroes the caller's array like mutates_input.py, but at import the submission wraps the
child's own `decode` (the module of the child that holds `Submission`, found in sys.modules) so
that every array input is handed to the student's functions as a fresh copy. relu zeroes the
copy; the grading process's memory file is never written, it reads the inputs back unchanged,
and relu keeps its input_unchanged points (measured: 100 / 100, where mutates_input.py gets 98).

It is the same hole as restore_inputs_before_reply.py, seen from the other side: that one undoes
the write before anyone looks, this one makes sure the write never lands where anyone looks.
It also defeats every design that watches the input memory from outside the child (a private
copy-on-write mapping read through /proc/<pid>/pagemap, soft-dirty bits, userfaultfd
write-protection): the pages watched are never written. See restore_inputs_before_reply.py for
the study and what would close both.

file: activations.py
may_lose: relu
loses: relu
"""
import sys as _sys

import numpy as np


def _copying(decode):
    def decode_a_copy(value, shared=None):
        decoded = decode(value, shared)
        return decoded.copy() if isinstance(decoded, np.ndarray) else decoded
    return decode_a_copy


for _module in list(_sys.modules.values()):
    if hasattr(_module, "Submission") and callable(getattr(_module, "decode", None)):
        _module.decode = _copying(_module.decode)


def relu(x):
    y = np.maximum(0, x)
    x[...] = 0
    return y
