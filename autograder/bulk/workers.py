"""Worker processes that grade submissions in parallel, each with its own sandbox launcher."""
from __future__ import annotations

import builtins
import contextlib
import errno
import gc
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from autograder.bulk.discover import Entry, SubmissionProblem, materialise
from autograder.feedback.explain import student_line
from autograder.feedback.hidden_words import words_only
from autograder.i18n import N_, _, gettext_for, language, set_language
from autograder.kit import DEFAULT_ASSIGNMENT, current_assignment, use_assignment
from autograder.results import STUDENT_LINE, GradingResult
from autograder.sandbox.account import english, phrase
from autograder.sandbox.limits import ONE_BLAS_THREAD
from autograder.sandbox.prefetch import CallPlan
from autograder.sandbox.scratch import private_folder
from autograder.sandbox.session import Limits

__all__ = ["BEST", "GradingTask", "WorkerPool", "WorkerStartError", "grade_entry", "open_launcher",
           "refuse_unasked_weak_isolation"]


# The first clause of a sandbox message, all a hidden check keeps of it (the catalogue's Korean)
TIMED_OUT = N_("{what} did not finish within {seconds} s")
BEST = "best"  # the default isolation: the strongest sandbox this machine offers
SCRATCH_PREFIX = "dlfs-grade-"  # then the pid of the run: dlfs-grade-<pid>-XXXX
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
RAISED = re.compile(r"the function raised ([A-Za-z_][\w.]*)")
STUDENT_WHERE = re.compile(r"([^,]+\.py), line (\d{1,5})(?::|$)")


class WorkerStartError(RuntimeError):
    """A worker could not open its sandbox launcher: the run cannot proceed."""


@dataclass(frozen=True)
class GradingTask:
    """One submission to grade, with the hashes that decide whether it is graded again."""

    entry: Entry
    content_hash: str
    rubric_hash: str
    assignment: str = DEFAULT_ASSIGNMENT


def open_launcher(kind: str = BEST) -> Any:
    """The strongest sandbox launcher available (`kind` as in the sandbox's `make_launcher`)."""
    try:
        from autograder.sandbox.isolation import make_launcher
    except ImportError:
        from autograder.sandbox.session import ProcessLauncher

        return ProcessLauncher()
    return make_launcher(kind)


def refuse_unasked_weak_isolation(asked: str, mode: str, isolation: str) -> None:
    """Stop the run when "best" could only give a plain process (`mode`, what it `isolation`s)
    and nobody asked for that.

    Without a sandbox, student code runs with the instructor's files and network within reach
    (the sample class's s014 rewrites another student's module): that takes an explicit choice.
    """
    if asked == BEST and mode == "process":
        raise WorkerStartError(
            f"no sandbox can start on this machine ({isolation}); student code would run with "
            "your files and network within reach: grade as root where bubblewrap or Linux "
            "namespaces work, or accept the risk with --isolation process")


def scratch_root() -> Path:
    """A private folder for materialised submissions, in memory where there is /dev/shm.

    The main process makes it and removes it at the end, whatever happened to the workers; the
    folders of runs killed before they could are removed when the next run starts.
    """
    return private_folder(SCRATCH_PREFIX)


def _builtin_exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


def hide_hidden_inputs(result: GradingResult, files: tuple[str, ...] = ()) -> None:
    """Keep a hidden check's inputs out of everything the student reads.

    A student's exception message, the name of an exception class they made, an output or a
    value can all carry the check's random input (`raise ValueError(repr(x))`): a hidden
    check keeps only what went wrong (the type of a built-in exception, the file and line), the
    freshly shrunk counterexample, the mistake and the hint. The student's line is kept as its
    file (one of the contract's modules or `files`, the ones the student wrote) and line number
    only: its text is read from the scratch copy, which the student's code can rewrite.
    """
    named = {f"{module}.py" for module in current_assignment().modules} | set(files)
    for check in result.checks():
        failure = check.failure
        if check.visibility != "hidden" or failure is None:
            continue
        raised = RAISED.match(failure.message)
        if raised:
            kind = raised.group(1) if _builtin_exception(raised.group(1)) else N_("an exception")
            where = _file_and_line(failure.error.where, named) if failure.error is not None else ""
            message = (N_("the function raised {error} ({where})").format(error=kind, where=where) if where
                       else N_("the function raised {error}").format(error=kind))
        else:
            first = failure.message.split("\n", 1)[0]
            message = first if _fixed_message(first) else words_only(first.split(":", 1)[0][:200])
        failure.message = N_("{message} (details are not shown for a hidden check)").format(message=message)
        failure.call = failure.expected = failure.actual = ""
        failure.compared = None  # the values compared: the check's own output
        if failure.error is not None:  # its message and a class the student made can carry them
            error = failure.error
            where = _file_and_line(error.where, named)
            failure.error = replace(error, message="", where=where,
                                    type=error.type if _builtin_exception(error.type) else N_("an exception"))
            if failure.difference.startswith(STUDENT_LINE):
                failure.difference = student_line(where)
        if not failure.difference.startswith(STUDENT_LINE):  # a shape, an offset, a class name
            failure.difference = words_only(failure.difference)  # the student chose: its words only


