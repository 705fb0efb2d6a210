"""The kit's checks inside Jupyter: `check()` for students, `points_for()` for nbgrader's test cells.

Both take the contract functions defined in the notebook (the caller's globals), write them with
their helpers and imports as the four modules in a temporary folder, and grade that folder with
`grade_submission`: the student's code runs in the sandbox child, never in the kernel's judge.
"""
from __future__ import annotations

import atexit
import html
import importlib.util
import inspect
import shutil
import sys
import tempfile
import textwrap
import types
from pathlib import Path
from typing import Any

from autograder.ecosystem.notebook_code import NOTEBOOK_ONLY_PACKAGES, CodeSource, assemble_modules
from autograder.kit import DEFAULT_ASSIGNMENT, assignment_names, load_exercises, use_assignment
from autograder.results import GradingResult

__all__ = ["NotebookResult", "ResultsView", "check", "load_notebook_functions", "points_for",
           "write_kernel_modules"]

KERNEL_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "check", "points_for"}
CONSTANT_TYPES = (int, float, complex, str, bool, type(None))


class NotebookResult(GradingResult):
    """A grading result that stays short when Jupyter echoes it (check() shows the table)."""

    show_hidden_details: bool = False

    def __repr__(self) -> str:
        return f"<autograder result: {self.total:g} / {self.max_total:g} points>"

    def table(self) -> str:
        from autograder.report import render_table
        return render_table(self, show_hidden_details=self.show_hidden_details)


class ResultsView:
    """What check() displays: the table as text in a terminal, as HTML in Jupyter."""

    def __init__(self, result: NotebookResult) -> None:
        self.result = result

    def __repr__(self) -> str:
        return self.result.table()

    def _repr_html_(self) -> str:
        return render_html(self.result, show_hidden_details=self.result.show_hidden_details)


def check(*functions: str, timeout: float = 3.0) -> NotebookResult:
    """Check the contract functions defined in this notebook (all of them, or those named).

    Shows the same table and hints as `autograder check` and returns the result. A hidden check's
    inputs are never shown: a notebook's outputs end up in nbgrader's feedback to the student.
    """
    namespace = sys._getframe(1).f_globals
    result = _grade_namespace(namespace, list(functions), timeout=timeout, show_hidden_details=False)
    _show(result)
    return result


def points_for(function: str, *, hidden: bool = False, timeout: float = 3.0) -> float:
    """nbgrader's test cell for one function: show its checks, return the points it earned.

    nbgrader takes a test cell's numeric output as partial credit. Hidden checks run only with
    `hidden=True` (inside nbgrader's `### BEGIN HIDDEN TESTS`); their inputs are never shown.
    """
    namespace = sys._getframe(1).f_globals
    result = _grade_namespace(namespace, [function], timeout=timeout, show_hidden_details=False,
                              include_hidden=hidden)
    print(result.table())
    return result.functions[function].score


