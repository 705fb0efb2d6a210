"""At import, tries to bind an abstract Unix socket name an earlier student may have left taken,
then leaves its own taken without any process: the bound socket travels in a message queued on a
socket that itself is only queued on another (a cycle of descriptors in flight, which only the
kernel's collector frees). A name that outlived its student is one bit passed to the next one
in the same network namespace. relu is right only if the name was free.

file: activations.py
may_lose:
"""
import array as _array
import socket as _socket

_NAME = "\0dlfs-hostile-in-flight"
_taken = False
_listener = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
try:
    _listener.bind(_NAME)
    _listener.listen(1)
except OSError:
    _taken = True
else:
    _a1, _b1 = _socket.socketpair()
    _a2, _b2 = _socket.socketpair()
    _rights = _socket.SOL_SOCKET, _socket.SCM_RIGHTS
    _a1.sendmsg([b"x"], [(*_rights, _array.array("i", [_b2.fileno(), _listener.fileno()]))])
    _a2.sendmsg([b"x"], [(*_rights, _array.array("i", [_b1.fileno()]))])
    for _end in (_a1, _b1, _a2, _b2):
        _end.close()
_listener.close()


def relu(x):
    return np.maximum(0, x) if not _taken else np.minimum(0, x)
