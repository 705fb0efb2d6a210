"""One submission's sandboxed process, seen from the grading process.

A `SubmissionSession` starts the child lazily, imports each module once (with a timeout, so an
endless loop at import costs that module only), forwards calls with a wall-clock limit, and
kills and restarts the child when it hangs, crashes or misbehaves. The judge only ever sees
`CallOutcome`s built from plain data by `codec`.
"""
from __future__ import annotations

import array
import contextlib
import difflib
import errno
import json
import os
import secrets
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from autograder.sandbox.codec import MalformedReply, SharedInputs, decode_value
from autograder.sandbox.scratch import copy_submission

__all__ = ["CallOutcome", "ChildGone", "ChildHandle", "Launcher", "Limits", "ProcessLauncher",
           "SocketChild", "StudentError", "SubmissionSession", "describe_exit"]

CHILD_SCRIPT = Path(__file__).with_name("child.py")
MAX_REPLY_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times are per call or import (wall clock) and per child (CPU).

    An import gets more time than a call: learners' modules often import matplotlib (the book's
    ch04 scripts plot at import), which alone can take seconds on a loaded machine.
    """

    call_seconds: float = 3.0
    import_seconds: float = 10.0
    cpu_seconds: int = 60
    memory_mb: int = 1024
    file_mb: int = 16
    processes: int = 64

    def for_child(self) -> dict[str, int]:
        return {"memory_mb": self.memory_mb, "cpu_seconds": self.cpu_seconds,
                "file_mb": self.file_mb, "processes": self.processes}


@dataclass(frozen=True)
class StudentError:
    """Why a call produced no value: the student's exception, a timeout, a crash, a bad reply."""

    type: str
    message: str
    phase: str  # "import", "call", "missing", "timeout", "crash", "reply"
    where: str = ""

    @property
    def not_implemented(self) -> bool:
        return self.type == "NotImplementedError"

    def describe(self) -> str:
        if self.phase == "missing":
            return self.message
        if self.phase in ("timeout", "crash", "reply"):
            return self.message
        where = f" ({self.where})" if self.where else ""
        when = "while importing the module" if self.phase == "import" else ""
        text = f"{self.type}: {self.message}" if self.message else self.type
        return " ".join(part for part in (f"raised {text}", when) if part) + where


@dataclass
class CallOutcome:
    """What one call of a student's function gave: a value or an error, and its inputs after."""

    value: Any = None
    error: StudentError | None = None
    inputs_after: dict[str, np.ndarray] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


class ChildGone(Exception):
    """The child closed its end, died, or sent something unreadable."""


class ChildHandle(Protocol):
    """A running child process serving one submission, as a launcher returns it."""

    def send(self, message: dict, fds: Sequence[int] = ()) -> None: ...

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

    def send(self, message: dict, fds: Sequence[int] = ()) -> None:
        body = json.dumps(message).encode()
        data = struct.pack(">I", len(body)) + body
        try:
            if fds:
                sent = self.sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                                   array.array("i", fds))])
                data = data[sent:]
            if data:
                self.sock.sendall(data)
        except OSError as error:
            self.ended = True
            raise ChildGone(str(error)) from error

    def receive(self, timeout: float) -> dict | None:
        """The next reply, or None when `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        header = self._read(4, deadline)
        if header is None:
            return None
        (size,) = struct.unpack(">I", header)
        if size > MAX_REPLY_BYTES:
            raise ChildGone(f"the reply was too large ({size} bytes)")
        body = self._read(size, deadline)
        if body is None:
            return None
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as error:
            raise ChildGone("the reply was not readable") from error

    def pending(self) -> bool:
        """Whether the child sent something nobody asked for (or closed its end)."""
        try:
            return bool(select.select([self.sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def _read(self, size: int, deadline: float) -> bytes | None:
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                return None
            try:
                chunk = self.sock.recv(min(size, 2**20))
            except OSError as error:
                chunk = b""
                if error.errno not in (errno.ECONNRESET, errno.EPIPE):
                    raise ChildGone(str(error)) from error
            if not chunk:
                self.ended = True
                raise ChildGone("the process ended")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> str:
        """Kill the child's whole process tree; say how it had ended."""
        with contextlib.suppress(OSError):
            self.sock.close()
        return self.stop(self.ended)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "was stopped"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


