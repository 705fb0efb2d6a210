"""`autograder grade`: a whole class, in parallel, resumable, into a folder of results."""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from autograder.bulk.discover import Entry, SubmissionProblem, content_hash, discover, select_shard
from autograder.bulk.outputs import (
    StudentRecord,
    read_record,
    record_from_results,
    summarise,
    write_atomically,
    write_gradebook,
    write_summary,
)
from autograder.bulk.progress import Progress
from autograder.bulk.workers import BEST, DISK_FULL, GradingTask, WorkerPool, WorkerStartError, scratch_root
from autograder.feedback.class_report import write_class_report
from autograder.feedback.plots import prepare_drawing
from autograder.i18n import language
from autograder.kit import KIT_ROOT, current_assignment, use_assignment
from autograder.sandbox.canary import CanaryFailure, check_environment
from autograder.sandbox.session import Limits
from autograder.secret import fingerprint, secret_source

__all__ = ["DiskFull", "GradingError", "grade_class", "parse_shard", "rubric_hash",
           "submission_seconds"]

STARTUP_SECONDS = 60.0
MAX_CALLS = 400  # more than grading makes on any submission: see tests/test_run_robustness.py


STUDENT_FILES = ("results.json", "feedback.md", "feedback.html")
DEFAULT_LIMITS = Limits()
# What decides a grade besides the submission and the limits: everything the worker runs.
GRADE_INPUTS = ("data/*.toml", "solutions/*.py", "autograder/*.py", "autograder/checks/*.py",
                "autograder/sandbox/*.py", "autograder/feedback/*.py", "autograder/bulk/*.py",
                "autograder/ecosystem/notebook_code.py", "autograder/locale/*/LC_MESSAGES/*.po")


class GradingError(Exception):
    """The run itself cannot proceed (missing SUBMISSIONS, OUT not writable, a bad shard)."""


class DiskFull(GradingError):
    """The output or scratch disk is full: the run stopped, keeping what it had written."""