def _fixed_message(text: str) -> bool:
    """Whether `text` is one of the kit's own messages with no field filled in (in a hidden run
    or not): it cannot hold the check's inputs, so a hidden check shows all of it, and it is
    shown in the reader's language."""
    from autograder.checks.training_hidden import IN_A_HIDDEN_RUN

    head, _, tail = IN_A_HIDDEN_RUN.partition("{message}")
    if text.startswith(head) and text.endswith(tail) and len(text) > len(head) + len(tail):
        text = text[len(head):len(text) - len(tail)]
    return "{" not in text and text in _catalogue_messages()


@cache
def _catalogue_messages() -> frozenset[str]:
    """Every message of the catalogues (their English), whatever the language in force."""
    catalogue = getattr(gettext_for("ko"), "_catalog", {})
    return frozenset(message for message in catalogue if isinstance(message, str) and message)


def _file_and_line(where: str, files: set[str]) -> str:
    """'losses.py, line 56' from the sandbox's 'losses.py, line 56: the line's text', if it names
    a file the student wrote and a line a file can have; else nothing."""
    found = STUDENT_WHERE.match(where)
    if not found or found.group(1) not in files:
        return ""
    return N_("{file}, line {number}").format(file=found.group(1), number=found.group(2))


def name_the_students_file(result: GradingResult, name: str) -> None:
    """Messages name `name` (the single .py the student wrote), not the modules made from it."""
    module_file = re.compile(r"\b(?:" + "|".join(map(re.escape, current_assignment().modules))
                             + r")\.py\b")
    result.sources = dict.fromkeys(current_assignment().modules, name)
    result.rewrite_texts(lambda text: module_file.sub(lambda _: name, text))


def grade_entry(task: GradingTask, launcher: Any, limits: Limits, scratch: Path,
                plan: CallPlan | None = None) -> dict:
    """Materialise and grade one submission; plain data back: results and feedback pages, or a problem.

    Plots are drawn here, in the worker, whose in-memory cache draws each distinct plot once.
    The reply carries the hash of the bytes that were read and graded, not of the submission
    as it was when the run started.
    """
    with use_assignment(task.assignment):
        return _grade_entry(task, launcher, limits, scratch, plan)


