"""relu zeroes the caller's array (x[:] = 0), then forges the sandbox's reply to hide it: it
walks up the call stack to the grader's own channel object (any local with send() and
receive()), the request being served (a dict with "inputs") and the child's encode(), sends a
complete reply itself with the right value and inputs_after set to the ORIGINAL inputs, and
calls os._exit(0) so that the real reply (with the zeroed x) is never sent.

This attacks the current child protocol, where the student's process reports inputs_after.
Anything the student's process reports can be forged; only what the grading process observes
itself can be trusted (e.g. inputs in shared memory the parent reads after the call). relu
mutates its input, so it must lose the input_unchanged points whether or not the forgery is
found. If no channel is found, relu just mutates and returns (the honest case of
mutates_input.py).

file: activations.py
may_lose: relu
loses: relu
"""
import os
import sys

import numpy as np


def _plain(array):
    array = np.asarray(array)
    return {"t": "array", "dtype": str(array.dtype), "shape": list(array.shape),
            "data": array.tolist(), "scalar": False}


def _find_grader():
    channel = request = encode = None
    frame = sys._getframe(1)
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if channel is None and hasattr(value, "send") and hasattr(value, "receive"):
                channel = value
            if request is None and isinstance(value, dict) and "inputs" in value:
                request = value
        if encode is None and callable(frame.f_globals.get("encode")):
            encode = frame.f_globals["encode"]
        frame = frame.f_back
    return channel, request, encode or _plain


def relu(x):
    original = np.array(x, copy=True)
    result = np.maximum(0, original)
    x[:] = 0
    channel, request, encode = _find_grader()
    if channel is not None:
        names = list(request["inputs"]) if request else ["x"]
        reply = {"ok": True, "value": encode(result), "seconds": 0.0001, "warnings": [],
                 "inputs_after": {name: encode(original) for name in names}}
        try:
            channel.send(reply)
        finally:
            os._exit(0)
    return result
