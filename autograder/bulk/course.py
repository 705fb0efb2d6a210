"""A course folder: one folder of submissions per assignment, graded in one run.

    COURSE/basics/<student>/...      (a folder, a .zip, a .py or notebooks, as for one assignment)
    COURSE/training/<student>/...

`autograder grade COURSE -o OUT` grades each assignment's folder with its own rubric into
OUT/<assignment>/ (grades.csv, summary.json, report.html and a folder per student, as for one
assignment), then writes the course's gradebook OUT/grades.csv (student, one total per
assignment, the course total and its maximum) and OUT/summary.json (each assignment's summary).
A student missing from an assignment gets 0 of its points there.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from autograder.bulk.outputs import write_atomically
from autograder.bulk.run import grade_class
from autograder.kit import assignment_names, load_rubric

__all__ = ["grade_course", "is_course"]


def is_course(submissions: Path) -> bool:
    """A folder whose entries (READMEs and dotfiles aside) are all folders named by assignments."""
    if not submissions.is_dir():
        return False
    entries = [p for p in submissions.iterdir()
               if not p.name.startswith(".") and not p.name.upper().startswith("README")]
    names = set(assignment_names())
    return bool(entries) and all(p.is_dir() and p.name in names for p in entries)


def grade_course(course: Path, out: Path, **options: Any) -> dict[str, dict]:
    """Grade every assignment folder of `course` into `out`; each assignment's summary by name."""
    summaries: dict[str, dict] = {}
    for name in assignment_names():
        if (course / name).is_dir():
            summaries[name] = grade_class(course / name, out / name, assignment=name, **options)
    write_course_gradebook(out, list(summaries))
    write_atomically(out / "summary.json", json.dumps({"assignments": summaries}, indent=2,
                                                      allow_nan=False) + "\n")
    return summaries


def write_course_gradebook(out: Path, names: list[str]) -> None:
    """OUT/grades.csv: student, each assignment's total, the course total and its maximum."""
    totals: dict[str, dict[str, float]] = {}
    for name in names:
        with (out / name / "grades.csv").open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                # an entry that could not be graded has no total (its row says why): 0 points
                totals.setdefault(row["student"], {})[name] = float(row["total"] or 0)
    maximum = sum(sum(c.points for c in load_rubric(name)) for name in names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *names, "total", "max_total"])
    for student in sorted(totals):
        scores = [totals[student].get(name, 0.0) for name in names]
        writer.writerow([student, *(f"{s:g}" for s in scores), f"{sum(scores):g}", f"{maximum:g}"])
    write_atomically(out / "grades.csv", buffer.getvalue())
