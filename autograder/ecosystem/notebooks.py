"""One nbgrader notebook per module, generated from solutions/ (the single source of the code).

Each notebook: an introduction, then per function its explanation, an autograded-answer cell
holding the reference with its `### BEGIN/END SOLUTION` region, an example cell and an
autograder-test cell worth the function's points in data/rubric.toml, which calls the kit's
checks through `points_for` (hidden checks inside `### BEGIN/END HIDDEN TESTS`); then a figure
drawn with the student's code and a last cell running `check()`.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from autograder.i18n import DEFAULT_LANGUAGE, ENVIRONMENT_VARIABLE, N_, _, language
from autograder.kit import MODULES, SOLUTIONS_DIR, load_exercises, load_rubric
from autograder.stubs import make_stub

__all__ = ["build_notebook", "function_points", "write_notebooks"]

EXPLANATIONS = Path(__file__).with_name("templates") / "explanations.toml"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SCHEMA_VERSION = 3
INSTALL_NOTE = N_("Run the cells in order, from the top. When the first code cell says that the kit is "
                  "missing, open a terminal in the kit's folder (the one with README.md), run "
                  "`python -m pip install -e \".[notebooks]\"`, then restart the kernel.")
INSTALL_ERROR = N_("This notebook needs the kit's checks, and they are not installed for this Python. "
                   "In a terminal, in the kit's folder (the one with README.md and pyproject.toml), "
                   "run `python -m pip install -e \".[notebooks]\"`, then restart the kernel "
                   "(Kernel > Restart Kernel) and run this cell again.")
CHECK_EVERYTHING = N_("### Check everything\n\n`check()` runs the kit's checks on every function this "
                      "notebook defines and explains each failure: the input, the expected and the "
                      "actual value, a hint.")


def function_points() -> dict[str, float]:
    """Each exercise function's points, hidden checks included (the rubric's, 100 in all)."""
    points: dict[str, float] = {e.function: 0.0 for e in load_exercises()}
    for check in load_rubric():
        points[check.function] += check.points
    return points


def write_notebooks(destination: Path, solutions: Path = SOLUTIONS_DIR, *,
                    student: bool = False) -> list[Path]:
    """Write the notebooks into `destination` (the instructor's, or the `student` versions)."""
    import nbformat

    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for module in MODULES:
        path = destination / f"{module}.ipynb"
        nbformat.write(build_notebook(module, solutions, student=student), str(path))
        written.append(path)
    return written


def build_notebook(module: str, solutions: Path = SOLUTIONS_DIR, *, student: bool = False):
    """The nbformat notebook of one module, nbgrader metadata on every cell.

    The instructor's version holds the solutions and the hidden tests' region; the `student`
    version (the bundle's) holds the stubs and the public test cells only. Texts are in the
    language in force (autograder.i18n).
    """
    import nbformat.v4 as v4

    texts = _explanations()
    source = (solutions / f"{module}.py").read_text(encoding="utf-8")
    functions, imports = _split_module(source)
    points = function_points()
    hidden = {c.function for c in load_rubric() if c.hidden}
    intro = texts["module"][module]
    cells = [v4.new_markdown_cell(f"# {_(intro['title'].strip())}\n\n{_(intro['intro'].strip())}\n\n"
                                  f"> {_(INSTALL_NOTE)}"),
             _cell(v4.new_code_cell(_setup_code(imports)), "setup", locked=True)]
    for name, code in functions:
        text = texts["function"][name]
        cells.append(v4.new_markdown_cell(_(text["text"].strip())))
        answer = make_stub(code + "\n").rstrip() if student else code
        cells.append(_cell(v4.new_code_cell(answer), f"{name}_answer", solution=True))
        if text.get("example"):
            cells.append(v4.new_code_cell(text["example"].strip()))
        with_hidden = name in hidden and not student
        cells.append(_cell(v4.new_code_cell(_test_code(name, with_hidden)), f"{name}_tests",
                           grade=True, locked=True, points=points[name]))
    figure = texts["figure"][module]
    cells.append(v4.new_markdown_cell(_(figure["text"].strip())))
    cells.append(_cell(v4.new_code_cell(figure["code"].strip()), "figure", locked=True))
    cells.append(v4.new_markdown_cell(_(CHECK_EVERYTHING)))
    cells.append(v4.new_code_cell("from autograder import check\n\ncheck()"))
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.kernelspec = dict(KERNELSPEC)
    notebook.metadata.language_info = {"name": "python"}
    return notebook


def _cell(cell, grade_id: str, *, solution: bool = False, grade: bool = False,
          locked: bool = False, points: float | None = None):
    marks = {"grade": grade, "grade_id": grade_id, "locked": locked,
             "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if grade:
        marks["points"] = points
    cell.metadata["nbgrader"] = marks
    return cell


def _setup_code(imports: list[str]) -> str:
    """The kit's import (saying how to install it), the module's imports, and network's own
    activations from activations.ipynb; a notebook in another language than English keeps it."""
    lines = ["try:", "    import autograder  " + _("# the kit's checks"), "except ModuleNotFoundError:",
             f"    raise ModuleNotFoundError({_(INSTALL_ERROR)!r}) from None", ""]
    localised = language() != DEFAULT_LANGUAGE
    own = [line for line in imports if line.startswith("from activations import")]
    lines += (["import os"] if localised else []) + [line for line in imports if line not in own]
    if localised:  # the class's language, unless the student's AUTOGRADER_LANG says otherwise
        lines += ["", f'os.environ.setdefault("{ENVIRONMENT_VARIABLE}", "{language()}")']
    for line in own:
        names = [n.strip() for n in line.split("import", 1)[1].split(",")]
        lines += ["from autograder.ecosystem.notebook_check import load_notebook_functions", "",
                  _("# your own functions, from the notebook next to this one"),
                  f"{', '.join(names)} = load_notebook_functions("
                  "\"activations.ipynb\", " + ", ".join(f'"{n}"' for n in names) + ")"]
    return "\n".join(lines)


def _test_code(function: str, has_hidden: bool) -> str:
    lines = [_("# The kit's checks for this function; the number below is your points."),
             "from autograder.ecosystem.notebook_check import points_for", ""]
    if not has_hidden:
        return "\n".join(lines + [f'points_for("{function}")'])
    return "\n".join(lines + ["hidden = False", "### BEGIN HIDDEN TESTS", "hidden = True",
                              "### END HIDDEN TESTS", f'points_for("{function}", hidden=hidden)'])


def _split_module(source: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(function name, its source) for every top-level function, and the module's imports."""
    tree = ast.parse(source)
    lines = source.splitlines()
    functions, imports = [], []
    starts = [s.lineno for s in tree.body[1:]] + [len(lines) + 1]
    for statement, next_start in zip(tree.body, starts, strict=True):
        # up to the next statement: the trailing `### END SOLUTION` comment belongs to the function
        text = "\n".join(lines[statement.lineno - 1: next_start - 1]).rstrip()
        if isinstance(statement, ast.FunctionDef):
            functions.append((statement.name, text))
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            imports.append(text)
    return functions, imports


def _explanations() -> dict:
    with EXPLANATIONS.open("rb") as file:
        return tomllib.load(file)
