"""Tries what a sandboxed process has no business doing: a new user namespace (to become root
in it), a new mount namespace, mount a tmpfs, ptrace a forked child, load BPF, open a perf
event, and unshare through clone() itself. identity_function is right only if all of them
were refused.

file: network.py
may_lose:
"""
import ctypes as _ctypes
import os as _os
import platform as _platform

_libc = _ctypes.CDLL(None, use_errno=True)
_X86 = _platform.machine() == "x86_64"
_CLONE_NEWUSER, _CLONE_NEWNS = 0x10000000, 0x00020000


def _escapes():
    done = []
    if _libc.unshare(_CLONE_NEWUSER) == 0:
        done.append("unshare(CLONE_NEWUSER)")
    if _libc.unshare(_CLONE_NEWNS) == 0:
        done.append("unshare(CLONE_NEWNS)")
    if _libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None) == 0:
        done.append("mount")
    pid = _os.fork()
    if pid == 0:
        import time
        time.sleep(2)
        _os._exit(0)
    if _libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
        done.append("ptrace")
    _os.kill(pid, 9)
    _os.waitpid(pid, 0)
    if _libc.syscall(321 if _X86 else 280, 0, None, 0) >= 0:  # bpf
        done.append("bpf")
    if _libc.syscall(56 if _X86 else 220, 0x11 | _CLONE_NEWUSER, 0, 0, 0, 0) == 0:  # clone
        _os._exit(0)  # the clone's child
    return done


_done = _escapes()


def identity_function(x):
    return x if not _done else x + 1