def _grade_entry(task: GradingTask, launcher: Any, limits: Limits, scratch: Path,
                 plan: CallPlan | None) -> dict:
    from autograder.bulk.outputs import gradescope_results, results_text
    from autograder.feedback import render_feedback_html
    from autograder.grading import grade_submission
    from autograder.report import render_markdown

    started = time.perf_counter()
    student = task.entry.student
    folder = Path(tempfile.mkdtemp(dir=scratch))
    try:
        snapshot = materialise(task.entry, folder)
        result = grade_submission(folder, launcher=launcher, limits=limits, plots="failing",
                                  plan=plan)
    except SubmissionProblem as error:
        return {"student": student, "problem": str(error)}
    except OSError as error:
        if error.errno in DISK_FULL:
            return {"student": student, "disk_full": f"the scratch folder {scratch} is full "
                                                     f"({error.strerror})"}
        return {"student": student, "problem": f"the submission cannot be read ({error.strerror})"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.problems = [*snapshot.notes, *result.problems]
    hide_hidden_inputs(result, tuple(name for name, *_ in snapshot.files))
    if snapshot.kind == "py":  # the four modules are the one file the student wrote
        name_the_students_file(result, snapshot.files[0][0])
    elif snapshot.lines:  # the modules were made from the student's notebooks: name their cells
        from autograder.ecosystem.notebook_code import name_the_notebooks

        name_the_notebooks(result, snapshot.lines)
    result.seconds = time.perf_counter() - started
    results = gradescope_results(result, student=student, content_hash=snapshot.hash,
                                 rubric_hash=task.rubric_hash)
    return {"student": student, "results": results_text(results),
            "feedback": render_markdown(result),
            "feedback_html": render_feedback_html(
                result, title=_("Autograder feedback: {name}").format(name=student))}


_STOPPING = threading.Event()  # in a worker: the run told it to stop (SIGTERM)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    _STOPPING.set()
    raise KeyboardInterrupt  # so that the worker closes its sandbox and removes its folder


def _unraisable(unraisable: Any) -> None:
    """Where Python cannot raise _stop_on_sigterm's interrupt (a weakref callback, a __del__),
    it is dropped without the traceback Python would print: the worker stops before its next
    submission instead (`_serve`). Anything else is reported as Python does."""
    if not (_STOPPING.is_set() and issubclass(unraisable.exc_type, KeyboardInterrupt)):
        sys.__unraisablehook__(unraisable)


def _batch_scheduling() -> None:
    """Schedule this worker, and the sandbox it starts, as batch work (SCHED_BATCH, no
    privilege needed): a child's reply then wakes its worker without preempting whatever runs,
    so the processes of a run switch far less often. Where the system has no such policy,
    nothing changes."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def _serve(connection: Connection, kind: str, limits_fields: dict, scratch_base: str) -> None:
    """A worker's life: open a launcher, grade what the main process sends, close the launcher."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    sys.unraisablehook = _unraisable
    _batch_scheduling()
    set_language(language())  # the class's, from the environment once: every message asks for it
    limits = Limits(**limits_fields)
    try:
        launcher = open_launcher(kind)
    except (RuntimeError, ValueError, OSError) as error:
        connection.send(json.dumps({"error": f"the sandbox could not start: {error}"}))
        return
    plan = CallPlan()  # learnt from the first submissions, it batches the sandbox calls of the rest
    try:
        scratch = Path(tempfile.mkdtemp(dir=scratch_base))
        if hasattr(launcher, "limits_in_force"):  # cgroups for the tree, or rlimits: in every record
            launcher.account += (phrase(N_("; limits: ")), *launcher.limits_in_force(limits))
        connection.send(json.dumps({"isolation": english(launcher.account),
                                    "mode": getattr(launcher, "mode", "process")}))
        frozen = False
        while not _STOPPING.is_set():
            message = connection.recv()
            if message is None:
                break
            task = GradingTask(Entry(**message["entry"] | {"path": Path(message["entry"]["path"])}),
                               message["content_hash"], message["rubric_hash"],
                               message.get("assignment", DEFAULT_ASSIGNMENT))
            try:
                reply = grade_entry(task, launcher, limits, scratch, plan)
            except Exception as error:  # a defect of the kit must not stop the class
                reply = {"student": task.entry.student,
                         "problem": f"the grader failed on this submission ({error!r}); "
                                    "please report it"}
            connection.send(json.dumps(reply, allow_nan=False))
            if not frozen:  # once the first submission has loaded what grading uses, its
                gc.collect()  # objects (modules, tables), never garbage, are not walked again
                gc.freeze()
                frozen = True
    except (EOFError, KeyboardInterrupt, BrokenPipeError, OSError):
        pass
    finally:
        with contextlib.suppress(NameError):
            shutil.rmtree(scratch, ignore_errors=True)
        close = getattr(launcher, "close", None)
        if close is not None:
            close()


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """The environment a worker starts in: the run's, with one BLAS thread (ONE_BLAS_THREAD)
    where the instructor did not choose: the judge's arrays are small."""
    added = {name: value for name, value in ONE_BLAS_THREAD.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


class _Worker:
    def __init__(self, context: Any, kind: str, limits_fields: dict, scratch: Path) -> None:
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve,
                                       args=(child_end, kind, limits_fields, str(scratch)),
                                       daemon=True)
        with _one_blas_thread():
            self.process.start()
        child_end.close()
        self.ready = False  # its sandbox started
        self.task: GradingTask | None = None
        self.started = 0.0

    def give(self, task: GradingTask | None) -> None:
        self.task, self.started = task, time.monotonic()
        message = None if task is None else {
            "entry": {"student": task.entry.student, "path": str(task.entry.path),
                      "kind": task.entry.kind, "problem": task.entry.problem},
            "content_hash": task.content_hash, "rubric_hash": task.rubric_hash,
            "assignment": task.assignment}
        with contextlib.suppress(OSError):
            self.connection.send(message)

    def stop(self, kill: bool = False) -> None:
        """End the worker: at once with `kill` (a worker stuck on a submission), else politely
        (SIGTERM lets it close its sandbox) and by force only when it does not end."""
        if self.process.is_alive():
            if kill:
                self.process.kill()
            elif self.task is not None:
                self.process.terminate()
        self.process.join(timeout=None if kill else 10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """`jobs` worker processes; `grade(tasks)` yields (task, reply) as each submission finishes."""

    def __init__(self, jobs: int, limits: Limits, scratch: Path, kind: str = BEST,
                 task_seconds: float = 600.0) -> None:
        self.jobs, self.kind, self.task_seconds, self.scratch = jobs, kind, task_seconds, scratch
        self.limits_fields = {f: getattr(limits, f) for f in limits.__dataclass_fields__}
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        for worker in self.workers:
            if worker.process.is_alive() and worker.task is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self.workers:
            worker.stop()
        self.workers.clear()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.context, self.kind, self.limits_fields, self.scratch)
        self.workers.append(worker)
        return worker

    def start(self, tasks: int) -> None:
        """Start the workers `tasks` submissions need now: each opens its sandbox meanwhile
        (the canary can run at the same time; `grade` hands out submissions)."""
        while len(self.workers) < min(self.jobs, tasks):
            self._spawn()

    def grade(self, tasks: list[GradingTask], stop: Callable[[], bool] | None = None
              ) -> Iterator[tuple[GradingTask, dict]]:
        """Hand out `tasks`, yielding each with its worker's reply as it comes; `stop` is asked
        at least once a second (its True ends the run, the rest ungraded)."""
        queue = deque(tasks)
        self.start(len(queue))

        def hand_out(worker: _Worker) -> None:
            if queue and worker.task is None and worker.ready:
                worker.give(queue.popleft())

        while queue or any(w.task is not None for w in self.workers):
            if stop is not None and stop():
                return
            for worker in self.workers:
                hand_out(worker)
            waiting = {w.connection: w for w in self.workers}
            waiting.update({w.process.sentinel: w for w in self.workers})
            ready = wait(list(waiting), timeout=1.0)
            for handle in ready:
                worker = waiting[handle]
                if worker not in self.workers:
                    continue
                reply = self._receive(worker) if handle is worker.connection else None
                if reply is None:
                    if not worker.ready:
                        raise WorkerStartError("a grading worker could not start its sandbox "
                                               "(try --isolation process)")
                    lost = self._lose(worker, "the grading process died while grading this "
                                              "submission (the submission may have killed it)")
                    if lost is not None:
                        yield lost
                    if queue and len(self.workers) < self.jobs:
                        self._spawn()
                elif "error" in reply and worker.task is None:
                    raise WorkerStartError(f"{reply['error']} (try --isolation process)")
                elif "isolation" in reply and worker.task is None:
                    refuse_unasked_weak_isolation(self.kind, reply["mode"], reply["isolation"])
                    worker.ready = True
                elif worker.task is not None:
                    task, worker.task = worker.task, None
                    if stop is None or not stop():
                        # its next submission before this one is recorded: the worker never
                        # waits for the files of its last one to be written
                        hand_out(worker)
                    yield task, reply
            for worker in list(self.workers):
                if worker.task is not None and time.monotonic() - worker.started > self.task_seconds:
                    stopped = self._lose(worker, f"grading took more than {self.task_seconds:g} s "
                                                 "and was stopped")
                    if stopped is not None:
                        yield stopped
                    if queue:
                        self._spawn()

    def _receive(self, worker: _Worker) -> dict | None:
        try:
            return json.loads(worker.connection.recv())
        except (EOFError, OSError, ValueError, TypeError):
            return None

    def _lose(self, worker: _Worker, message: str) -> tuple[GradingTask, dict] | None:
        self.workers.remove(worker)
        worker.stop(kill=True)
        if worker.task is None:
            return None
        return worker.task, {"student": worker.task.entry.student, "problem": message}
