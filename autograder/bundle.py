"""The student bundle: stubs, public checks, known values and a README, and no answers.

Hidden checks, the reference solutions and the hidden rubric entries are left out, not merely
flagged. `autograder check` works inside the bundle with the public checks alone.
"""
from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from autograder.diagnosis.models import MODELS_NAME, public_data
from autograder.kit import DATA_DIR, KIT_ROOT, Assignment, assignment, assignment_names, load_rubric
from autograder.stubs import write_stubs

__all__ = ["write_student_bundle"]

# Instructor-only parts: hidden checks, the reference loader and the instructors' commands.
LEFT_OUT = ("hidden.py", "training_hidden.py", "recording_net.py", "reference.py", "stubs.py",
            "bundle.py", "bulk", "__pycache__")
DATA_FILES = ("known_values.toml", "mistakes.toml", "fingerprint_cases.toml", "digits.npz",
              "DATA_LICENSE.md")
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

The second assignment, where the kit holds it, is in `assignments/training/`: paste your own
functions into `functions.py`, write `TwoLayerNet` and `train`, then
`autograder check assignments/training`. The digits it learns from are in `data/training/`
(`from autograder.datasets import load_digits`; licence in `data/training/DATA_LICENSE.md`).
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


def write_student_bundle(destination: Path, *, force: bool = False,
                         assignments: list[str] | None = None) -> Path:
    """Write the bundle into `destination` (refusing to overwrite unless `force`): every
    assignment of data/assignments.toml, or those named, each at its usual place."""
    if destination.exists():
        if not force:
            raise FileExistsError(f"{destination} exists; pass --force to replace it")
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    shutil.copytree(KIT_ROOT / "autograder", destination / "autograder", ignore=_left_out)
    (destination / "data").mkdir()
    chosen = [assignment(name) for name in (assignments or assignment_names())]
    for each in chosen:
        _write_assignment(destination, each)
    (destination / "data" / "assignments.toml").write_text(_assignments_toml(chosen), encoding="utf-8")
    (destination / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (destination / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return destination


def _left_out(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: the instructor-only parts of the kit."""
    left_out = {name for name in names if name in LEFT_OUT}
    if Path(folder).name == "ecosystem":
        left_out |= {name for name in names if name in INSTRUCTOR_ECOSYSTEM}
    return left_out


def _write_assignment(destination: Path, chosen: Assignment) -> None:
    """An assignment's public data and its stubs, at the same places as in the kit."""
    data = destination / chosen.data_dir.relative_to(KIT_ROOT)
    data.mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        if (chosen.data_dir / name).exists():
            shutil.copy2(chosen.data_dir / name, data / name)
    (data / "rubric.toml").write_text(_public_rubric(chosen.data_dir), encoding="utf-8")
    _write_public_models(chosen, data / MODELS_NAME)
    write_stubs(destination / chosen.stubs_dir.relative_to(KIT_ROOT), assignment=chosen.name)


def _assignments_toml(chosen: list[Assignment]) -> str:
    """data/assignments.toml listing the bundled assignments only."""
    text = (DATA_DIR / "assignments.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[assignment]]\n")
    names = {a.name for a in chosen}
    kept = [blocks[0]] + [b for b in blocks[1:]
                          if tomllib.loads("[[assignment]]\n" + b)["assignment"][0]["name"] in names]
    return "\n[[assignment]]\n".join(kept)


def _write_public_models(chosen: Assignment, path: Path) -> None:
    """The assignment's error models' signatures on its public checks (autograder.diagnosis),
    no mutants; nothing where the assignment has no models."""
    models = chosen.data_dir / MODELS_NAME
    if models.exists():
        public = {c.id for c in load_rubric(chosen) if not c.hidden}
        data = public_data(json.loads(models.read_text(encoding="utf-8")), public)
        path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n",
                        encoding="utf-8")


def _public_rubric(data_dir: Path = DATA_DIR) -> str:
    """rubric.toml without the hidden checks: their names and cases stay with the instructor."""
    text = (data_dir / "rubric.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[check]]\n")
    kept = [blocks[0]] + [b for b in blocks[1:]
                          if 'visibility = "hidden"' not in b]
    public = "\n[[check]]\n".join(kept)
    tomllib.loads(public)  # the filtered rubric must still be valid TOML
    return public