def load_notebook_functions(notebook: str | Path, *names: str) -> tuple[Any, ...]:
    """Your own functions from another notebook of the assignment (its code, not its outputs).

    The network notebook uses this to get sigmoid and identity_function from activations.ipynb.
    """
    from autograder.ecosystem.notebook_code import write_modules_from_notebooks

    path = Path(notebook)
    if not path.exists():
        raise FileNotFoundError(f"{path} is not here: keep the assignment's notebooks in one folder")
    folder = Path(tempfile.mkdtemp(prefix="autograder-notebook-"))
    # the functions' source stays readable while the kernel lives (check_function reads it back)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    write_modules_from_notebooks([path], folder)
    module_name = path.stem if path.stem in {e.module for e in load_exercises()} else None
    if module_name is None or not (folder / f"{module_name}.py").exists():
        raise ValueError(f"{path.name} is not one of the assignment's module notebooks")
    spec = importlib.util.spec_from_file_location(f"{module_name}_from_notebook",
                                                  folder / f"{module_name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise NameError(f"{path.name} defines no {', '.join(missing)}: write it there first")
    return tuple(getattr(module, name) for name in names)


def write_kernel_modules(namespace: dict[str, Any], destination: Path) -> list[str]:
    """Write the modules the namespace's functions make; return the contract functions found."""
    home = {e.function: e.module for e in load_exercises()}
    imports, constants, helpers, contract = [], [], [], []
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in KERNEL_NAMES:
            continue
        if isinstance(value, types.ModuleType):
            if value.__name__.split(".")[0] not in NOTEBOOK_ONLY_PACKAGES:
                imports.append(_import_line(value.__name__, name))
        elif inspect.isfunction(value) and value.__module__.endswith("_from_notebook"):
            notebook_module = Path(value.__code__.co_filename)  # all of it: helpers come along
            if notebook_module.exists() and notebook_module.read_text() not in helpers:
                helpers.append(notebook_module.read_text(encoding="utf-8"))
        elif inspect.isfunction(value) or inspect.isclass(value):
            source = _source(value) if name in home or value.__module__ == "__main__" else None
            if source is not None:
                (contract if name in home and inspect.isfunction(value) else helpers).append(source)
            elif _importable(value):
                imports.append(f"from {value.__module__} import {value.__qualname__} as {name}")
        elif (inspect.isbuiltin(value) or type(value).__name__ == "ufunc") and _importable(value):
            imports.append(f"from {value.__module__} import {value.__name__} as {name}")  # np.exp
        elif isinstance(value, CONSTANT_TYPES) and not callable(value):
            constants.append(f"{name} = {value!r}")
    found = [n for n, v in namespace.items()  # this notebook's own, not those loaded from another
             if n in home and inspect.isfunction(v) and v.__module__ == "__main__" and _source(v)]
    classes = {n for n, v in namespace.items() if inspect.isclass(v) and v.__module__ == "__main__"}
    found += [f for f in home if f.split(".")[0] in classes]  # a class: its constructor and methods
    chunks = ["\n".join(imports), "\n".join(constants), *helpers, *contract]
    destination.mkdir(parents=True, exist_ok=True)
    for module, text in assemble_modules([CodeSource("notebook", chunks)]).items():
        (destination / f"{module}.py").write_text(text, encoding="utf-8")
    return found


def render_html(result: GradingResult, *, show_hidden_details: bool) -> str:
    """The results table as HTML, the failures' details under it as preformatted text."""
    from autograder.report import function_status, render_table

    rows = []
    for name, function in result.functions.items():
        color = "#1a7f37" if function.passed else "#cf222e"
        status = function_status(function)  # the same words as `autograder check`
        rows.append(f"<tr><td><code>{html.escape(name)}</code></td>"
                    f"<td style='text-align:right'>{function.score:g} / {function.max_score:g}</td>"
                    f"<td style='color:{color}'>{html.escape(status)}</td></tr>")
    rows.append(f"<tr><th>total</th><th style='text-align:right'>{result.total:g} / "
                f"{result.max_total:g}</th><th></th></tr>")
    table = ("<table><tr><th>function</th><th>points</th><th>status</th></tr>"
             + "".join(rows) + "</table>")
    text = render_table(result, show_hidden_details=show_hidden_details)
    details = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    return table + (f"<pre>{html.escape(details)}</pre>" if details else "")


def _grade_namespace(namespace: dict[str, Any], functions: list[str], *, timeout: float,
                     show_hidden_details: bool, include_hidden: bool | None = None) -> NotebookResult:
    with use_assignment(_assignment_of(namespace, functions)):
        return _grade_assignment_namespace(namespace, functions, timeout=timeout,
                                           show_hidden_details=show_hidden_details,
                                           include_hidden=include_hidden)


def _assignment_of(namespace: dict[str, Any], functions: list[str]) -> str:
    """The assignment of the functions named, else the last one listed (data/assignments.toml)
    whose exercises the notebook defines: a later assignment builds on an earlier one's
    functions (the training notebook holds sigmoid too), never the other way round."""
    names = assignment_names()
    for name in names:
        if functions and all(f in {e.function for e in load_exercises(name)} for f in functions):
            return name
    for name in reversed(names):
        bases = {e.function.split(".")[0] for e in load_exercises(name)}
        if any(n in bases and _own(v) for n, v in namespace.items()):
            return name
    return DEFAULT_ASSIGNMENT if DEFAULT_ASSIGNMENT in names else names[0]


def _own(value: Any) -> bool:
    return (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == "__main__"


def _grade_assignment_namespace(namespace: dict[str, Any], functions: list[str], *, timeout: float,
                                show_hidden_details: bool,
                                include_hidden: bool | None) -> NotebookResult:
    from autograder.grading import grade_submission
    from autograder.sandbox.session import Limits

    known = [e.function for e in load_exercises()]
    unknown = [f for f in functions if f not in known]
    if unknown:
        raise ValueError(f"no exercise is called {', '.join(unknown)}; the exercises are "
                         f"{', '.join(known)}")
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as folder:
        found = write_kernel_modules(namespace, Path(folder))
        wanted = functions or found
        if not wanted:
            raise ValueError("this notebook defines none of the exercise functions yet: run the "
                             "cells with your functions first, then check()")
        graded = grade_submission(Path(folder), functions=wanted, include_hidden=include_hidden,
                                  limits=Limits(call_seconds=timeout))
    result = NotebookResult(graded.functions, hidden_checks_run=graded.hidden_checks_run,
                            isolation=graded.isolation, seconds=graded.seconds,
                            problems=graded.problems)
    result.show_hidden_details = show_hidden_details
    return result


def _show(result: NotebookResult) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(result.table())
    else:
        display(ResultsView(result))


def _source(value: Any) -> str | None:
    try:
        return textwrap.dedent(inspect.getsource(value))
    except (OSError, TypeError):
        return _class_source(value) if inspect.isclass(value) else None


def _class_source(cls: type) -> str | None:
    """A class defined in a notebook cell: inspect cannot find it (__main__ has no file), but
    its methods know their cell, whose text IPython keeps in linecache."""
    import ast
    import linecache

    for member in vars(cls).values():
        code = getattr(member, "__code__", None)
        if code is None:
            continue
        text = "".join(linecache.getlines(code.co_filename))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return None
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
                return ast.get_source_segment(text, node, padded=True)
    return None


def _importable(value: Any) -> bool:
    module = getattr(value, "__module__", None) or ""
    return bool(module) and module != "__main__" and module.split(".")[0] not in NOTEBOOK_ONLY_PACKAGES \
        and "_from_notebook" not in module


def _import_line(module: str, name: str) -> str:
    return f"import {module}" if module == name else f"import {module} as {name}"
