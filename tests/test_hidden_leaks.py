"""A hidden check's random input never reaches the student, whatever the student's process says.

The two leak attacks of the hostile corpus are graded as a class with an honest student, by the
command line: the marker they put beside the input appears in nothing written to OUT (results,
feedback, report), the honest student keeps full marks and the attackers lose relu's hidden
check. Their replies are the student's to forge, so the grading process words every phase but
the student's own exception, and shows only the file and line number of the student's line.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.kit import KIT_ROOT
from autograder.sandbox.isolation import make_launcher
from conftest import overrides

MARKER = "dlfs-hostile-" + "leak"
LEAKS = [o for o in overrides("hostile") if o.path.stem.startswith("leak_hidden_input")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        with make_launcher("best") as launcher:
            if launcher.mode == "process":
                pytest.skip("the leak attacks run only inside bubblewrap or namespaces")
    except RuntimeError as error:
        pytest.skip(str(error))
    root = tmp_path_factory.mktemp("leaks")
    submissions = root / "class"
    submissions.mkdir()
    shutil.copytree(KIT_ROOT / "solutions", submissions / "honest")
    for attack in LEAKS:
        attack.build(submissions / attack.path.stem)
    out = root / "out"
    assert main(["grade", str(submissions), "-o", str(out), "--jobs", "2"]) == 0
    return out


def test_the_leak_attacks_are_in_the_corpus():
    assert len(LEAKS) == 2


def test_no_hidden_input_reaches_anything_written_to_out(graded: Path):
    for path in sorted(graded.rglob("*")):
        if path.is_file():
            assert MARKER not in path.read_text(encoding="utf-8", errors="replace"), path


def test_the_honest_student_keeps_full_marks_and_the_attackers_lose_relu(graded: Path):
    with open(graded / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert float(rows["honest"]["total"]) == 100
    for attack in LEAKS:
        row = rows[attack.path.stem]
        assert float(row["total"]) < 100 and float(row["relu"]) < 6, attack.path.stem
