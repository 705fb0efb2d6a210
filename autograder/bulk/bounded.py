"""Work on a student's bytes that runs in the grading process, held to a memory and time budget.

Reading a notebook parses its code cells (never runs them), in the grading worker, which no
cgroup limits. Python's parser holds about 150 bytes per byte of a cell like `a=1` repeated:
the 10 MB a notebook may weigh took 180 s and more than 5 GB (measured), enough to make the
machine kill a worker, or the instructor's other programs. `bounded` runs such work in a forked
process limited to MEMORY_BYTES more than the worker holds and to SECONDS; what it returns comes
back as JSON, and a budget overrun is `OverBudget`, which costs that student only.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from autograder.i18n import N_

__all__ = ["MEMORY_BYTES", "SECONDS", "OverBudget", "bounded"]

MEMORY_BYTES = 768 * 2**20  # beyond what the worker holds already (honest notebooks need ~1 MB)
SECONDS = 60.0  # wall clock and CPU (honest notebooks take milliseconds)
PR_SET_PDEATHSIG = 1


class OverBudget(Exception):
    """The work needed more memory or time than its budget (or its process died)."""


def bounded(work: Callable[..., Any], *args: Any, memory_bytes: int = MEMORY_BYTES,
            seconds: float = SECONDS) -> Any:
    """`work(*args)` in a forked process within the budget; its value (JSON-able) or its
    ValueError come back, anything else that stops it is OverBudget."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child; it only ever leaves through os._exit
        code = 1
        try:
            os.close(reading)
            _limit(memory_bytes, seconds)
            try:
                reply = {"value": work(*args)}
            except ValueError as error:
                reply = {"error": str(error)}
            with os.fdopen(writing, "w", encoding="utf-8") as pipe:
                json.dump(reply, pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    try:
        text = _read_all(reading, time.monotonic() + seconds)
    finally:
        os.close(reading)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if text is None:
        raise OverBudget(N_("it took more than {seconds} s").format(seconds=f"{seconds:g}"))
    try:
        reply = json.loads(text)
    except ValueError:
        raise OverBudget(N_("it needed more than {size} MB").format(size=memory_bytes // 2**20)) from None
    if "error" in reply:
        raise ValueError(reply["error"])
    return reply["value"]


def _limit(memory_bytes: int, seconds: float) -> None:
    """This process's address space may grow by `memory_bytes`; its CPU time is `seconds`; it
    dies with the grading process (which a run stopped midway kills)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    with open("/proc/self/statm") as statm:
        held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    cpu = int(seconds) + 1
    for which, value in ((resource.RLIMIT_AS, held + memory_bytes), (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (value, resource.getrlimit(which)[1]))


def _read_all(descriptor: int, deadline: float) -> str | None:
    """Everything written to the pipe until it closes, or None when `deadline` passes first."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
            return None
        chunk = os.read(descriptor, 2**20)
        if not chunk:
            return b"".join(chunks).decode("utf-8", "replace")
        chunks.append(chunk)
