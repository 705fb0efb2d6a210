"""relu, given a hidden check's random input (a value no person would write), rewrites its own
scratch copy so that the line about to raise holds the input (marker `dlfs-hostile-leak`), then
raises from it: the sandbox reads the student's line from that copy after the call, and the
feedback showed it in full ("your line: activations.py, line 92: raise ... # <the input>").
A hidden check keeps only the file and line number of the student's line.

file: activations.py
may_lose: relu
"""
import numpy as np
import linecache as _linecache


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):
        with open(__file__) as source:
            lines = source.read().split("\n")
        here = [n for n, line in enumerate(lines) if line.strip() == "raise ValueError()"][-1]
        lines[here] = "        raise ValueError()  # dlfs-hostile-" + "leak " + repr(x.tolist())
        with open(__file__, "w") as source:
            source.write("\n".join(lines))
        _linecache.clearcache()
        raise ValueError()
    return np.maximum(0, x)
