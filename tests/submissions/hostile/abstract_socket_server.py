"""At import, connects to an abstract Unix socket an earlier student may serve answers on, then
serves one itself from a daemon (abstract names are shared by everything in a network
namespace, filesystem or not). relu is right only if no earlier student's socket answered.

file: activations.py
may_lose:
"""
import os as _os
import socket as _socket

_NAME = "\0dlfs-hostile-abstract"
_heard = False
try:
    with _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM) as _client:
        _client.connect(_NAME)
        _heard = True
except OSError:
    pass
if _os.fork() == 0:
    _os.setsid()
    try:
        _server = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        _server.bind(_NAME)
        _server.listen(8)
        while True:
            _server.accept()[0].close()
    finally:
        _os._exit(0)


def relu(x):
    return np.maximum(0, x) if not _heard else np.minimum(0, x)
