"""`autograder grade`: a whole class, in parallel, resumable, into a folder of results."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import TextIO

from autograder.bulk.discover import SubmissionProblem, content_hash, discover, select_shard
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
from autograder.bulk.workers import GradingTask, WorkerPool, WorkerStartError
from autograder.feedback import write_class_report
from autograder.i18n import language
from autograder.kit import DATA_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.sandbox.session import Limits

__all__ = ["GradingError", "grade_class", "parse_shard", "rubric_hash"]


STUDENT_FILES = ("results.json", "feedback.md", "feedback.html")


class GradingError(Exception):
    """The run itself cannot proceed (missing SUBMISSIONS, OUT not writable, a bad shard)."""


def rubric_hash(limits: Limits) -> str:
    """A hash of what decides a grade besides the submission: data, solutions, judge, limits."""
    digest = hashlib.sha256(json.dumps([float(limits.call_seconds), int(limits.memory_mb),
                                        language()]).encode())  # the feedback's language too
    judge = KIT_ROOT / "autograder"
    files = [*sorted(DATA_DIR.glob("*.toml")), *sorted(SOLUTIONS_DIR.glob("*.py")),
             *sorted(p for p in judge.rglob("*.py")
                     if "ecosystem" not in p.relative_to(judge).parts),
             *sorted(judge.glob("locale/*/LC_MESSAGES/*.po"))]
    for path in files:
        digest.update(f"\0{path.relative_to(KIT_ROOT).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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


def grade_class(submissions: Path, out: Path, *, jobs: int | None = None, timeout: float = 3.0,
                memory_mb: int = 1024, force: bool = False, shard: tuple[int, int] = (1, 1),
                isolation: str = "best", stream: TextIO | None = None) -> dict:
    """Grade every submission in `submissions` into `out` and return the summary."""
    started = time.perf_counter()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder (it should hold one entry per student)")
    _check_output_folder(out, submissions)
    limits = Limits(call_seconds=timeout, memory_mb=memory_mb)
    jobs = max(1, jobs or os.cpu_count() or 1)
    entries = select_shard(discover(submissions), *shard)
    for leftover in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:  # from a run killed midway
        with contextlib.suppress(OSError):
            leftover.unlink()
    rubric = rubric_hash(limits)
    progress = Progress(0, stream)

    problems: list[dict] = []
    records: list[StudentRecord] = []
    tasks: list[GradingTask] = []
    inside = submissions.resolve().relative_to(out.resolve()).parts[:1] \
        if out.resolve() in submissions.resolve().parents else ()
    for entry in entries:
        try:
            if entry.problem:
                raise SubmissionProblem(entry.problem)
            if (entry.student,) == inside:
                raise SubmissionProblem(f"its results would go into {out / entry.student}, which "
                                        "holds the submissions; choose another output folder")
            task = GradingTask(entry, content_hash(entry), rubric)
        except (SubmissionProblem, OSError) as error:
            problems.append({"student": entry.student, "message": str(error)})
            if not entry.problem:
                _forget(out, entry.student, submissions)
            continue
        earlier = None if force else read_record(out / entry.student)
        if (earlier is not None and earlier.content_hash == task.content_hash
                and earlier.rubric_hash == rubric
                and all((out / entry.student / name).exists() for name in STUDENT_FILES)):
            records.append(earlier)
        else:
            tasks.append(task)
    if records:
        progress.note(f"{len(records)} submissions unchanged since the last run: kept their grades "
                      "(--force grades them again)")

    progress.total = len(tasks)
    if tasks:
        try:
            _grade_tasks(tasks, submissions, out, jobs, limits, isolation, records, problems,
                         progress)
        except WorkerStartError as error:
            progress.finish()
            raise GradingError(str(error)) from error
    progress.finish()
    write_gradebook(out / "grades.csv", records)
    # Every sandbox the grades in the gradebook came from (kept grades may be from an earlier run).
    isolation_in_force = "; ".join(sorted({r.isolation for r in records if r.isolation}))
    summary = summarise(records, problems, students=len(entries),
                        seconds=time.perf_counter() - started,
                        isolation=isolation_in_force or "none (nothing graded)", jobs=jobs)
    write_summary(out / "summary.json", summary)
    write_class_report(out)
    return summary


def _grade_tasks(tasks: list[GradingTask], submissions: Path, out: Path, jobs: int, limits: Limits,
                 isolation: str, records: list[StudentRecord], problems: list[dict],
                 progress: Progress) -> None:
    """Grade `tasks` in parallel, writing each student's files as soon as they are graded."""
    with WorkerPool(min(jobs, len(tasks)), limits, isolation,
                    task_seconds=120 + 40 * limits.call_seconds) as pool:
        for task, reply in pool.grade(tasks):
            student = task.entry.student
            if "problem" in reply:
                problems.append({"student": student, "message": reply["problem"]})
                _forget(out, student, submissions)
                progress.advance(student, "not graded: " + reply["problem"])
                continue
            write_atomically(out / student / "feedback.md", reply["feedback"])
            write_atomically(out / student / "feedback.html", reply["feedback_html"])
            write_atomically(out / student / "results.json", reply["results"])
            record = record_from_results(student, json.loads(reply["results"]))
            records.append(record)
            progress.advance(student, f"{record.total:g} / {record.max_total:g}")


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' as (K, N) with 1 <= K <= N."""
    try:
        shard, shards = (int(part) for part in text.split("/"))
    except ValueError:
        raise GradingError(f"--shard {text!r}: write K/N, for example 2/4") from None
    if not 1 <= shard <= shards:
        raise GradingError(f"--shard {text!r}: K must be between 1 and N")
    return shard, shards

