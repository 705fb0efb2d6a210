"""A hidden check says what kind of difference it found, never a value the student chose.

The student's function sees the hidden input and chooses what it returns: a shape, an offset, a
row sum or a class name filled into the kit's templates would carry the input back. The hostile
attack `hidden_input_in_returned_value.py` puts the marker 7777 into each; graded as a class with
an honest student, no hidden check's output holds it.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from autograder.feedback.hidden_words import UNDESCRIBED, words_only
from conftest import grade_class_with, overrides

MARKER = "7777"
ATTACK = next(o for o in overrides("hostile") if o.path.stem == "hidden_input_in_returned_value")


@pytest.mark.parametrize(("text", "shown"), [
    ("returned an array of shape (7777412, 0), expected shape (7,)",
     "returned an array of shape ..., expected shape ..."),
    ("a (7777,) array where a (7,) array is expected (7777 elements instead of 7)",
     "a ... array where a ... array is expected (... elements instead of ...)"),
    ("the expected value plus 7777.41 in every element", "the expected value plus ... in every element"),
    ("each row sums to 7777.41, not 1", "each row sums to ..., not 1"),
    ("a Leak7777 object where a (3,) array is expected", "a ... object where a ... array is expected"),
    ("values outside [0, 1] where probabilities are expected",
     "values outside [0, 1] where probabilities are expected"),
    ("returned wrong values", "returned wrong values"),
    # a text no template matches is none of the kit's words: its letters are chosen too (round 12)
    ("no template of the kit 7777.5", UNDESCRIBED),
    ("returned a ZdPejacdbedhedgfbffXbPaabfhbbdeehdeajh", UNDESCRIBED),
    # where the nan starts is a position the student's output chose from the input (round 11)
    ("nan from the third row on", "... from the ... row on"),
])
def test_a_filled_template_keeps_its_words_and_loses_its_values(text: str, shown: str):
    assert words_only(text) == shown


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return grade_class_with(tmp_path_factory.mktemp("hidden-words"), {"attacker": ATTACK})


def test_no_hidden_check_shows_a_value_the_student_chose(graded: Path):
    results = json.loads((graded / "attacker" / "results.json").read_text(encoding="utf-8"))
    hidden = [t for t in results["tests"] if t["visibility"] == "after_published"]
    failed = {t["extra_data"]["function"] for t in hidden if t["status"] == "failed"}
    assert {"step_function", "sigmoid", "relu", "softmax"} <= failed
    for test in hidden:
        assert MARKER not in test["output"], test["output"]


def test_the_honest_student_keeps_full_marks(graded: Path):
    with open(graded / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert float(rows["honest"]["total"]) == 100
    assert float(rows["attacker"]["total"]) < 100
