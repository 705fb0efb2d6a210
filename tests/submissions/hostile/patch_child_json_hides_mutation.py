"""At import, wraps json.dumps (which the sandbox child uses to frame its replies) so that any
message with an "inputs_after" field reports the inputs as they were BEFORE the last relu call;
relu then zeroes the caller's array (x[:] = 0) and returns the right answer from a copy.

Generic: it does not need to know the grader's class or function names, only that replies go
through json.dumps in the student's process. relu mutates its input, so it must lose the
input_unchanged points; a grader that trusts child-reported inputs_after gives them.

file: activations.py
may_lose: relu
loses: relu
"""
import json

import numpy as np

_snapshot = {}
_real_dumps = json.dumps


def _plain(array):
    return {"t": "array", "dtype": str(array.dtype), "shape": list(array.shape),
            "data": array.tolist(), "scalar": False}


def _lying_dumps(obj, *args, **kwargs):
    if _snapshot and isinstance(obj, dict) and isinstance(obj.get("inputs_after"), dict):
        for name in list(obj["inputs_after"]):
            if name in _snapshot:
                obj["inputs_after"][name] = _plain(_snapshot[name])
        _snapshot.clear()
    return _real_dumps(obj, *args, **kwargs)


json.dumps = _lying_dumps


def relu(x):
    original = np.array(x, copy=True)
    _snapshot["x"] = original
    x[:] = 0
    return np.maximum(0, original)
