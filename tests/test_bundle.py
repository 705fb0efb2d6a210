"""The student bundle: everything a student needs, nothing that gives an answer away."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from autograder.bundle import write_student_bundle
from autograder.kit import KIT_ROOT, load_rubric


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return write_student_bundle(tmp_path_factory.mktemp("b") / "bundle")


def solution_regions() -> list[list[str]]:
    """The code lines of each solution region of the reference, comments left out."""
    regions: list[list[str]] = []
    inside = False
    for path in sorted((KIT_ROOT / "solutions").glob("*.py")):
        for line in path.read_text().splitlines():
            if "### BEGIN SOLUTION" in line:
                regions.append([])
                inside = True
            elif "### END SOLUTION" in line:
                inside = False
            elif inside and line.split("#")[0].strip():
                regions[-1].append(line.split("#")[0].strip())
    return [region for region in regions if len(region) >= 3]


def test_bundle_holds_stubs_checks_known_values_and_a_readme(bundle):
    for name in ("activations", "network", "losses", "gradients"):
        assert (bundle / "assignments" / f"{name}.py").exists()
    assert (bundle / "data" / "known_values.toml").exists()
    assert (bundle / "autograder" / "checks" / "public.py").exists()
    assert "autograder check" in (bundle / "README.md").read_text()


def test_bundle_has_no_solution_code_and_no_hidden_checks(bundle):
    assert not (bundle / "solutions").exists()
    assert not (bundle / "autograder" / "checks" / "hidden.py").exists()
    assert not (bundle / "autograder" / "reference.py").exists()
    files = {p: p.read_text(errors="replace") for p in bundle.rglob("*") if p.is_file()}
    text = "\n".join(files.values())
    assert "BEGIN SOLUTION" not in text
    # Hints may quote a line of the book; no file may hold a whole multi-line solution.
    for region in solution_regions():
        for path, content in files.items():
            assert not all(line in content for line in region), (path, region)
    for check in load_rubric():
        if check.hidden:
            assert check.id not in text and check.name not in text


def test_refuses_to_overwrite_without_force(bundle):
    with pytest.raises(FileExistsError):
        write_student_bundle(bundle)


def run_in_bundle(bundle: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "check", *args], cwd=bundle,
                          env={"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_check_runs_inside_the_bundle_on_the_stubs(bundle):
    done = run_in_bundle(bundle)
    assert done.returncode == 1, done.stderr
    assert "not implemented" in done.stdout
    public = sum(c.points for c in load_rubric() if not c.hidden)
    total = sum(c.points for c in load_rubric())
    assert (f"public checks: {public:g} of {total:g}; {total - public:g} more come from hidden checks "
            "when your instructor grades") in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_public_checks_in_the_bundle_pass_the_reference(bundle, tmp_path):
    done = run_in_bundle(bundle, str(KIT_ROOT / "solutions"))
    assert done.returncode == 0, done.stdout + done.stderr
    public_points = sum(c.points for c in load_rubric() if not c.hidden)
    assert f"{public_points:g} / {public_points:g}" in done.stdout


def test_check_works_in_a_notebook_kernel_of_the_bundle(bundle, tmp_path):
    """`from autograder import check` in a student's notebook: the bundle ships what it needs.

    A script stands in for the kernel: like a notebook cell, it keeps the functions' source.
    """
    script = tmp_path / "student.py"
    script.write_text("import numpy as np\n"
              "from autograder import check\n"
              "def relu(x):\n    return np.maximum(0, x)\n"
              "result = check('relu')\n"
              "print('RELU', result.total, result.max_total)\n")
    done = subprocess.run([sys.executable, str(script)], cwd=bundle,
                          env={"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    public_relu = sum(c.points for c in load_rubric() if c.function == "relu" and not c.hidden)
    assert f"RELU {public_relu:g} {public_relu:g}" in done.stdout.replace(".0", "")
    for instructor_only in ("gradescope.py", "classroom.py", "nbgrader_course.py", "notebooks.py"):
        assert not (bundle / "autograder" / "ecosystem" / instructor_only).exists()
