"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
relu zeroes the caller's array like mutates_input.py, but the submission also wraps the
sandbox's own `Channel.send` (the wire module the child loaded, found in sys.modules) so that,
just before each reply leaves, every array relu changed is written back to what it was. The
grading process reads the inputs back from the shared memory file only once the reply has
arrived, so it sees them unchanged: relu keeps its input_unchanged points (100 / 100, where
mutates_input.py gets 98).

Why it is open: from the moment the student's function returns until the reply is sent, the
child runs in the student's process, which the student's code can rewrite entirely; no reading
back that waits for the child's word can tell "restored before returning" from "restored
before replying". Closing it needs the inputs observed at the return by something the student
cannot patch (e.g. the call made in a forked process the child kills and reads back after, with
the reply sent by its parent), a change to the child's protocol, not a contained fix.

file: activations.py
may_lose: relu
loses: relu
"""
import sys as _sys

import numpy as np

_wire = _sys.modules.get("dlfs_sandbox_wire")
_saved = []
if _wire is not None:
    _send = _wire.Channel.send

    def _restoring_send(self, message, fds=()):
        for view, data in _saved:
            view[...] = data
        _saved.clear()
        return _send(self, message, fds)

    _wire.Channel.send = _restoring_send


def relu(x):
    if isinstance(x, np.ndarray):
        _saved.append((x, x.copy()))
    y = np.maximum(0, x)
    x[...] = 0
    return y
