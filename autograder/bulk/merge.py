"""`autograder merge`: join the outputs of `autograder grade --shard K/N` runs into one folder."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import NamedTuple

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

__all__ = ["Slice", "assignment_graded", "merge_outputs", "read_slice"]


class Slice(NamedTuple):
    """One `grade --shard` output, read once: its graded students and its summary.json."""

    folder: Path
    students: list[str]
    summary: dict


def read_slice(folder: Path) -> Slice:
    if not (folder / "grades.csv").is_file() or not (folder / "summary.json").is_file():
        raise GradingError(f"{folder} is not the output of `autograder grade` "
                           "(no grades.csv and summary.json in it)")
    try:
        with (folder / "grades.csv").open(newline="", encoding="utf-8") as file:
            students = [row["student"] for row in csv.DictReader(file)
                        if row.get("status", GRADED) == GRADED]
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (ValueError, KeyError) as error:
        raise GradingError(f"{folder} holds a grades.csv or summary.json that cannot be read "
                           f"({error!r}); grade that slice again") from None
    if not isinstance(summary, dict):
        raise GradingError(f"{folder / 'summary.json'} is not a summary; grade that slice again")
    return Slice(folder, students, summary)


def assignment_graded(slices: list[Slice]) -> str | None:
    """The assignment the slices were graded as (their summary.json says; None where none does:
    an output of an older kit), the same for all or a GradingError."""
    named = {s.folder: s.summary["assignment"] for s in slices
             if isinstance(s.summary.get("assignment"), str)}
    if len(set(named.values())) > 1:
        raise GradingError("the slices were graded as different assignments ("
                           + ", ".join(f"{folder}: {name}" for folder, name in named.items())
                           + "); merge the slices of one assignment")
    return next(iter(named.values()), None)


def merge_outputs(slices: list[Slice], out: Path) -> dict:
    """Copy every slice's students into `out`; write grades.csv, summary.json and report.html."""
    owners: dict[str, Path] = {}
    records: list[StudentRecord] = []
    problems: list[dict] = []
    summaries: list[dict] = []
    rubrics: dict[str, Path] = {}
    for folder, students, summary in slices:
        if out.resolve() == folder.resolve():
            raise GradingError(f"{out} is one of the slices; merge into a new folder")
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
