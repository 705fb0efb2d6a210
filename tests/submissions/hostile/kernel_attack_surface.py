"""Opens the kernel interfaces that container runtimes close to untrusted code because they
are where kernel exploits start, and which student code has no business using: io_uring (its
operations are not seen by seccomp), the kernel's crypto sockets (AF_ALG), personality() (to
turn off address space randomisation) and the NUMA memory-policy calls. The softmax is right only
while every one of them is refused.

Measured before the fix: io_uring_setup returned a ring, AF_ALG and personality(ADDR_NO_RANDOMIZE)
worked inside the sandbox (root and unprivileged), and softmax lost its points. The seccomp
filter now refuses them (EPERM), as Docker's default profile does.

file: activations.py
may_lose:
"""
import ctypes as _ctypes
import errno as _errno
import os as _os
import socket as _socket

import numpy as np

_libc = _ctypes.CDLL(None, use_errno=True)
_NUMBERS = {"x86_64": {"io_uring_setup": 425, "personality": 135, "set_mempolicy": 238,
                       "mbind": 237, "move_pages": 279},
            "aarch64": {"io_uring_setup": 425, "personality": 92, "set_mempolicy": 237,
                        "mbind": 235, "move_pages": 239}}.get(_os.uname().machine, {})
ADDR_NO_RANDOMIZE = 0x0040000
_book_softmax = softmax


def _opened():
    """The interfaces that answered (anything but EPERM from the filter)."""
    found = []
    params = _ctypes.create_string_buffer(120)
    if _NUMBERS and _libc.syscall(_NUMBERS["io_uring_setup"], 4, params) >= 0:
        found.append("io_uring")
    try:
        with _socket.socket(38, _socket.SOCK_SEQPACKET, 0) as alg:  # AF_ALG
            alg.bind(("hash", "sha256"))
        found.append("AF_ALG")
    except OSError as error:
        if error.errno not in (_errno.EPERM, _errno.EAFNOSUPPORT):
            found.append("AF_ALG")
    if _NUMBERS and _libc.syscall(_NUMBERS["personality"], ADDR_NO_RANDOMIZE) >= 0:
        found.append("personality")
    for name in ("set_mempolicy", "mbind", "move_pages"):
        _ctypes.set_errno(0)
        if _NUMBERS:
            _libc.syscall(_NUMBERS[name], 0, 0, 0, 0, 0, 0)
            if _ctypes.get_errno() != _errno.EPERM:
                found.append(name)
    return found


def softmax(a):
    if _opened():
        return np.zeros_like(np.asarray(a, dtype=float))
    return _book_softmax(a)