def child_environment(home: str) -> dict[str, str]:
    """The few environment variables a child gets: no PYTHONPATH, one BLAS thread."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "MPLBACKEND": "Agg",
           "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "HOME": home}
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

    isolation = "process: separate process group, rlimits, scratch copy"

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
    isolation: str

    def start(self, folder: Path, limits: Limits) -> ChildHandle: ...


START_SECONDS = 20.0  # interpreter and NumPy start-up, on a loaded machine


class SubmissionSession:
    """Calls into one submission's code, each call isolated from the judge."""

    def __init__(self, folder: Path, launcher: Launcher | None = None,
                 limits: Limits | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.launcher = launcher or ProcessLauncher()
        self.limits = limits or Limits()
        self._child: ChildHandle | None = None
        self._imported: set[str] = set()
        self._dead_modules: dict[str, StudentError] = {}
        # keyed by the function and its substituted dependencies: a hang in the student's own
        # numerical_gradient must not fail gradient_descent when judged with a correct one
        self._dead_functions: dict[tuple[str, tuple], StudentError] = {}
        self._past_ids: set[str] = set()

    def __enter__(self) -> SubmissionSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child = None
            self._imported.clear()

    def call(self, module: str, function: str, inputs: dict[str, Any], *,
             function_inputs: tuple[str, ...] = (),
             dependencies: dict[str, str] | None = None) -> CallOutcome:
        """Call `module.function(**inputs)` in the sandbox; `function_inputs` name test functions."""
        key = (function, tuple(sorted((dependencies or {}).items())))
        known_failure = self._dead_modules.get(module) or self._dead_functions.get(key)
        if known_failure is not None:
            return CallOutcome(error=known_failure)
        for attempt in range(2):
            import_error = self._import(module)
            if import_error is not None:
                return CallOutcome(error=import_error)
            shared = SharedInputs()
            try:
                request = {"op": "call", "module": module, "function": function,
                           "inputs": {name: shared.encode(name, value)
                                      for name, value in inputs.items()},
                           "shared_bytes": shared.size, "function_inputs": list(function_inputs),
                           "dependencies": dependencies or {}}
                reply, failure = self._exchange(request, self.limits.call_seconds, function,
                                                shared.fds())
                if failure is not None and failure.phase == "crash" and attempt == 0:
                    continue  # the crash may belong to an earlier call: once more, fresh child
                if failure is not None:
                    self._dead_functions[key] = failure
                    return CallOutcome(error=failure)
                outcome = self._outcome(reply, module)
                outcome.inputs_after = shared.read_back()  # observed here, never reported
                return outcome
            finally:
                shared.close()
        raise AssertionError("unreachable")

    def _import(self, module: str) -> StudentError | None:
        if module in self._imported and self._child is not None:
            return None
        request = {"op": "import", "module": module}
        for attempt in range(2):
            reply, failure = self._exchange(request, max(self.limits.import_seconds,
                                                         self.limits.call_seconds),
                                            f"importing {module}.py")
            if failure is not None and failure.phase == "crash" and attempt == 0:
                continue
            break
        if failure is None and not reply.get("ok"):
            failure = _student_error(reply.get("error"), module)
        if failure is not None:
            self._dead_modules[module] = failure
            return failure
        self._imported.add(module)
        return None

    def _exchange(self, request: dict, seconds: float, what: str,
                  fds: Sequence[int] = ()) -> tuple[dict, StudentError | None]:
        if self._child is not None and self._child.pending():
            self._lose_child("crash", "")  # it spoke out of turn or ended: start afresh
        if self._child is None:
            try:
                self._child = self.launcher.start(self.folder, self.limits)
                ready = self._child.receive(START_SECONDS)
            except (ChildGone, OSError) as error:
                return {}, self._lose_child("crash", f"the grading sandbox could not start ({error})")
            if not isinstance(ready, dict) or not ready.get("ready"):
                reason = str(ready.get("error", ""))[:300] if isinstance(ready, dict) else ""
                return {}, self._lose_child("crash", "the grading sandbox did not start"
                                            + (f" ({reason})" if reason else ""))
        request = {**request, "id": secrets.token_hex(8)}
        deadline = time.monotonic() + seconds
        try:
            self._child.send(request, fds)
            reply = self._child.receive(seconds)
            while isinstance(reply, dict) and reply.get("id") in self._past_ids:
                reply = self._child.receive(max(0.0, deadline - time.monotonic()))  # a late reply
        except ChildGone as error:
            how = self._child.kill()
            self._child = None
            self._imported.clear()
            return {}, StudentError("Crash", f"{what}: the process running your code {how} "
                                    f"({error}); look for os._exit, sys.exit or a crash",
                                    "crash")
        if reply is None:
            return {}, self._lose_child(
                "timeout", f"{what} did not finish within {seconds:g} s: look for an endless loop "
                           "or a very slow step", type_="Timeout")
        self._past_ids.add(request["id"])
        if not isinstance(reply, dict) or reply.get("id") != request["id"]:
            return {}, self._lose_child("reply", f"{what}: the sandbox sent an unreadable reply")
        return reply, None

    def _lose_child(self, phase: str, message: str, type_: str = "Crash") -> StudentError:
        if self._child is not None:
            self._child.kill()
        self._child = None
        self._imported.clear()
        return StudentError(type_, message, phase)

    def _outcome(self, reply: dict, module: str) -> CallOutcome:
        try:
            outcome = CallOutcome(warnings=[str(w)[:200] for w in reply.get("warnings", [])][:5],
                                  seconds=float(reply.get("seconds", 0.0)))
            if reply.get("ok"):
                outcome.value = decode_value(reply.get("value"))
            else:
                outcome.error = _student_error(reply.get("error"), module)
        except (MalformedReply, TypeError, ValueError, RecursionError) as error:
            return CallOutcome(error=StudentError(
                "MalformedReply", f"the sandbox reply was malformed: {error}", "reply"))
        return outcome


def _student_error(description: Any, module: str) -> StudentError:
    if not isinstance(description, dict):
        return StudentError("MalformedReply", "the sandbox reply was malformed", "reply")
    if description.get("phase") == "missing":
        return _missing_function(description, module)
    return StudentError(str(description.get("type", "Error"))[:80],
                        str(description.get("message", ""))[:500],
                        str(description.get("phase", "call"))[:20],
                        str(description.get("where", ""))[:300])


def _missing_function(description: dict, module: str) -> StudentError:
    """A function the module does not define, with the closest name it does define."""
    message = str(description.get("message", ""))[:300]
    wanted = message.rsplit(" ", 1)[-1]
    callables = description.get("callables")
    names = [str(n)[:80] for n in callables[:200]] if isinstance(callables, list) else []
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    if close and close[0] != wanted:
        message = f"{module}.py defines no function {wanted} (did you mean {close[0]}? rename it)"
    return StudentError("MissingFunction", message, "missing")
