"""One submission's sandboxed process, seen from the grading process.

A `SubmissionSession` starts the child lazily, imports each module once (with a timeout, so an
endless loop at import costs that module only), forwards calls with a wall-clock limit, and
kills and restarts the child when it hangs, crashes or misbehaves. The judge only ever sees
`CallOutcome`s built from plain data by `codec`.
"""
from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from autograder.sandbox.codec import MalformedReply, decode_value, encode_input

__all__ = ["CallOutcome", "ChildHandle", "Limits", "ProcessLauncher", "StudentError",
           "SubmissionSession"]

CHILD_SCRIPT = Path(__file__).with_name("child.py")
MAX_REPLY_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times are per call (wall clock) and per child (CPU)."""

    call_seconds: float = 3.0
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

    def send(self, message: dict) -> None: ...

    def receive(self, timeout: float) -> dict | None: ...

    def kill(self) -> str: ...


class PipeChild:
    """A child started by `ProcessLauncher`: framed JSON over two pipes."""

    def __init__(self, process: subprocess.Popen, to_child: int, from_child: int) -> None:
        self.process, self.to_child, self.from_child = process, to_child, from_child

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        try:
            os.write(self.to_child, struct.pack(">I", len(body)) + body)
        except OSError as error:
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
        except ValueError as error:
            raise ChildGone("the reply was not readable") from error

    def _read(self, size: int, deadline: float) -> bytes | None:
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.from_child], [], [], remaining)[0]:
                return None
            chunk = os.read(self.from_child, min(size, 2**20))
            if not chunk:
                raise ChildGone("the process ended")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> str:
        """Kill the child's whole process group; say how it had ended."""
        ended = self.process.poll()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        code = self.process.wait()
        for fd in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        return describe_exit(code if ended is not None else None)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "was stopped"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


class ProcessLauncher:
    """Starts `child.py` as a plain subprocess in its own session, with resource limits.

    This is the isolation of `autograder check` on a student's own machine: a separate process,
    limits, a kill of the whole process group. Bulk grading uses a stronger launcher.
    """

    isolation = "process"

    def __init__(self, python: str = sys.executable) -> None:
        self.python = python

    def start(self, folder: Path, limits: Limits) -> ChildHandle:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "MPLBACKEND": "Agg",
               "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "HOME": str(folder)}
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT"):
            if name in os.environ:
                env[name] = os.environ[name]
        process = subprocess.Popen(
            [self.python, "-I", str(CHILD_SCRIPT), str(to_child_r), str(from_child_w),
             str(folder), json.dumps(limits.for_child())],
            pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder, env=env,
            start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        return PipeChild(process, to_child_w, from_child_r)


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
        self._dead_functions: dict[str, StudentError] = {}

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
        known_failure = self._dead_modules.get(module) or self._dead_functions.get(function)
        if known_failure is not None:
            return CallOutcome(error=known_failure)
        import_error = self._import(module)
        if import_error is not None:
            return CallOutcome(error=import_error)
        request = {"op": "call", "module": module, "function": function,
                   "inputs": {name: encode_input(value) for name, value in inputs.items()},
                   "function_inputs": list(function_inputs), "dependencies": dependencies or {}}
        reply, failure = self._exchange(request, self.limits.call_seconds, function)
        if failure is not None:
            self._dead_functions[function] = failure
            return CallOutcome(error=failure)
        return self._outcome(reply)

    def _import(self, module: str) -> StudentError | None:
        if module in self._imported and self._child is not None:
            return None
        request = {"op": "import", "module": module}
        reply, failure = self._exchange(request, self.limits.call_seconds, f"importing {module}.py")
        if failure is None and not reply.get("ok"):
            failure = _student_error(reply.get("error"))
        if failure is not None:
            self._dead_modules[module] = failure
            return failure
        self._imported.add(module)
        return None

    def _exchange(self, request: dict, seconds: float, what: str) -> tuple[dict, StudentError | None]:
        if self._child is None:
            try:
                self._child = self.launcher.start(self.folder, self.limits)
                ready = self._child.receive(START_SECONDS)
            except (ChildGone, OSError) as error:
                return {}, self._lose_child("crash", f"the grading sandbox could not start ({error})")
            if not ready or not ready.get("ready"):
                return {}, self._lose_child("crash", "the grading sandbox did not start")
        try:
            self._child.send(request)
            reply = self._child.receive(seconds)
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
        if not isinstance(reply, dict):
            return {}, self._lose_child("reply", f"{what}: the sandbox sent an unreadable reply")
        return reply, None

    def _lose_child(self, phase: str, message: str, type_: str = "Crash") -> StudentError:
        if self._child is not None:
            self._child.kill()
        self._child = None
        self._imported.clear()
        return StudentError(type_, message, phase)

    def _outcome(self, reply: dict) -> CallOutcome:
        try:
            outcome = CallOutcome(
                inputs_after={str(k): decode_value(v) for k, v in reply.get("inputs_after", {}).items()},
                warnings=[str(w)[:200] for w in reply.get("warnings", [])][:5],
                seconds=float(reply.get("seconds", 0.0)))
            if reply.get("ok"):
                outcome.value = decode_value(reply.get("value"))
            else:
                outcome.error = _student_error(reply.get("error"))
        except (MalformedReply, TypeError, ValueError) as error:
            return CallOutcome(error=StudentError(
                "MalformedReply", f"the sandbox reply was malformed: {error}", "reply"))
        return outcome


def _student_error(description: Any) -> StudentError:
    if not isinstance(description, dict):
        return StudentError("MalformedReply", "the sandbox reply was malformed", "reply")
    return StudentError(str(description.get("type", "Error"))[:80],
                        str(description.get("message", ""))[:500],
                        str(description.get("phase", "call"))[:20],
                        str(description.get("where", ""))[:300])
