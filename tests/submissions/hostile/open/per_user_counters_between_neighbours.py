"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
two students graded at the same time by two workers pass each other bits through what the
kernel counts per user. Every child is uid 65534 (as root; as an ordinary user, the instructor's
uid outside), so they share one set of per-user counters: inotify instances (here), pending
signals (RLIMIT_SIGPENDING), descriptors in flight on Unix sockets, POSIX message queue bytes,
pipe pages. At import this submission takes every inotify instance its user may have (128 by
default, /proc/sys/fs/inotify/max_user_instances) and keeps them while it lives: a neighbour that
gets fewer knows that another student holds some, and relu is wrong then. Measured, as root and
as an ordinary user: graded while a first copy lives (another worker), the second copy gets no
instance at all (EMFILE) and loses relu's points; graded alone, 100 / 100. Holding or freeing
them over time makes a channel of many bits a second between neighbours.

It costs no honest student a point (the kit's children use none of these), and it is of the kind
the README already leaves open (timing side channels between neighbours). What would close it:
as root, a uid of its own for each worker's children (the counters are per uid); as an ordinary
user there is only the one uid to map, so it stays open there. Denying inotify in the seccomp
filter would close this one file, not the kind.

file: activations.py
may_lose: relu
"""
import ctypes as _ctypes

_libc = _ctypes.CDLL(None, use_errno=True)
_held = []
try:
    with open("/proc/sys/fs/inotify/max_user_instances") as _file:
        _most = int(_file.read())
except (OSError, ValueError):
    _most = 128
while len(_held) < _most:
    _fd = _libc.inotify_init1(0)
    if _fd < 0:
        break
    _held.append(_fd)
_found = len(_held) < _most


def relu(x):
    return np.maximum(0, x) if not _found else np.minimum(0, x)
