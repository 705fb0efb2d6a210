"""relu holds memory through four forked children, each well under the per-process limit
(RLIMIT_AS) but together far beyond --memory, then waits: only a limit on the whole process
tree (a cgroup) stops it. Everything else is right.

file: activations.py
may_lose: relu
"""
import os as _os
import time as _time


def relu(x):
    for _ in range(4):
        if _os.fork() == 0:
            hoard = bytearray(400 * 2**20)
            for i in range(0, len(hoard), 4096):
                hoard[i] = 1
            _time.sleep(60)
            _os._exit(0)
    _time.sleep(60)
    return np.maximum(0, x)
