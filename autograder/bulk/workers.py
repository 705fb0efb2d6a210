"""Worker processes that grade submissions in parallel, each with its own sandbox launcher."""
from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from autograder.bulk.discover import Entry, SubmissionProblem, materialise
from autograder.sandbox.prefetch import CallPlan

__all__ = ["GradingTask", "WorkerPool", "WorkerStartError", "grade_entry", "open_launcher",
           "refuse_unasked_weak_isolation"]


class WorkerStartError(RuntimeError):
    """A worker could not open its sandbox launcher: the run cannot proceed."""


@dataclass(frozen=True)
class GradingTask:
    """One submission to grade, with the hashes that decide whether it is graded again."""

    entry: Entry
    content_hash: str
    rubric_hash: str


def open_launcher(kind: str = "best"):
    """The strongest sandbox launcher available (`kind` as in the sandbox's `make_launcher`)."""
    try:
        from autograder.sandbox.isolation import make_launcher
    except ImportError:
        from autograder.sandbox.session import ProcessLauncher

        return ProcessLauncher()
    return make_launcher(kind)


def refuse_unasked_weak_isolation(asked: str, isolation: str) -> None:
    """Stop the run when "best" could only give a plain process and nobody asked for that.

    Without a sandbox, student code runs with the instructor's files and network within reach
    (the sample class's s014 rewrites another student's module): that takes an explicit choice.
    """
    if asked == "best" and isolation.startswith("process"):
        raise WorkerStartError(
            f"no sandbox can start on this machine ({isolation}); student code would run with "
            "your files and network within reach: grade as root where bubblewrap or Linux "
            "namespaces work, or accept the risk with --isolation process")


def scratch_root() -> Path:
    """A private folder for materialised submissions: in memory (/dev/shm) where there is one."""
    memory = Path("/dev/shm")
    base = memory if memory.is_dir() and os.access(memory, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="dlfs-grade-", dir=base))


def grade_entry(task: GradingTask, launcher, limits, scratch: Path,
                plan: CallPlan | None = None) -> dict:
    """Materialise and grade one submission; plain data back: results and feedback pages, or a problem.

    Plots are drawn here, in the worker, whose in-memory cache draws each distinct plot once.
    """
    from autograder.bulk.outputs import gradescope_results, results_text
    from autograder.feedback import render_feedback_html
    from autograder.grading import grade_submission
    from autograder.report import render_markdown

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(dir=scratch))
    try:
        materialise(task.entry, folder)
        result = grade_submission(folder, launcher=launcher, limits=limits, plots="failing",
                                  plan=plan)
    except (SubmissionProblem, OSError) as error:
        return {"student": task.entry.student, "problem": str(error)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    results = gradescope_results(result, student=task.entry.student,
                                 content_hash=task.content_hash, rubric_hash=task.rubric_hash)
    return {"student": task.entry.student, "results": results_text(results),
            "feedback": render_markdown(result),
            "feedback_html": render_feedback_html(
                result, title=f"Autograder feedback: {task.entry.student}")}


def _serve(connection: Connection, kind: str, limits_fields: dict) -> None:
    """A worker's life: open a launcher, grade what the main process sends, close the launcher."""
    from autograder.sandbox.session import Limits

    limits = Limits(**limits_fields)
    try:
        launcher = open_launcher(kind)
    except (RuntimeError, ValueError, OSError) as error:
        connection.send(json.dumps({"error": f"the sandbox could not start: {error}"}))
        return
    scratch = scratch_root()
    plan = CallPlan()  # learnt from the first submissions, it batches the sandbox calls of the rest
    try:
        if hasattr(launcher, "limits_in_force"):  # cgroups for the tree, or rlimits: in every record
            launcher.isolation += f"; limits: {launcher.limits_in_force(limits)}"
        connection.send(json.dumps({"isolation": launcher.isolation}))
        while True:
            message = connection.recv()
            if message is None:
                break
            task = GradingTask(Entry(**message["entry"] | {"path": Path(message["entry"]["path"])}),
                               message["content_hash"], message["rubric_hash"])
            try:
                reply = grade_entry(task, launcher, limits, scratch, plan)
            except Exception as error:  # a defect of the kit must not stop the class
                reply = {"student": task.entry.student,
                         "problem": f"the grader failed on this submission ({error!r}); "
                                    "please report it"}
            connection.send(json.dumps(reply, allow_nan=False))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        close = getattr(launcher, "close", None)
        if close is not None:
            close()


class _Worker:
    def __init__(self, context, kind: str, limits_fields: dict) -> None:
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, kind, limits_fields),
                                       daemon=True)
        self.process.start()
        child_end.close()
        self.isolation = ""
        self.task: GradingTask | None = None
        self.started = 0.0

    def give(self, task: GradingTask | None) -> None:
        self.task, self.started = task, time.monotonic()
        message = None if task is None else {
            "entry": {"student": task.entry.student, "path": str(task.entry.path),
                      "kind": task.entry.kind, "problem": task.entry.problem},
            "content_hash": task.content_hash, "rubric_hash": task.rubric_hash}
        with contextlib.suppress(OSError):
            self.connection.send(message)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=None if kill else 10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """`jobs` worker processes; `grade(tasks)` yields (task, reply) as each submission finishes."""

    def __init__(self, jobs: int, limits, kind: str = "best", task_seconds: float = 600.0) -> None:
        self.jobs, self.kind, self.task_seconds = jobs, kind, task_seconds
        self.limits_fields = {f: getattr(limits, f) for f in limits.__dataclass_fields__}
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.isolation = ""

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind, *rest) -> None:
        for worker in self.workers:
            if worker.process.is_alive() and kind is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self.workers:
            worker.stop(kill=kind is not None)
        self.workers.clear()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.context, self.kind, self.limits_fields)
        self.workers.append(worker)
        return worker

    def grade(self, tasks: list[GradingTask]) -> Iterator[tuple[GradingTask, dict]]:
        queue = deque(tasks)
        while len(self.workers) < min(self.jobs, len(queue)):
            self._spawn()
        busy = 0
        while queue or busy:
            idle = [w for w in self.workers if w.task is None and w.isolation]
            for worker in idle:
                if queue:
                    worker.give(queue.popleft())
                    busy += 1
            waiting = {w.connection: w for w in self.workers}
            waiting.update({w.process.sentinel: w for w in self.workers})
            ready = wait(list(waiting), timeout=1.0)
            for handle in ready:
                worker = waiting[handle]
                if worker not in self.workers:
                    continue
                reply = self._receive(worker) if handle is worker.connection else None
                if reply is None:
                    if not worker.isolation:
                        raise WorkerStartError("a grading worker could not start its sandbox "
                                               "(try --isolation process)")
                    lost = self._lose(worker, "the grading process died while grading this "
                                              "submission (the submission may have killed it)")
                    if lost is not None:
                        busy -= 1
                        yield lost
                    if queue and len(self.workers) < self.jobs:
                        self._spawn()
                elif "error" in reply and worker.task is None:
                    raise WorkerStartError(f"{reply['error']} (try --isolation process)")
                elif "isolation" in reply and worker.task is None:
                    refuse_unasked_weak_isolation(self.kind, reply["isolation"])
                    worker.isolation = self.isolation = reply["isolation"]
                else:
                    task, worker.task = worker.task, None
                    busy -= 1
                    yield task, reply
            for worker in list(self.workers):
                if worker.task is not None and time.monotonic() - worker.started > self.task_seconds:
                    busy -= 1
                    yield self._lose(worker, f"grading took more than {self.task_seconds:g} s "
                                             "and was stopped")
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
