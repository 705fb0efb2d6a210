"""The student bundle: stubs, public checks, known values and a README, and no answers.

Hidden checks, the reference solutions and the hidden rubric entries are left out, not merely
flagged. `autograder check` works inside the bundle with the public checks alone.
"""
from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from autograder.dependency_values import VALUES_NAME, write_dependency_values
from autograder.diagnosis.models import MODELS_NAME, public_data
from autograder.ecosystem.notebooks import write_notebooks
from autograder.ecosystem.training_notebook import write_training_notebook
from autograder.i18n import N_, _, using_language
from autograder.kit import (
    DATA_DIR,
    KIT_ROOT,
    Assignment,
    assignment,
    assignment_names,
    load_mistakes,
    load_rubric,
)
from autograder.points import HIDDEN_POINTS_TABLE, PointsNote, hidden_points
from autograder.stubs import write_stubs

__all__ = ["student_readme", "write_student_bundle"]

# Instructor-only parts: hidden checks, the reference loader and the instructors' commands.
LEFT_OUT = ("hidden.py", "training_hidden.py", "reference.py", "stubs.py",
            "bundle.py", "bulk", "__pycache__", "i18n_data.py")
DATA_FILES = ("known_values.toml", "mistakes.toml", "fingerprint_cases.toml", "digits.npz",
              "DATA_LICENSE.md")
# Of autograder/ecosystem, students get what `from autograder import check` and the notebooks'
# figures need; the course, Gradescope and Classroom writers stay with the instructor.
INSTRUCTOR_ECOSYSTEM = ("cli.py", "classroom.py", "gradescope.py", "nbgrader_course.py",
                        "notebooks.py", "templates")
STUDENT_README = N_("""Fill in the functions in `assignments/`, in the `.py` files or in the notebooks
beside them (`activations.ipynb`, ...): write your code where it says `YOUR CODE HERE`.

Install once, in this folder (Python 3.11 or newer):

    python -m pip install -e ".[jupyter]"     # or -e . for the terminal alone

In a terminal: `autograder check assignments` shows your points per function and, under
them, each failed check with its input, the expected and the actual value, and a hint;
`--function softmax` checks one function, `--html feedback.html` also writes the feedback as
a page with plots.

In Jupyter: `jupyter lab assignments`, open a notebook, run its cells from the top; the test
cell under each function shows its points, and `check()` in the last cell explains every
failure.

{points}

Hand in what your instructor asks for: the four `.py` files of `assignments/`, or the
notebooks.
""")
KOREAN_TITLE = "## 한국어"
LANGUAGE_NOTE = N_("In Korean: add `--lang ko` (`autograder check assignments --lang ko`), or set "
                   "`AUTOGRADER_LANG=ko` before starting Jupyter.")
TRAINING_NOTE = N_("The second assignment, where the kit holds it, is in `assignments/training/`: paste "
                   "your own functions into `functions.py`, write `TwoLayerNet` and `train`, then "
                   "`autograder check assignments/training`; or work in its notebook, "
                   "`assignments/training/training.ipynb`, the same way. The digits it learns from are in "
                   "`data/training/` (licence in `data/training/DATA_LICENSE.md`).")
PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "dlfs-exercises"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["numpy>=1.24", "babel>=2.12"]

[project.optional-dependencies]
# what the notebooks need in any Jupyter front end; `jupyter` adds JupyterLab itself
notebooks = ["matplotlib>=3.7", "ipykernel>=6.25", "nbformat>=5.9"]
jupyter = ["dlfs-exercises[notebooks]", "jupyterlab>=4"]

[project.scripts]
autograder = "autograder.cli:main"

[tool.setuptools.packages.find]
include = ["autograder*"]

[tool.setuptools.package-data]
autograder = ["py.typed", "locale/*/LC_MESSAGES/*.po"]
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
    _write_public_catalogues(destination / "autograder" / "locale", chosen)
    (destination / "README.md").write_text(student_readme(chosen), encoding="utf-8")
    (destination / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return destination


def student_readme(chosen: list[Assignment] | None = None) -> str:
    """The bundle's README: how to install, work in a terminal or in Jupyter, and hand in;
    in English, then in Korean."""
    chosen = chosen or [assignment(name) for name in assignment_names()]
    hidden = hidden_points()
    public = sum(c.points for c in load_rubric() if not c.hidden)
    note = PointsNote(public, sum(hidden.values()))
    parts = []
    for lang, heading in (("en", "# Deep Learning from Scratch, chapters 3 and 4: exercises"),
                          ("ko", KOREAN_TITLE)):
        with using_language(lang):
            training = ("\n" + _(TRAINING_NOTE) + "\n") if any(a.name == "training" for a in chosen) else ""
            parts.append(f"{heading}\n\n" + _(STUDENT_README).format(points=note.sentence() + ".")
                         + training + "\n" + _(LANGUAGE_NOTE) + "\n")
    return "\n".join(parts)


def _write_public_catalogues(locale_dir: Path, chosen: list[Assignment]) -> None:
    """The catalogues without the hidden checks' names and hints, and without the template."""
    from babel.messages.pofile import read_po, write_po

    rubric = [c for each in chosen for c in load_rubric(each)]
    secret = {text for c in rubric if c.hidden for text in (c.name, c.hint)}
    secret -= {text for c in rubric if not c.hidden for text in (c.name, c.hint)}
    secret -= {m.hint for each in chosen for m in load_mistakes(each)}
    for path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        with path.open("rb") as file:
            catalog = read_po(file)
        for message_id in [m.id for m in catalog if m.id and m.id in secret]:
            del catalog[message_id]
        with path.open("wb") as file:
            write_po(file, catalog, omit_header=False, width=0)
    for template in locale_dir.glob("*.pot"):
        template.unlink()


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
    write_dependency_values(chosen, data / VALUES_NAME)  # correct dependencies, as values
    stubs = destination / chosen.stubs_dir.relative_to(KIT_ROOT)
    write_stubs(stubs, assignment=chosen.name)
    if chosen.name == "basics":  # the notebooks of basics, beside its stubs
        write_notebooks(stubs, student=True)
    elif chosen.name == "training":  # the training notebook, beside its stubs
        write_training_notebook(stubs, student=True)


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
    hidden = hidden_points(data_dir)
    public += ("\n# Points of the hidden checks, which run when your instructor grades\n"
               f"[{HIDDEN_POINTS_TABLE}]\n"
               + "".join(f"{json.dumps(name)} = {points:g}\n" for name, points in hidden.items() if points))
    tomllib.loads(public)  # the filtered rubric must still be valid TOML
    return public
