"""`autograder merge`: join the outputs of `autograder grade --shard K/N` runs into one folder."""
from __future__ import annotations

import contextlib
import csv
import json
import shutil
from pathlib import Path

from autograder.bulk.outputs import (
    GRADED,
    StudentRecord,
    read_record,
    summarise,
    write_gradebook,
    write_summary,
)
from autograder.bulk.run import STUDENT_FILES, GradingError
from autograder.feedback.class_report import write_class_report

__all__ = ["assignment_graded", "merge_outputs"]


def _read_slice(folder: Path) -> tuple[list[str], dict]:
    if not (folder / "grades.csv").is_file() or not (folder / "summary.json").is_file():
        raise GradingError(f"{folder} is not the output of `autograder grade` "
                           "(no grades.csv and summary.json in it)")
    with (folder / "grades.csv").open(newline="", encoding="utf-8") as file:
        students = [row["student"] for row in csv.DictReader(file)
                    if row.get("status", GRADED) == GRADED]
    return students, json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def assignment_graded(slices: list[Path]) -> str | None:
    """The assignment the slices were graded as (their summary.json says; None where none does:
    an output of an older kit), the same for all or a GradingError."""
    named = {}
    for folder in slices:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            name = json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("assignment")
            if isinstance(name, str):
                named[folder] = name
    if len(set(named.values())) > 1:
        raise GradingError("the slices were graded as different assignments ("
                           + ", ".join(f"{folder}: {name}" for folder, name in named.items())
                           + "); merge the slices of one assignment")
    return next(iter(named.values()), None)


def merge_outputs(slices: list[Path], out: Path) -> dict:
    """Copy every slice's students into `out`; write grades.csv, summary.json and report.html."""
    owners: dict[str, Path] = {}
    records: list[StudentRecord] = []
    problems: list[dict] = []
    summaries: list[dict] = []
    rubrics: dict[str, Path] = {}
    for folder in slices:
        if out.resolve() == folder.resolve():
            raise GradingError(f"{out} is one of the slices; merge into a new folder")
        students, summary = _read_slice(folder)
        summaries.append(summary)
        named = students + [p["student"] for p in summary.get("problems", [])]
        for student in named:
            if student in owners:
                raise GradingError(f"{student} is in both {owners[student]} and {folder}: "
                                   "the slices overlap (grade with --shard K/N, the same N)")
            owners[student] = folder
        problems += summary.get("problems", [])
        for student in students:
            record = read_record(folder / student)
            if record is None:
                raise GradingError(f"{folder / student / 'results.json'} is missing or unreadable; "
                                   "grade that slice again")
            rubrics.setdefault(record.rubric_hash, folder)
            if len(rubrics) > 1:
                raise GradingError(f"{folder} was graded with another rubric, kit or limits than "
                                   f"{rubrics[next(iter(rubrics))]}; grade every slice with the same "
                                   "kit and options")
            records.append(record)
    out.mkdir(parents=True, exist_ok=True)
    for record in records:
        source, target = owners[record.student] / record.student, out / record.student
        target.mkdir(exist_ok=True)
        for name in STUDENT_FILES:
            if (source / name).is_file():
                shutil.copyfile(source / name, target / f".{name}.tmp")
                (target / f".{name}.tmp").replace(target / name)
    write_gradebook(out / "grades.csv", records, problems)
    summary = summarise(records, problems, students=sum(s.get("students", 0) for s in summaries),
                        seconds=max((s.get("seconds", 0.0) for s in summaries), default=0.0),
                        jobs=sum(s.get("jobs", 0) for s in summaries))
    secrets = sorted({s["secret"] for s in summaries if s.get("secret")})  # one: the rubric hashes agree
    if secrets:
        summary["secret"] = "; ".join(secrets)  # where it is, as the slices said: never the secret
    write_summary(out / "summary.json", summary)
    write_class_report(out, summary, {r.student: (r.total, r.max_total) for r in records})
    return summary
