"""The student bundle: stubs, public checks, known values and a README, and no answers.

Hidden checks, the reference solutions and the hidden rubric entries are left out, not merely
flagged. `autograder check` works inside the bundle with the public checks alone.
"""
from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from autograder.diagnosis.models import MODELS_FILE, public_data
from autograder.kit import DATA_DIR, KIT_ROOT, load_rubric
from autograder.stubs import write_stubs

__all__ = ["write_student_bundle"]

# Instructor-only parts: hidden checks, the reference loader and the instructors' commands.
LEFT_OUT = ("hidden.py", "reference.py", "stubs.py", "bundle.py", "bulk", "__pycache__")
# Of autograder/ecosystem, students get what `from autograder import check` and the notebooks'
# figures need; the course, Gradescope and Classroom writers stay with the instructor.
INSTRUCTOR_ECOSYSTEM = ("cli.py", "classroom.py", "gradescope.py", "nbgrader_course.py",
                        "notebooks.py", "templates")
STUDENT_README = """# Deep Learning from Scratch, chapters 3 and 4: exercises

Fill in the functions in `assignments/` (each says what to do in its docstring), then check
your work:

    pip install -e .
    autograder check assignments

The table shows your points per function; under it, each failed check shows the input, the
expected and the actual value, and a hint. Exit status: 0 all passed, 1 something failed.
`autograder check assignments --function softmax` checks one function.

The known values the checks use, with where they come from, are in `data/known_values.toml`.
When your work is graded, hidden checks with random inputs run too.
"""
PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "dlfs-exercises"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["numpy>=1.24"]

[project.scripts]
autograder = "autograder.cli:main"

[tool.setuptools.packages.find]
include = ["autograder*"]
"""


def write_student_bundle(destination: Path, *, force: bool = False) -> Path:
    """Write the bundle into `destination` (refusing to overwrite unless `force`)."""
    if destination.exists():
        if not force:
            raise FileExistsError(f"{destination} exists; pass --force to replace it")
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    shutil.copytree(KIT_ROOT / "autograder", destination / "autograder", ignore=_left_out)
    (destination / "data").mkdir()
    for name in ("known_values.toml", "mistakes.toml", "fingerprint_cases.toml"):
        if (DATA_DIR / name).exists():
            shutil.copy2(DATA_DIR / name, destination / "data" / name)
    (destination / "data" / "rubric.toml").write_text(_public_rubric(), encoding="utf-8")
    _write_public_models(destination / "data" / MODELS_FILE.name)
    write_stubs(destination / "assignments")
    (destination / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (destination / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return destination


def _left_out(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: the instructor-only parts of the kit."""
    left_out = {name for name in names if name in LEFT_OUT}
    if Path(folder).name == "ecosystem":
        left_out |= {name for name in names if name in INSTRUCTOR_ECOSYSTEM}
    return left_out


def _write_public_models(path: Path) -> None:
    """The error models' signatures on the public checks (autograder.diagnosis), no mutants."""
    if MODELS_FILE.exists():
        public = {c.id for c in load_rubric() if not c.hidden}
        data = public_data(json.loads(MODELS_FILE.read_text(encoding="utf-8")), public)
        path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n",
                        encoding="utf-8")


def _public_rubric() -> str:
    """rubric.toml without the hidden checks: their names and cases stay with the instructor."""
    text = (DATA_DIR / "rubric.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[check]]\n")
    kept = [blocks[0]] + [b for b in blocks[1:]
                          if 'visibility = "hidden"' not in b]
    public = "\n[[check]]\n".join(kept)
    tomllib.loads(public)  # the filtered rubric must still be valid TOML
    return public
