"""relu returns the right answer from a copy, then two threads punch holes (madvise
MADV_REMOVE) in the whole memory file of the call's inputs, without end, while the child goes
on: the grading process reads the inputs back through a read-only mapping of that file
(SharedInputs), and a fault on a page being removed waits for the punch (pread did not). The
grading process must neither hang nor crash: the inputs read back as zeros (relu changed its
input), and the child's later calls see zeroed inputs of their own batch, so the attacker loses
points on other functions too (its own doing); every other student is untouched.

file: activations.py
may_lose: *
"""
import ctypes as _ctypes
import threading as _threading

_libc = _ctypes.CDLL(None, use_errno=True)
_libc.madvise.argtypes = [_ctypes.c_void_p, _ctypes.c_size_t, _ctypes.c_int]


def _mapping_of(address):
    with open("/proc/self/maps") as maps:
        for line in maps:
            low, high = (int(p, 16) for p in line.split()[0].split("-"))
            if low <= address < high:
                return low, high
    return None


def _punch(low, high):
    while True:
        _libc.madvise(low, high - low, 9)  # MADV_REMOVE


def relu(x):
    import numpy as np
    answer = np.maximum(0, np.array(x, copy=True))
    where = _mapping_of(x.__array_interface__["data"][0])
    if where is not None:
        for _ in range(2):
            _threading.Thread(target=_punch, args=where, daemon=True).start()
    return answer