def rubric_hash(limits: Limits, isolation: str = BEST) -> str:
    """A hash of what decides a grade besides the submission: the kit's data, reference, judge
    and notebook extraction, the assignment being graded (kit.use_assignment) and its own data
    and reference, the feedback's language and its catalogue, every limit, the isolation asked
    for, Python's and NumPy's versions, and a hash of the instructor's secret (autograder.secret)."""
    import numpy

    chosen = current_assignment()
    options = {"limits": dataclasses.asdict(limits), "isolation": isolation,
               "python": sys.version, "numpy": numpy.__version__, "assignment": chosen.name,
               "language": language(),  # the feedback's language too
               "secret": fingerprint()}  # the hidden checks' inputs: a hash, never the secret
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    own = [*(p for p in chosen.data_dir.glob("*") if p.is_file()), *chosen.solutions_dir.glob("*.py")]
    files = sorted({path for pattern in GRADE_INPUTS for path in KIT_ROOT.glob(pattern)} | set(own))
    for path in files:
        digest.update(f"\0{path.relative_to(KIT_ROOT).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def submission_seconds(limits: Limits) -> float:
    """The most a whole submission may take before its worker is stopped.

    Derived from the per-call limits so that a submission whose every call stays within them is
    never stopped for its total: each module's import (`import_seconds`) in each of the two
    children a submission may need (the checks', and a fresh one for what the feedback shows
    after the hidden checks: autograder.grading), each of the calls grading can make (at most
    MAX_CALLS, `call_seconds` each), the counterexamples' own budget (SHRINK_SECONDS, overrun by
    one call at most) and a fixed allowance for the children's start and the worker's own work
    (STARTUP_SECONDS).
    """
    from autograder.grading import SHRINK_SECONDS

    imports = 2 * len(current_assignment().modules) * max(limits.import_seconds, limits.call_seconds)
    return (STARTUP_SECONDS + imports + (MAX_CALLS + 1) * limits.call_seconds + SHRINK_SECONDS)


def _check_output_folder(out: Path, submissions: Path) -> None:
    if out.resolve() == submissions.resolve() or submissions.resolve() in out.resolve().parents:
        raise GradingError(f"{out} is inside the submissions folder; choose another output folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise GradingError(f"cannot write to {out} ({error.strerror or error})") from error


def _forget(out: Path, student: str, submissions: Path) -> None:
    """Remove a student's earlier results, which no longer match the submission."""
    folder = (out / student).resolve()
    if folder == submissions.resolve() or folder in submissions.resolve().parents \
            or submissions.resolve() in folder.parents:
        return
    for name in STUDENT_FILES:
        with contextlib.suppress(OSError):
            (out / student / name).unlink()


def grade_class(submissions: Path, out: Path, *, jobs: int | None = None,
                timeout: float = DEFAULT_LIMITS.call_seconds,
                memory_mb: int = DEFAULT_LIMITS.memory_mb, force: bool = False,
                shard: tuple[int, int] = (1, 1), isolation: str = BEST,
                stream: TextIO | None = None, assignment: str | None = None) -> dict:
    """Grade every submission in `submissions` into `out` and return the summary.

    `assignment` names the assignment (data/assignments.toml; None: the current one, `basics`
    unless set). A course folder holding one folder per assignment is graded by
    autograder.bulk.course.grade_course.

    Raises DiskFull when the output (or scratch) disk fills up: the students graded so far keep
    their files, the scratch folders are removed, and the same command goes on from there.
    """
    with use_assignment(assignment) as chosen:
        return _grade_class(submissions, out, jobs=jobs, timeout=timeout, memory_mb=memory_mb,
                            force=force, shard=shard, isolation=isolation, stream=stream,
                            assignment=chosen.name)


def _grade_class(submissions: Path, out: Path, *, jobs: int | None, timeout: float,
                 memory_mb: int, force: bool, shard: tuple[int, int], isolation: str,
                 stream: TextIO | None, assignment: str) -> dict:
    started = time.perf_counter()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder (it should hold one entry per student)")
    _check_output_folder(out, submissions)
    limits = dataclasses.replace(DEFAULT_LIMITS, call_seconds=float(timeout), memory_mb=int(memory_mb))
    jobs = max(1, jobs or os.cpu_count() or 1)
    entries = select_shard(discover(submissions), *shard)
    for leftover in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:  # from a run killed midway
        with contextlib.suppress(OSError):
            leftover.unlink()
    rubric = rubric_hash(limits, isolation)
    progress = Progress(0, stream)

    problems: list[dict] = []
    records: list[StudentRecord] = []
    tasks: list[GradingTask] = []
    inside = submissions.resolve().relative_to(out.resolve()).parts[:1] \
        if out.resolve() in submissions.resolve().parents else ()
    scratch = scratch_root()
    try:
        with WorkerPool(jobs, limits, scratch, isolation, task_seconds=submission_seconds(limits)) as pool:
            canary = _Canary(isolation, limits)
            for entry in entries:
                task = _task(entry, rubric, assignment, out, submissions, inside, problems)
                if task is None:
                    continue
                earlier = None if force else read_record(out / entry.student)
                if (earlier is not None and earlier.content_hash == task.content_hash
                        and earlier.rubric_hash == rubric
                        and all((out / entry.student / name).exists() for name in STUDENT_FILES)):
                    records.append(earlier)
                    continue
                tasks.append(task)
                # the workers open their sandboxes, and the canary runs, while the rest are read
                pool.start(len(tasks))
                if len(tasks) == 1:
                    canary.start()
            if records:
                progress.note(f"{len(records)} submissions unchanged since the last run: kept their "
                              "grades (--force grades them again)")
            progress.total = len(tasks)
            if tasks:
                _grade_tasks(pool, canary, tasks, submissions, out, records, problems, progress)
    except _CanaryStop as stop:
        progress.finish()
        raise GradingError(str(stop.__cause__)) from stop.__cause__
    except WorkerStartError as error:
        progress.finish()
        raise GradingError(str(error)) from error
    except DiskFull as error:
        progress.finish()
        raise DiskFull(f"{error}; {len(records)} students' results are kept in {out}: free some "
                       "space and run the same command again to go on") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    progress.finish()
    summary = summarise(records, problems, students=len(entries),
                        seconds=time.perf_counter() - started,
                        jobs=jobs)
    summary["secret"] = secret_source()  # where the hidden checks' secret is: never the secret
    try:
        write_gradebook(out / "grades.csv", records, problems)
        write_summary(out / "summary.json", summary)
        write_class_report(out, summary, {r.student: (r.total, r.max_total) for r in records})
    except OSError as error:
        if error.errno not in DISK_FULL:
            raise
        raise DiskFull(f"the output disk is full ({error.strerror}) while writing grades.csv, "
                       f"summary.json and report.html; every student's results are kept in {out}: "
                       "free some space and run the same command again") from None
    return summary


def _task(entry: Entry, rubric: str, assignment: str, out: Path, submissions: Path,
          inside: tuple[str, ...], problems: list[dict]) -> GradingTask | None:
    """The grading task of `entry`, or None where it cannot be graded (noted in `problems`)."""
    try:
        if entry.problem:
            raise SubmissionProblem(entry.problem)
        if (entry.student,) == inside:
            raise SubmissionProblem(f"its results would go into {out / entry.student}, which "
                                    "holds the submissions; choose another output folder")
        return GradingTask(entry, content_hash(entry), rubric, assignment)
    except (SubmissionProblem, OSError) as error:
        message = str(error) if isinstance(error, SubmissionProblem) else \
            f"cannot be read ({error.strerror or error})"
        problems.append({"student": entry.student, "message": message})
        if not entry.problem:
            _forget(out, entry.student, submissions)
        return None


def _grade_tasks(pool: WorkerPool, canary: _Canary, tasks: list[GradingTask], submissions: Path,
                 out: Path, records: list[StudentRecord], problems: list[dict],
                 progress: Progress) -> None:
    """Grade `tasks` with `pool`, writing each student's files as soon as they are graded.

    The canary (started with the first task) runs beside the first submissions (its sandbox
    waits on its child most of the time): what they give is held, not written nor shown, until
    it passes; if it fails, nobody is graded.
    """
    def record(task: GradingTask, reply: dict) -> None:
        student = task.entry.student
        if "disk_full" in reply:
            raise DiskFull(reply["disk_full"])
        if "problem" in reply:
            problems.append({"student": student, "message": reply["problem"]})
            _forget(out, student, submissions)
            progress.advance(student, "not graded: " + reply["problem"])
            return
        try:
            write_atomically(out / student / "feedback.md", reply["feedback"])
            write_atomically(out / student / "feedback.html", reply["feedback_html"])
            write_atomically(out / student / "results.json", reply["results"])
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            _forget(out, student, submissions)
            raise DiskFull(f"the output disk is full ({error.strerror})") from None
        graded = record_from_results(student, json.loads(reply["results"]))
        records.append(graded)
        progress.advance(student, f"{graded.total:g} / {graded.max_total:g}")

    held: list[tuple[GradingTask, dict]] = []

    def record_held() -> None:  # once the canary has passed
        canary.verdict()
        for waiting in held:
            record(*waiting)
        held.clear()

    for task, reply in pool.grade(tasks, stop=canary.failed):
        held.append((task, reply))
        if not canary.is_alive():
            record_held()
    canary.join()
    record_held()


class _Canary(threading.Thread):
    """`check_environment` in a thread of its own; then Matplotlib loaded for the class report's
    charts (this process mostly waits for the workers meanwhile)."""

    def __init__(self, isolation: str, limits: Limits) -> None:
        super().__init__(name="canary", daemon=True)
        self.isolation, self.limits = isolation, limits
        self.error: BaseException | None = None
        self.context = contextvars.copy_context()  # the assignment being graded (kit.use_assignment)

    def run(self) -> None:
        try:
            self.context.run(check_environment, self.isolation, self.limits)
        except BaseException as error:  # noqa: BLE001 - the main thread raises it (`verdict`)
            self.error = error
            return
        prepare_drawing()

    def failed(self) -> bool:
        return self.error is not None

    def verdict(self) -> None:
        """Raise what stopped the canary: _CanaryStop when it failed, else the error itself."""
        if isinstance(self.error, (CanaryFailure, RuntimeError)):
            raise _CanaryStop from self.error
        if self.error is not None:
            raise self.error


class _CanaryStop(Exception):
    """The canary failed (its cause says why): nobody is graded."""


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' as (K, N) with 1 <= K <= N."""
    try:
        shard, shards = (int(part) for part in text.split("/"))
    except ValueError:
        raise GradingError(f"--shard {text!r}: write K/N, for example 2/4") from None
    if not 1 <= shard <= shards:
        raise GradingError(f"--shard {text!r}: K must be between 1 and N")
    return shard, shards

