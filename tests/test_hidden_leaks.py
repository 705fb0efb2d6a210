"""A hidden check's random input never reaches the student, whatever the student's process says.

The attacks of the hostile corpus on hidden inputs are graded as a class with an honest student,
by the command line: the marker they put beside the input, and the input's numbers, appear in
nothing written to OUT (results, feedback, report), the honest student keeps full marks and the
attackers lose the hidden check they answer wrong. Their replies are the student's to forge, so
the grading process words every phase but the student's own exception, and shows only the file
and line number of the student's line. An input kept in the child until a later, public check
(carry_hidden_input_to_a_public_check) finds none: every public check runs before any hidden
one, and what is shown afterwards comes from a fresh child.
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from autograder.kit import KIT_ROOT, load_exercises
from autograder.sandbox.isolation import make_launcher
from conftest import grade_class_with, overrides

MARKERS = ("dlfs-hostile-" + "leak", "dlfs-hostile-" + "carried")
LEAKS = [o for o in overrides("hostile") if "hidden_input" in o.path.stem]
CARRIED = "carry_hidden_input_to_a_public_check"
STEERED = "steer_the_search_to_the_hidden_input"
NAMED = "hidden_input_in_a_class_name"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return grade_class_with(tmp_path_factory.mktemp("leaks"), {leak.path.stem: leak for leak in LEAKS})


@pytest.fixture(scope="module")
def hidden_numbers() -> list[str]:
    """The first digits of every number of relu's hidden inputs (seeded: the same every run)."""
    from autograder.grading import grade_submission

    with make_launcher("best") as launcher:
        result = grade_submission(KIT_ROOT / "solutions", launcher=launcher, functions=["relu"])
    numbers = [float(v) for check in result.functions["relu"].checks if check.visibility == "hidden"
               for call in check.calls for v in call.inputs["x"].ravel()]
    shown = [repr(abs(v))[:7] for v in numbers if abs(v) >= 0.01]
    # as leak_hidden_input_through_own_failure writes them: five digits, as an array's shape
    coded = [str(int(abs(v) * 10000) % 100000) for v in numbers]
    return shown + [digits for digits in coded if len(digits) == 5]


def test_the_leak_attacks_are_in_the_corpus():
    assert {leak.path.stem for leak in LEAKS} >= {
        CARRIED, "hidden_input_in_returned_value", NAMED,
        "leak_hidden_input_through_forged_phase",
        "leak_hidden_input_through_own_failure", "leak_hidden_input_through_own_line", STEERED}


def test_no_hidden_input_reaches_anything_written_to_out(graded: Path, hidden_numbers: list[str]):
    assert len(hidden_numbers) > 20
    for path in sorted(graded.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert [m for m in MARKERS if m in text] == [], path
            assert [n for n in hidden_numbers if n in text] == [], path


def test_a_search_the_student_steers_shows_no_digits_of_the_hidden_input(graded: Path):
    """The counterexample of a hidden check is searched from public draws only: relu's hidden
    input cut to 3 digits, where the steered search from the input itself ended, is not shown."""
    from autograder.checks.hidden import reference_cases

    shown = (graded / STEERED / "feedback.md").read_text(encoding="utf-8")
    assert "relu(x=" in shown  # a counterexample is shown: its public twin's
    for inputs, _ in reference_cases("relu.random", "relu"):
        numbers = [abs(float(v)) for v in inputs["x"].ravel() if abs(v) >= 0.01]
        forms = [{f"{v:.3g}", f"{_cut_to_3_digits(v):.3g}"} for v in numbers]
        found = [f for f in forms if any(digits in shown for digits in f)]
        assert len(found) < len(numbers) // 2, (found, shown)


def test_a_class_named_after_the_hidden_input_shows_none_of_it(graded: Path):
    """A hidden check's message that no kit template matches once cut says only that the answer
    is wrong: the class name that spells relu's hidden input in letters is not shown."""
    from autograder.checks.hidden import reference_cases

    spelled = str.maketrans("0123456789.-e+", "abcdefghijPMEQ")
    folder = graded / NAMED
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    hidden = [t for t in results["tests"] if t["visibility"] == "after_published"]
    assert {t["extra_data"]["function"] for t in hidden if t["status"] == "failed"} >= {
        "step_function", "sigmoid", "relu", "softmax"}
    assert [t["output"] for t in hidden if "dlfs-spelled" in t["output"]] == []
    words = [repr(float(v)).translate(spelled) for inputs, _ in reference_cases("relu.random", "relu")
             for v in inputs["x"].ravel() if abs(v) >= 0.01]
    assert len(words) > 5
    for path in sorted(graded.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert [w for w in words if w in text] == [], path


def _cut_to_3_digits(v: float) -> float:
    scale = 10.0 ** (math.floor(math.log10(v)) - 2)
    return math.trunc(v / scale) * scale


def test_the_carried_input_reaches_no_student_s_page(graded: Path):
    """Named: the files the student reads, each of them written."""
    for name in ("feedback.md", "feedback.html", "results.json"):
        assert MARKERS[1] not in (graded / CARRIED / name).read_text(encoding="utf-8"), name


def test_the_honest_student_keeps_full_marks_and_the_attackers_lose_relu(graded: Path):
    with open(graded / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert float(rows["honest"]["total"]) == 100
    for attack in LEAKS:
        row = rows[attack.path.stem]
        lost = ("mean_squared_error", "cross_entropy_error") if attack.path.stem == CARRIED else ("relu",)
        assert float(row["total"]) < 100, attack.path.stem
        assert all(float(row[name]) < float(rows["honest"][name]) for name in lost), attack.path.stem
        kept = [name for name in rows["honest"] if name in {e.function for e in load_exercises()}
                and name not in attack.may_lose]
        assert [row[name] for name in kept] == [rows["honest"][name] for name in kept], attack.path.stem
