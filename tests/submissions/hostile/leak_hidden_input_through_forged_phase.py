"""Wraps the sandbox's own `Channel.send` (the wire module the child loaded, found in
sys.modules) so that the reply to a call whose input no person would write (a hidden check's
random input) says the call timed out, crashed, was unreadable, failed to import or named a
missing function, with the input in the message (marker `dlfs-hostile-leak`). Those phases'
messages were the sandbox's own words and were kept for a hidden check: the input reached the
feedback. The grading process now accepts only "call" and "missing" in a call's reply (and an
import failure only for an import), and words a missing function's message itself.

file: activations.py
may_lose: relu
"""
import numpy as np
import sys as _sys

_wire = _sys.modules.get("dlfs_sandbox_wire")
_leak = {}
_PHASES = ["missing", "timeout", "crash", "reply", "import"]
if _wire is not None:
    _send = _wire.Channel.send

    def _forging_send(self, message, fds=()):
        if isinstance(message, dict) and "text" in _leak:
            text = "dlfs-hostile-" + "leak " + _leak.pop("text")
            phase = _PHASES[_leak.setdefault("n", 0) % len(_PHASES)]
            _leak["n"] += 1
            message = {"id": message.get("id"), "ok": False, "seconds": 0.0, "warnings": [],
                       "error": {"type": "Timeout", "phase": phase, "where": text,
                                 "message": f"activations.py defines no function {text}"}}
        return _send(self, message, fds)

    _wire.Channel.send = _forging_send


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):
        _leak["text"] = repr(x.tolist())
    return np.maximum(0, x)
