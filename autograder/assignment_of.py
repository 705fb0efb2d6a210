"""Which assignment a student's work is, from what it holds: `check` and `grade` ask it when
no `--assignment` is given, and `check()` in a notebook asks it of the notebook's code.

Module files say it first (`functions.py`, `two_layer_net.py` and `train.py` are training's).
Code that names no module (notebooks, a single `.py`) says it by the exercises it defines
(`def sigmoid`, `class TwoLayerNet`): the last assignment of data/assignments.toml one of whose
exercises it defines, since a later assignment builds on an earlier one's functions (training's
code holds sigmoid too), never the other way round. Only code counts: a notebook's markdown or
outputs that say "def sigmoid" do not. Nothing is run and no code is parsed: the names are read
with a regular expression, and a notebook's JSON within a size limit.
"""
from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from autograder.kit import Assignment, assignment, assignment_names, load_exercises

__all__ = ["MAX_NOTEBOOKS", "MAX_NOTEBOOK_BYTES", "assignment_defining", "assignment_for", "is_notebook",
           "modules_held", "names_defined", "names_in_notebooks", "notebook_code", "notebooks_in"]

# `def name` or `class name` at the start of a line of code (indented: a method, a nested helper)
DEFINITION = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
MAX_NOTEBOOK_BYTES = 2 * 2**20  # a notebook read for its names (a larger one, outputs and all, says nothing)
MAX_NOTEBOOKS = 20  # a folder holding more is refused by grading, and only these are read for names


def is_notebook(name: str) -> bool:
    """A notebook as grading takes one: `.ipynb` in any case, not a hidden file."""
    return name.lower().endswith(".ipynb") and not name.startswith(".")


def names_defined(code: str) -> set[str]:
    """The names `code` defines with `def` or `class`, read as text."""
    return set(DEFINITION.findall(code))


def notebook_code(data: bytes) -> str:
    """The code cells of a notebook's JSON (nbformat 4, or 3's worksheets), one after the other;
    "" when it is larger than MAX_NOTEBOOK_BYTES or not a notebook."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        return ""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError, MemoryError):
        return ""
    if not isinstance(document, dict):
        return ""
    cells: list[Any] = _list(document.get("cells"))
    for sheet in _list(document.get("worksheets")):
        cells += _list(sheet.get("cells")) if isinstance(sheet, dict) else []
    code = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            code.append("".join(s for s in source if isinstance(s, str)) if isinstance(source, list)
                        else source if isinstance(source, str) else "")
    return "\n".join(code)


def _list(value: Any) -> list[Any]:
    """A notebook's list of cells or worksheets; anything else (a number, a string) holds none."""
    return value if isinstance(value, list) else []


def notebooks_in(folder: Path) -> list[Path]:
    """The notebooks of `folder` that are regular files (a FIFO is never waited on, a link never
    followed), by name."""
    return [folder / n for n in sorted(os.listdir(folder))
            if is_notebook(n) and stat.S_ISREG((folder / n).lstat().st_mode)]


def names_in_notebooks(notebooks: list[Path], read: Callable[[Path, int], bytes]) -> set[str]:
    """The names the code cells of the first MAX_NOTEBOOKS `notebooks` define; one over
    MAX_NOTEBOOK_BYTES (outputs and all) is not read. `read(path, limit)` reads a file."""
    defined: set[str] = set()
    for path in notebooks[:MAX_NOTEBOOKS]:
        if path.lstat().st_size <= MAX_NOTEBOOK_BYTES:
            defined |= names_defined(notebook_code(read(path, MAX_NOTEBOOK_BYTES)))
    return defined


def assignment_defining(defined: Collection[str]) -> str | None:
    """The last assignment one of whose exercises `defined` names (`sigmoid`; `TwoLayerNet` for
    its methods), None if none (see the module's docstring)."""
    for name in reversed(assignment_names()):
        if any(e.function.split(".")[0] in defined for e in load_exercises(name)):
            return name
    return None


def modules_held(names: Iterable[str]) -> dict[str, int]:
    """How many of each assignment's module files (`activations.py`) are among `names`."""
    present = set(names)
    return {name: len(present & {f"{m}.py" for m in assignment(name).modules})
            for name in assignment_names()}


def assignment_for(folder: Path, default: str) -> Assignment:
    """The assignment of a student's `folder`, by the rule grading's vote follows: the one whose
    module files (`activations.py`) it holds most of, `default` on a tie; where it holds none,
    the one its notebooks' code defines (whatever the notebooks are called: a notebook named
    `functions.ipynb` may hold basics' work); else `default`."""
    try:
        names = [n.name for n in folder.iterdir()]
    except OSError:
        return assignment(default)
    held = modules_held(names)
    best = max(held.values())
    if best:
        return assignment(max(held, key=lambda name: (held[name], name == default)))
    try:
        defined = names_in_notebooks(notebooks_in(folder), _read)
    except OSError:
        return assignment(default)
    return assignment(assignment_defining(defined) or default)


def _read(path: Path, limit: int) -> bytes:
    with path.open("rb") as file:
        return file.read(limit + 1)
