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

from autograder.assignment_of import assignment_defining
from autograder.ecosystem.notebook_code import NOTEBOOK_ONLY_PACKAGES, CodeSource, assemble_modules
from autograder.i18n import _, language, translated
from autograder.kit import DEFAULT_ASSIGNMENT, assignment_names, load_exercises, use_assignment
from autograder.results import GradingResult

__all__ = ["NotebookResult", "ResultsView", "check", "load_notebook_functions", "points_for",
           "write_kernel_modules"]

KERNEL_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "check", "points_for"}
CONSTANT_TYPES = (int, float, complex, str, bool, type(None))


class NotebookResult(GradingResult):
    """A grading result shown once in Jupyter: check() displays it, the cell's echo does not.

    `notes` say what was not checked here and why (a function of another notebook).
    """

    show_hidden_details: bool = False

    def __init__(self, *args: Any, notes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes = list(notes or [])
        self.shown_in_cell: int | None = None
        self.assignment: str | None = None  # whose hidden checks the points note counts

    def __repr__(self) -> str:
        return f"<autograder result: {self.total:g} / {self.max_total:g} points>"

    def table(self) -> str:
        from autograder.report import render_table
        notes = "\n".join(self.notes)
        if not self.functions:
            return notes
        with use_assignment(self.assignment):
            table = render_table(self, show_hidden_details=self.show_hidden_details)
        return f"{notes}\n\n{table}" if notes else table

    def _ipython_display_(self) -> None:
        """The cell's echo of `check()`: nothing, since check() has shown the report already."""
        if self.shown_in_cell is None or self.shown_in_cell != _cell_number():
            _show(self)


class ResultsView:
    """What check() displays: the report as HTML in Jupyter, as text where HTML is not shown."""

    def __init__(self, result: NotebookResult) -> None:
        self.result = result

    def __repr__(self) -> str:
        return self.result.table()

    def _repr_html_(self) -> str:
        with use_assignment(self.result.assignment):
            return render_html(self.result, show_hidden_details=self.result.show_hidden_details,
                               notes=self.result.notes)


def check(*functions: str, timeout: float = 3.0) -> NotebookResult:
    """Check the contract functions defined in this notebook (all of them, or those named).

    Shows the table and, per failed check, its input, expected and actual values, the likely
    mistake, the hint and a plot, and returns the result. A hidden check's inputs are never shown:
    a notebook's outputs end up in nbgrader's feedback to the student.
    """
    namespace = sys._getframe(1).f_globals
    result = _grade_namespace(namespace, list(functions), timeout=timeout, show_hidden_details=False,
                              plots="failing")
    _show(result)
    return result


def points_for(function: str, *, hidden: bool = False, timeout: float = 3.0) -> float:
    """nbgrader's test cell for one function: say in one line how it did, return its points.

    nbgrader takes a test cell's numeric output as partial credit. Hidden checks run only with
    `hidden=True` (inside nbgrader's `### BEGIN HIDDEN TESTS`); their inputs are never shown.
    The details are check()'s: the line says so rather than showing them twice.
    """
    from autograder.report import function_status

    namespace = sys._getframe(1).f_globals
    result = _grade_namespace(namespace, [function], timeout=timeout, show_hidden_details=False,
                              include_hidden=hidden)
    if function not in result.functions:
        print(result.table())
        return 0.0
    graded = result.functions[function]
    line = _("{function}: {score} of {possible} points ({status})").format(
        function=function, score=f"{graded.score:g}", possible=f"{graded.max_score:g}",
        status=function_status(graded))
    if not graded.passed and graded.status != "not implemented":
        line += "; " + _("check(\"{function}\") shows why").format(function=function)
    if not result.hidden_checks_run:
        from autograder.points import points_note
        with use_assignment(result.assignment):
            line += "\n(" + points_note([function], graded.max_score).sentence() + ")"
    print(line)
    return graded.score


def load_notebook_functions(notebook: str | Path, *names: str) -> tuple[Any, ...]:
    """Your own functions from another notebook of the assignment (its code, not its outputs).

    The network notebook uses this to get sigmoid and identity_function from activations.ipynb.
    """
    from autograder.ecosystem.notebook_code import write_modules_from_notebooks

    path = Path(notebook)
    if not path.exists():
        raise FileNotFoundError(_("{path} is not here: keep the assignment's notebooks in one folder").format(
            path=path))
    folder = Path(tempfile.mkdtemp(prefix="autograder-notebook-"))
    # the functions' source stays readable while the kernel lives (check_function reads it back)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    write_modules_from_notebooks([path], folder)
    module_name = path.stem if path.stem in {e.module for e in load_exercises()} else None
    if module_name is None or not (folder / f"{module_name}.py").exists():
        raise ValueError(_("{name} is not one of the assignment's module notebooks").format(name=path.name))
    spec = importlib.util.spec_from_file_location(f"{module_name}_from_notebook",
                                                  folder / f"{module_name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise NameError(_("{name} defines no {functions}: write it there first").format(
            name=path.name, functions=", ".join(missing)))
    return tuple(getattr(module, name) for name in names)


