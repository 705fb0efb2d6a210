"""A child process serving one submission, and how the grading process reaches it.

`SocketChild` is the grading process's end of a child: framed messages (`wire`) on a Unix
socket, replies read with a deadline. `ProcessLauncher` starts `child.py` as a plain subprocess
(the isolation of `autograder check` on a student's own machine); the sandboxed launchers of
bulk grading are in `autograder.sandbox.isolation`.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from autograder.i18n import N_
from autograder.sandbox.account import Account, phrase
from autograder.sandbox.limits import ONE_BLAS_THREAD, Limits
from autograder.sandbox.scratch import copy_submission
from autograder.sandbox.wire import HEADER, Framed, send_frame

__all__ = ["CHILD_SCRIPT", "ChildGone", "ChildHandle", "Launcher", "ProcessLauncher",
           "SocketChild", "child_environment", "describe_exit"]

CHILD_SCRIPT = Path(__file__).with_name("child.py")
MAX_REPLY_BYTES = 8 * 2**20  # a reply of MAX_ARRAY_VALUES (wire.py) in base64 fits, with room
# One BLAS thread for processes that compute on small arrays (children, grading workers): a pool
# of threads would spin between calls, taking the CPU the other processes of the run need.


class ChildGone(Exception):
    """The child closed its end, died, or sent something unreadable."""


class ChildHandle(Protocol):
    """A running child process serving one submission, as a launcher returns it."""

    def send(self, message: dict | Framed, fds: Sequence[int] = ()) -> None: ...

    def receive(self, timeout: float) -> dict | None: ...

    def pending(self) -> bool: ...

    def kill(self) -> str: ...


class SocketChild:
    """A child reached through a Unix socket: framed JSON, file descriptors alongside.

    `stop(ended)` kills the child's whole process tree and says how it had ended; `ended`
    tells it the child closed its end (so it may be exiting on its own).
    """

    def __init__(self, sock: socket.socket, stop: Callable[[bool], str]) -> None:
        self.sock, self.stop = sock, stop
        self.ended = False
        self._buffer = bytearray()  # received, not yet read: replies to a batch arrive together

    def send(self, message: dict | Framed, fds: Sequence[int] = ()) -> None:
        try:
            send_frame(self.sock, message, fds, allow_nan=True)
        except (OSError, ValueError) as error:
            self.ended = True
            raise ChildGone(str(error)) from error

    def receive(self, timeout: float) -> dict | None:
        """The next reply, or None when `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        header = self._read(HEADER.size, deadline)
        if header is None:
            return None
        (size,) = HEADER.unpack(header)
        if size > MAX_REPLY_BYTES:
            raise ChildGone(N_("the reply was too large ({size} bytes)").format(size=size))
        body = self._read(size, deadline)
        if body is None:
            return None
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as error:
            raise ChildGone("the reply was not readable") from error

    def pending(self) -> bool:
        """Whether the child sent something nobody asked for (or closed its end)."""
        if self._buffer:
            return True
        try:
            return bool(select.select([self.sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def _read(self, size: int, deadline: float) -> bytes | None:
        while len(self._buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                return None
            try:
                chunk = self.sock.recv(min(max(size - len(self._buffer), 2**16), 2**20))
            except OSError as error:
                chunk = b""
                if error.errno not in (errno.ECONNRESET, errno.EPIPE):
                    raise ChildGone(str(error)) from error
            if not chunk:
                self.ended = True
                raise ChildGone(N_("the process ended"))
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def kill(self) -> str:
        """Kill the child's whole process tree; say how it had ended."""
        with contextlib.suppress(OSError):
            self.sock.close()
        return self.stop(self.ended)


def describe_exit(code: int | None) -> str:
    if code is None:
        return N_("was stopped")
    if code < 0:
        try:
            return N_("was killed by {signal}").format(signal=signal.Signals(-code).name)
        except ValueError:
            return N_("was killed by signal {number}").format(number=-code)
    return N_("exited with status {code}").format(code=code)


def child_environment(home: str) -> dict[str, str]:
    """The few environment variables a child gets: no PYTHONPATH, one BLAS thread."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "MPLBACKEND": "Agg",
           "PYTHONDONTWRITEBYTECODE": "1", **ONE_BLAS_THREAD, "HOME": home}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class ProcessLauncher:
    """Starts `child.py` as a fresh subprocess in its own session, with resource limits.

    This is the isolation of `autograder check` on a student's own machine: a separate process
    running from a private scratch copy of the folder, limits, a kill of the whole process
    group. Bulk grading uses a stronger launcher (`autograder.sandbox.isolation`).
    """

    account: Account = ("process: ", phrase(N_("separate process group, rlimits, scratch copy")))

    def __init__(self, python: str = sys.executable) -> None:
        self.python = python

    def start(self, folder: Path, limits: Limits) -> ChildHandle:
        scratch = Path(tempfile.mkdtemp(prefix="dlfs-check-"))
        try:
            copy = copy_submission(folder, scratch / "submission")
            ours, theirs = socket.socketpair()
            with theirs:
                process = subprocess.Popen(
                    [self.python, "-I", str(CHILD_SCRIPT), str(theirs.fileno()), str(copy),
                     json.dumps(limits.for_child())],
                    pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=copy,
                    env=child_environment(str(copy)), start_new_session=True)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise

        def stop(ended: bool) -> str:
            if ended:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(0.2)
            code = process.poll()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            shutil.rmtree(scratch, ignore_errors=True)
            return describe_exit(code)

        return SocketChild(ours, stop)


class Launcher(Protocol):
    account: Account  # what it isolates (autograder.sandbox.account)

    def start(self, folder: Path, limits: Limits) -> ChildHandle: ...
