"""The real nbgrader on the generated course: student version, autograde, feedback, hidden checks."""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.ecosystem.notebook_code import write_modules_from_notebooks
from autograder.ecosystem.notebooks import function_points
from autograder.grading import grade_submission

MISTAKES = {  # answer cell -> (reference text, mistaken text); the last two fail hidden checks too
    "softmax_answer": ("exp_a = np.exp(a - c)", "exp_a = np.exp(a)"),
    "mean_squared_error_answer": ("0.5 * np.sum((y - t)**2)", "np.mean((y - t)**2)"),
    "numerical_diff_answer": ("(f(x + h) - f(x - h)) / (2 * h)", "(f(x + h) - f(x)) / h"),
}
UNFINISHED = {  # a syntax error in one answer, and gradients.ipynb left as released
    "mean_squared_error_answer": ("return 0.5 * np.sum((y - t)**2)", "return 0.5 * np.sum((y - t)**2"),
    "gradients": None,
}
STUDENTS = {"ref": {}, "mistaken": MISTAKES, "unfinished": UNFINISHED}


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    """`nbgrader ...` from this Python's environment, not whichever comes first on PATH (nbgrader
    itself runs `alembic` from PATH too)."""
    path = os.pathsep.join((os.path.dirname(sys.executable), os.environ.get("PATH", "")))
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PATH": path})
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One course for the whole module: generated, released, submitted, autograded, fed back."""
    course = tmp_path_factory.mktemp("course")
    assert main(["nbgrader", str(course)]) == 0
    run("nbgrader", "generate_assignment", "dlfs", "--force", cwd=course)
    for student, mistakes in STUDENTS.items():
        submitted = course / "submitted" / student / "dlfs"
        submitted.mkdir(parents=True)
        for release in sorted((course / "release" / "dlfs").glob("*.ipynb")):
            source = nbformat.read(str(course / "source" / "dlfs" / release.name), as_version=4)
            answers = {c.metadata.nbgrader["grade_id"]: c.source for c in source.cells
                       if c.metadata.get("nbgrader", {}).get("solution")}
            notebook = nbformat.read(str(release), as_version=4)
            if release.stem in mistakes:
                answers = {}  # submitted as released: every answer still raises NotImplementedError
            for cell in notebook.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in answers:
                    cell.source = answers[grade_id]
                    if grade_id in mistakes:
                        cell.source = cell.source.replace(*mistakes[grade_id])
            nbformat.write(notebook, str(submitted / release.name))
    run("nbgrader", "autograde", "dlfs", "--force", cwd=course)
    run("nbgrader", "generate_feedback", "dlfs", "--force", cwd=course)
    return course


def nbgrader_points(course: Path, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission("dlfs", student)
        return {grade.name.removesuffix("_tests"): grade.score
                for notebook in submission.notebooks for grade in notebook.grades}


def solution_lines(course: Path) -> set[str]:
    """Every non-trivial line between BEGIN and END SOLUTION in the instructor's notebooks."""
    lines = set()
    for path in (course / "source" / "dlfs").glob("*.ipynb"):
        for cell in nbformat.read(str(path), as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                    inside = "BEGIN" in line
                elif inside and len(line.strip()) > 8:
                    lines.add(line.strip())
    return lines


def test_the_student_version_has_no_solution_left(course: Path) -> None:
    released = {p.name: p.read_text(encoding="utf-8") for p in (course / "release" / "dlfs").glob("*")}
    assert sorted(released) == ["activations.ipynb", "gradients.ipynb", "losses.ipynb", "network.ipynb"]
    secrets = solution_lines(course)
    assert len(secrets) > 20
    for name, text in released.items():
        notebook = nbformat.reads(text, as_version=4)
        sources = "\n".join(cell.source for cell in notebook.cells)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "hidden = True"):
            assert marker not in sources, name
        lines = {line.strip() for line in sources.splitlines()}
        assert secrets & lines == set(), name
        assert sources.count("raise NotImplementedError()") >= 2


def test_autograde_gives_the_reference_full_marks(course: Path) -> None:
    assert nbgrader_points(course, "ref") == function_points()


def test_autograde_gives_the_same_points_as_autograder_grade(course: Path, tmp_path: Path) -> None:
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    for student in STUDENTS:  # one folder of notebooks per student, as `autograder grade` takes them
        shutil.copytree(course / "submitted" / student / "dlfs", submissions / student)
    run(sys.executable, "-m", "autograder", "grade", str(submissions), "-o", str(out), cwd=tmp_path)
    with (out / "grades.csv").open() as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    for student in STUDENTS:
        points = nbgrader_points(course, student)
        assert points == {name: float(rows[student][name]) for name in points}, student
    mistaken = nbgrader_points(course, "mistaken")
    assert sum(mistaken.values()) < 100
    assert {n for n, p in mistaken.items() if p < function_points()[n]} == {
        "softmax", "mean_squared_error", "numerical_diff"}
    unfinished = nbgrader_points(course, "unfinished")
    assert {n for n, p in unfinished.items() if p == 0} == {
        "mean_squared_error", "numerical_diff", "numerical_gradient", "gradient_descent"}
    assert unfinished["cross_entropy_error"] == function_points()["cross_entropy_error"]


def hidden_values(course: Path, tmp_path: Path) -> tuple[list[str], set[str]]:
    """The numbers a hidden check's failure holds (inputs, expected) and the functions failing one."""
    modules = tmp_path / "modules"
    write_modules_from_notebooks(sorted((course / "submitted" / "mistaken" / "dlfs").glob("*.ipynb")),
                                 modules)
    result = grade_submission(modules, include_hidden=True)
    numbers, functions = [], set()
    for check in result.checks():
        if check.visibility == "hidden" and not check.passed:
            functions.add(check.function)
            text = f"{check.failure.call} {check.failure.expected}"
            numbers += re.findall(r"\d\.\d{6,}", text)
    return numbers, functions


def test_feedback_names_the_function_but_not_a_hidden_check_inputs(course: Path, tmp_path: Path) -> None:
    numbers, functions = hidden_values(course, tmp_path)
    assert len(numbers) > 5 and functions >= {"mean_squared_error", "numerical_diff"}
    feedback = course / "feedback" / "mistaken" / "dlfs"
    pages = {p.name: p.read_text(encoding="utf-8") for p in feedback.glob("*.html")}
    assert sorted(pages) == ["activations.html", "gradients.html", "losses.html", "network.html"]
    for name, page in pages.items():
        assert [n for n in numbers if n in page] == [], name
    assert "hidden check with random inputs failed" in pages["losses.html"]
    assert "mean_squared_error" in pages["losses.html"]