def write_kernel_modules(namespace: dict[str, Any], destination: Path) -> list[str]:
    """Write the modules the namespace's functions make; return the contract functions found."""
    home = {e.function: e.module for e in load_exercises()}
    imports: list[str] = []
    constants: list[str] = []
    helpers: list[str] = []
    contract: list[str] = []
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


REPORT_STYLE = """
.autograder-report table { border-collapse: collapse; margin: 0.5rem 0; }
.autograder-report th, .autograder-report td { padding: 0.2rem 0.7rem; text-align: left;
  border-bottom: 1px solid #ccc; }
.autograder-report td.points { text-align: right; font-variant-numeric: tabular-nums; }
.autograder-report .ok { color: #116329; } .autograder-report .failed { color: #a4201a; }
.autograder-report pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  white-space: pre; overflow-x: auto; background: #f6f6f6; padding: 0.3rem 0.5rem; margin: 0.2rem 0; }
.autograder-report .check { border-left: 4px solid #a4201a; padding: 0.1rem 0.8rem; margin: 0.6rem 0; }
.autograder-report img { max-width: 100%; height: auto; }
.autograder-report dl.values { display: grid; grid-template-columns: max-content minmax(0, 1fr);
  gap: 0.1rem 0.6rem; align-items: baseline; margin: 0.3rem 0; }
.autograder-report dl.values dt { font-weight: 600; } .autograder-report dl.values dd { margin: 0; }
"""


def render_html(result: GradingResult, *, show_hidden_details: bool, notes: list[str] | None = None) -> str:
    """The report as HTML: notes, the table, then per failed check its values in monospace
    blocks (arrays keep their alignment), the likely mistake, the hint, and the plots."""
    from autograder.report import function_status

    parts = [f'<div class="autograder-report" lang="{language()}"><style>{REPORT_STYLE}</style>']
    parts += [f"<p>{html.escape(note)}</p>" for note in notes or []]
    if result.functions:
        parts.append(_html_table(result, function_status))
        if not result.hidden_checks_run:
            from autograder.points import points_note
            parts.append(f"<p>{html.escape(points_note(result.functions, result.max_total).sentence())}</p>")
        images = _plot_images(result)
        parts.append(_import_failures_html(result))
        for name, function in result.functions.items():
            if not function.passed:
                parts.append(_html_failures(name, function, show_hidden_details, images.get(name, [])))
    return "".join(parts) + "</div>"


def _html_table(result: GradingResult, status: Any) -> str:
    e = html.escape
    rows = []
    for name, function in result.functions.items():
        state = "ok" if function.passed else "failed"
        rows.append(f"<tr><td><code>{e(name)}</code></td>"
                    f"<td class='points'>{function.score:g} / {function.max_score:g}</td>"
                    f"<td class='{state}'>{e(status(function))}</td></tr>")
    rows.append(f"<tr><th>{e(_('total'))}</th><td class='points'><strong>{result.total:g} / "
                f"{result.max_total:g}</strong></td><td></td></tr>")
    return (f"<table><tr><th>{e(_('function'))}</th><th>{e(_('points'))}</th><th>{e(_('status'))}</th></tr>"
            + "".join(rows) + "</table>")


