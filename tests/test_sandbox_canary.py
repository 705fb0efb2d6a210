"""The canary: a class run stops before grading anyone when code known to be right would not
get full marks in the sandbox (a limit too small for NumPy, a package hidden from the sandbox),
and the sample class gets the grades its README states, wherever and as whoever the kit runs."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

import autograder.sandbox.view as view
from autograder.bulk.run import GradingError, grade_class
from autograder.kit import KIT_ROOT
from autograder.sandbox.isolation import make_launcher

SAMPLE = KIT_ROOT / "data" / "sample_class"


def sandbox_or_skip() -> None:
    try:
        make_launcher("best").close()
    except RuntimeError as error:
        pytest.skip(str(error))


def tiny_class(tmp_path: Path) -> Path:
    submissions = tmp_path / "class"
    submissions.mkdir()
    shutil.copytree(SAMPLE / "s001_kim", submissions / "s001_kim")
    return submissions


def test_a_memory_limit_too_small_for_numpy_stops_the_run_before_anyone(tmp_path):
    sandbox_or_skip()
    out = tmp_path / "out"
    with pytest.raises(GradingError, match="canary failed.*--memory 96 may be too small"):
        grade_class(tiny_class(tmp_path), out, jobs=1, memory_mb=96)
    assert not (out / "s001_kim").exists() and not (out / "grades.csv").exists()


def test_a_package_hidden_from_the_sandbox_stops_the_run(tmp_path, monkeypatch):
    sandbox_or_skip()
    visible = view.student_packages()
    monkeypatch.setattr(view, "student_packages",
                        lambda: [p for p in visible if "matplotlib" not in p.name])
    out = tmp_path / "out"
    with pytest.raises(GradingError, match="canary failed.*import matplotlib"):
        grade_class(tiny_class(tmp_path), out, jobs=1)
    assert not (out / "s001_kim").exists()


def test_the_canary_grades_the_reference_of_the_assignment_being_graded(tmp_path, monkeypatch):
    """It runs in a thread of its own beside the first submissions: in the assignment's context
    (a thread starts with none, and would have graded basics' reference for a training class)."""
    import autograder.bulk.run as run
    from autograder.kit import current_assignment

    sandbox_or_skip()
    seen = []
    monkeypatch.setattr(run, "check_environment",
                        lambda kind, limits: seen.append(current_assignment().name) or "")
    submissions = tmp_path / "class"
    shutil.copytree(KIT_ROOT / "solutions" / "training", submissions / "s001_kim")
    summary = grade_class(submissions, tmp_path / "out", jobs=1, assignment="training")
    assert seen == ["training"] and summary["graded"] == 1


def readme_grades() -> dict[str, int]:
    """The sample class's README table: each student's expected score (the first number given,
    or 100 for "full")."""
    grades = {}
    for line in (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"s\d{3}_\w+", cells[0]):
            number = re.search(r"\((\d+)", cells[3]) or re.search(r"(\d+)", cells[3])
            grades[cells[0]] = int(number.group(1))
    return grades


def test_the_sample_class_gets_the_grades_its_readme_states(tmp_path):
    """Run by .ci/run three ways: as root, as an unprivileged user, from a venv under /tmp."""
    sandbox_or_skip()
    expected = readme_grades()
    assert len(expected) == 14
    work = tmp_path / "sample_class"
    shutil.copytree(SAMPLE, work)  # s014 would write beside its own folder if it escaped
    grade_class(work, tmp_path / "out", jobs=2)
    with (tmp_path / "out" / "grades.csv").open(newline="", encoding="utf-8") as file:
        got = {row["student"]: float(row["total"]) for row in csv.DictReader(file)}
    assert got == {student: float(score) for student, score in expected.items()}