def _html_failures(name: str, function: Any, show_hidden_details: bool,
                   images: list[tuple[str, str, str]]) -> str:
    """One failed function: one block per cause (autograder.feedback.explain, the same as the
    terminal and the pages), each check's values in monospace blocks."""
    from autograder.feedback.explain import function_blocks, only_import_failures

    e = html.escape
    parts = [f"<h4><code>{e(name)}</code>: {function.score:g} / {function.max_score:g}</h4>"]
    if function.status == "not implemented":
        parts.append(f"<p>{e(_('Not implemented yet: it still raises NotImplementedError.'))}</p>")
    elif only_import_failures(function):
        from autograder.report import function_status
        parts.append(f"<p>{e(function_status(function))}</p>")
    else:
        for block in function_blocks(function, show_hidden_details=show_hidden_details):
            count = len(block.checks)
            lost = (" " + _("({count} checks, {points} points)").format(
                count=count, points=f"{block.points_lost:g}") if count > 1 else "")
            shown = [f"<p><strong>{e(block.headline[:1].upper() + block.headline[1:])}</strong>{e(lost)}</p>"]
            for entry in block.entries:
                shown.append(f"<p>{e(entry.title)}</p>")
                shown += [f"<p>{e(line)}</p>" for line in entry.lines]
                failure = entry.check.failure
                if entry.values and failure is not None:
                    shown.append(_values_block([(_("input"), failure.call), (_("expected"), failure.expected),
                                                (_("actual"), failure.actual)]))
                    shown += [f"<p>{e(line)}</p>" for line in entry.values[len(failure.value_lines()):]]
                example = entry.counterexample
                if example is not None:
                    shown.append(f"<p>{e(_('Smallest failing input'))}</p>"
                                 + _values_block([(_("input"), example.call),
                                                  (_("expected"), example.expected),
                                                  (_("actual"), example.actual)]))
            if block.hint:
                shown.append(f"<p><strong>{e(_('Hint'))}</strong>: {e(block.hint)}</p>")
            if block.why:
                shown.append(f"<p>{e(block.why)}</p>")
            parts.append('<div class="check">' + "".join(shown) + "</div>")
    parts += [f'<figure><img src="{uri}" alt="{e(alt)}"><figcaption>{e(title)}</figcaption></figure>'
              for uri, title, alt in images]
    return "".join(parts)


def _import_failures_html(result: GradingResult) -> str:
    """Each module that could not be imported, once, with the student's line."""
    from autograder.feedback.explain import import_failure_lines, import_failures

    parts = []
    for entry in import_failures(result):
        lines = import_failure_lines(entry, result)
        details = "\n".join(line.strip() for line in lines[1:])
        parts.append(f'<div class="check"><p><strong>{html.escape(lines[0])}</strong></p>'
                     f'<pre tabindex="0">{html.escape(details)}</pre></div>')
    return "".join(parts)


def _values_block(rows: list[tuple[str, str]]) -> str:
    """Each value in a monospace block beside its label: a multi-line array keeps its alignment,
    and the labels line up whatever the width of their letters (Hangul included)."""
    # focusable: a keyboard scrolls a wide one too; the kit's words translated, code as it is
    shown = "".join(f'<dt>{html.escape(label)}</dt><dd><pre tabindex="0">'
                    f'{html.escape(translated(str(value)))}</pre></dd>' for label, value in rows if value)
    return f'<dl class="values">{shown}</dl>' if shown else ""


def _plot_images(result: GradingResult) -> dict[str, list[tuple[str, str, str]]]:
    """The failed functions' plots as (data URI, title, text alternative); none without matplotlib."""
    if not result.plots or importlib.util.find_spec("matplotlib") is None:
        return {}
    import base64

    from autograder.feedback.plot_text import plot_alt, plot_title
    from autograder.feedback.plots import render_png

    images: dict[str, list[tuple[str, str, str]]] = {}
    for plot in result.plots:
        try:
            png = render_png(plot)
        except Exception:  # noqa: BLE001 - a plot that cannot be drawn must not cost the report
            continue
        uri = "data:image/png;base64," + base64.b64encode(png).decode()
        images.setdefault(plot.function, []).append((uri, plot_title(plot, translate=_), plot_alt(plot)))
    return images


def _grade_namespace(namespace: dict[str, Any], functions: list[str], *, timeout: float,
                     show_hidden_details: bool, include_hidden: bool | None = None,
                     plots: bool | str = False) -> NotebookResult:
    with use_assignment(_assignment_of(namespace, functions)) as chosen:
        result = _grade_assignment_namespace(namespace, functions, timeout=timeout,
                                             show_hidden_details=show_hidden_details,
                                             include_hidden=include_hidden, plots=plots)
    result.assignment = chosen.name
    return result


def _assignment_of(namespace: dict[str, Any], functions: list[str]) -> str:
    """The assignment of the functions named, else the last one listed (data/assignments.toml)
    whose exercises the notebook defines: a later assignment builds on an earlier one's
    functions (the training notebook holds sigmoid too), never the other way round."""
    names = assignment_names()
    for name in names:
        if functions and all(f in {e.function for e in load_exercises(name)} for f in functions):
            return name
    return (assignment_defining({n for n, v in namespace.items() if _own(v)})
            or (DEFAULT_ASSIGNMENT if DEFAULT_ASSIGNMENT in names else names[0]))


def _own(value: Any) -> bool:
    return (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == "__main__"


def _grade_assignment_namespace(namespace: dict[str, Any], functions: list[str], *, timeout: float,
                                show_hidden_details: bool,
                                include_hidden: bool | None, plots: bool | str) -> NotebookResult:
    from autograder.grading import grade_submission
    from autograder.sandbox.session import Limits

    known = [e.function for e in load_exercises()]
    unknown = [f for f in functions if f not in known]
    if unknown:
        raise ValueError(_("no exercise is called {names}; the exercises are {exercises}").format(
            names=", ".join(unknown), exercises=", ".join(known)))
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as folder:
        found = write_kernel_modules(namespace, Path(folder))
        wanted = functions or found
        if not wanted:
            raise ValueError(_("this notebook defines none of the exercise functions yet: run the "
                               "cells with your functions first, then check()"))
        notes = _not_here(wanted, found)
        wanted = [f for f in wanted if f in found]
        graded = (grade_submission(Path(folder), functions=wanted, include_hidden=include_hidden,
                                   limits=Limits(call_seconds=timeout), plots=plots)
                  if wanted else GradingResult({}, hidden_checks_run=bool(include_hidden)))
    result = NotebookResult(graded.functions, hidden_checks_run=graded.hidden_checks_run,
                            isolation=graded.isolation, seconds=graded.seconds,
                            problems=graded.problems, plots=graded.plots, notes=notes)
    result.show_hidden_details = show_hidden_details
    return result


def _not_here(wanted: list[str], found: list[str]) -> list[str]:
    """Why a function asked for is not checked here: another notebook's, or its cell not run yet."""
    home = {e.function: e.module for e in load_exercises()}
    here = {home[f] for f in found}
    notes = []
    for function in wanted:
        if function in found:
            continue
        if here and home[function] not in here:
            notes.append(_("{function} is written in {notebook}, not in this notebook: run "
                           "check(\"{function}\") there.").format(
                function=function, notebook=f"{home[function]}.ipynb"))
        else:
            notes.append(_("{function} is not defined in this notebook yet: run the cell with your "
                           "{function} first, then check again.").format(function=function))
    return notes


def _ipython_shell() -> Any:
    """The running IPython shell, or None outside IPython (or where IPython is not installed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _cell_number() -> int | None:
    shell = _ipython_shell()
    return None if shell is None else shell.execution_count


def _show(result: NotebookResult) -> None:
    if _ipython_shell() is None:
        print(result.table())
        return
    from IPython.display import display

    display(ResultsView(result))
    result.shown_in_cell = _cell_number()


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
