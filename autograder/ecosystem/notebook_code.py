"""Students' code from notebooks as the four modules, read as JSON and never executed.

What a module keeps from the notebook's code cells: imports, function and class definitions, and
assignments that do not call the notebook's own functions. Example calls, prints, plots, IPython
magics (`%...`, `!...`), the kit's own cells (`check(...)`, anything imported from `autograder`)
and nbgrader's test cells are left out: they run in the notebook, not when grading.

Notebooks are read as JSON, never run. A notebook named after a module (`activations.ipynb`,
...) gives that module; any other notebook holds everything and each contract function goes to
its module by name, its helpers and imports to every module (so does a lone notebook, whatever its
name). A cell that is not valid Python defines nothing, as in Jupyter, where the other cells
still run: the functions it held are missing, the rest of the module is graded.

Each module comes with its line map (`LineMap`): where each of its lines came from, so that the
feedback names the student's notebook, cell and line ("homework.ipynb, cell 3, line 2"), never
the module the kit made. Cells are numbered as they sit in the notebook, from the top, every
cell counted (Markdown and raw cells too, and nbgrader's test cells the modules leave out), from
1: the cell a student finds by counting cells down from the top of the notebook.
"""
from __future__ import annotations

import ast
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.i18n import N_
from autograder.kit import current_assignment, load_exercises

if TYPE_CHECKING:
    from autograder.results import GradingResult

__all__ = ["CodeSource", "LineMap", "Origin", "assemble_modules", "assemble_modules_mapped",
           "extract_notebooks", "modules_from_notebooks", "name_the_notebooks", "notebook_places",
           "notebook_sources", "read_cells", "read_code_cells", "write_modules_from_notebooks"]

NOTEBOOK_ONLY_PACKAGES = ("autograder", "IPython", "ipywidgets")
BROKEN_DEF = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)  # in a cell that does not parse
HELP = re.compile(r"^\??[\w.]+\?{1,2}$")  # `np.max?`, `softmax??`
# Where Python ends a line (str.splitlines also ends one at U+2028, NEL, a form feed, ... that a
# comment copied from a web page holds: the statements' line numbers would no longer match).
PYTHON_LINE_END = re.compile(r"\r\n|\r|\n")
CELL_LEFT_OUT = N_("{notebook}, cell {number}, line {line}: {error}; the cell was left out, so what it "
                   "defines is missing")
CELL_NOT_PYTHON = N_("{notebook}, cell {number}: not Python ({error}); the cell was left out")
# A line of a module made from notebooks, as the feedback names it (cells numbered as above).
NOTEBOOK_PLACE = N_("{notebook}, cell {cell}, line {line}")
# The line a function only a broken cell defined raises from (the feedback shows the student's
# broken line in its place).
STUB_RAISE = "raise SyntaxError(_said)"
# What a function only a broken cell defined raises, as the feedback shows it ("{type}: {message}").
BROKEN_CELL = N_("SyntaxError: the notebook cell that defines {name} has a syntax error at line {line} of "
                 "the cell: {error}")
NOT_PYTHON_CELL = N_("SyntaxError: the notebook cell that defines {name} is not Python ({error})")
# A module no notebook gave (the sandbox said "network.py is missing from the submission").
NO_NOTEBOOK_DEFINES = N_("no notebook of the submission defines {functions}")
MISSING_MODULE = re.compile(r"(?<![\w.])(?P<module>\w+)\.py is missing from the submission")
UNREADABLE = N_("{name} is not a readable Jupyter notebook ({error}); save it again from Jupyter or "
                "submit .py files")


# Where one line of a module came from: the notebook's file name, the cell's number, the line in
# the cell, and the student's text to show in place of the module's line ("" where the module's
# line is the student's own; a stub's `raise` stands for the cell's broken line).
Origin = tuple[str, int, int, str]
# Module file ("activations.py") -> the origin of each of its lines (line n at n - 1), None for
# a line the kit wrote (the module's docstring, an import from another module, a note).
LineMap = dict[str, list[Origin | None]]


@dataclass
class CodeSource:
    """The code of one notebook (or one kernel): its name and its code chunks, in order; with
    a notebook's file name and each chunk's cell number, the modules' lines map to them."""

    name: str
    chunks: list[str] = field(default_factory=list)
    file: str = ""  # the notebook's file name ("" for a kernel's code: its lines map to nothing)
    cells: list[int] = field(default_factory=list)  # each chunk's cell number (see the docstring)

    @property
    def module(self) -> str | None:
        """The module this notebook gives, when it is named after one."""
        return self.name if self.name in current_assignment().modules else None


def write_modules_from_notebooks(notebooks: list[Path], destination: Path) -> None:
    """Write the modules the students' notebooks hold into `destination` (no code is run).

    Raises ValueError naming the notebook when one cannot be read.
    """
    named = []
    for path in notebooks:
        try:
            named.append((Path(path).name, Path(path).read_bytes()))
        except OSError as error:
            raise ValueError(f"{Path(path).name} cannot be read ({error.strerror})") from error
    destination.mkdir(parents=True, exist_ok=True)
    for module, text in modules_from_notebooks(named)[0].items():
        (destination / f"{module}.py").write_text(text, encoding="utf-8", errors="surrogateescape")


def modules_from_notebooks(notebooks: list[tuple[str, bytes]]) -> tuple[dict[str, str], list[str]]:
    """Module name -> module text, from notebooks given as (file name, bytes); no code is run.
    With them, a note for each cell left out for a syntax error (its notebook, cell and line).

    Raises ValueError naming the notebook when one cannot be read.
    """
    modules, notes, _lines = extract_notebooks(notebooks)
    return modules, notes


def extract_notebooks(notebooks: list[tuple[str, bytes]]) -> tuple[dict[str, str], list[str], LineMap]:
    """What `modules_from_notebooks` gives, and the modules' line map (module file -> each
    line's origin): `grade` and `check` name the student's notebook, cell and line with it.

    Raises ValueError naming the notebook when one cannot be read.
    """
    sources = []
    for name, data in notebooks:
        cells = read_cells(data, name)
        sources.append(CodeSource(Path(name).stem, [chunk for _, chunk in cells], _safe(Path(name).name),
                                  [number for number, _ in cells]))
    origin = ", ".join(_safe(Path(name).name) for name, _ in notebooks)
    modules, lines = {}, {}
    for module, (text, origins) in assemble_modules_mapped(sources).items():
        modules[module] = f'"""{module}.py extracted by autograder from {origin}."""\n' + text
        lines[f"{module}.py"] = [None, *origins]
    notes = []
    for source in sources:
        name = source.file
        for number, chunk in zip(source.cells, source.chunks, strict=True):
            try:
                ast.parse(_without_magics(chunk))
            except SyntaxError as error:
                notes.append(CELL_LEFT_OUT.format(notebook=_safe(name), number=number, line=error.lineno,
                                                  error=" ".join(str(error.msg).split())))
            except (ValueError, RecursionError, MemoryError) as error:
                notes.append(CELL_NOT_PYTHON.format(notebook=_safe(name), number=number,
                                                    error=type(error).__name__))
    return modules, notes, lines


def name_the_notebooks(result: GradingResult, lines: LineMap) -> None:
    """The feedback names what the student wrote, the notebooks, never the modules the kit made
    from them (`lines`: their line map): each module's notebook (`GradingResult.sources`), each
    line's notebook, cell and line, and a module no notebook gave by the functions it lacks.
    `check` and `grade` both call it on a notebook submission's result."""
    result.sources = notebook_sources(lines)
    result.rewrite_texts(lambda text: notebook_places(text, lines))


def notebook_sources(lines: LineMap) -> dict[str, str]:
    """Module -> the notebooks its lines came from; a module no notebook gave -> every notebook
    of the submission (what was handed in instead)."""
    found = {file.removesuffix(".py"): list(dict.fromkeys(o[0] for o in origins if o))
             for file, origins in lines.items()}
    every = list(dict.fromkeys(name for names in found.values() for name in names))
    return {module: ", ".join(found.get(module) or every)
            for module in current_assignment().modules if found.get(module) or every}


def notebook_places(text: str, lines: LineMap) -> str:
    """`text` with each "activations.py, line 11" of a module made from notebooks named as the
    student wrote it: "homework.ipynb, cell 3, line 2" (a stub's `raise` line shows the cell's
    broken line instead), and a module no notebook gave by the functions it lacks ("no notebook of
    the submission defines init_network, forward"). A line the kit wrote, or a module not in
    `lines`, is left as it is."""
    if lines and " is missing from the submission" in text:
        text = MISSING_MODULE.sub(lambda found: _no_notebook_defines(found, lines), text)
    if not lines or ".py, line " not in text:
        return text
    modules = "|".join(re.escape(m) for m in sorted(lines, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w.])(?P<module>" + modules + r"), line (?P<line>\d{1,6})\b"
                         r"(?P<stub>: " + re.escape(STUB_RAISE) + r"(?=$|\n|\)))?")

    def place(found: re.Match[str]) -> str:
        origins = lines[found.group("module")]
        number = int(found.group("line"))
        origin: Sequence[Any] | None = origins[number - 1] if 0 < number <= len(origins) else None
        if not origin:
            return found.group(0)
        notebook, cell, line, shown = origin
        named = NOTEBOOK_PLACE.format(notebook=notebook, cell=cell, line=line)
        if found.group("stub"):
            named += f": {shown}" if shown else ""
        return named

    return pattern.sub(place, text)


def _no_notebook_defines(found: re.Match[str], lines: LineMap) -> str:
    module = found.group("module")
    if f"{module}.py" in lines:  # a module the notebooks gave is never missing: not the kit's words
        return found.group(0)
    functions = [e.function for e in load_exercises() if e.module == module]
    return NO_NOTEBOOK_DEFINES.format(functions=", ".join(functions)) if functions else found.group(0)


def _safe(name: str) -> str:
    """A file name that can sit inside a docstring of the generated module."""
    return "".join(c if c.isprintable() and c not in "\\\"" else "?" for c in name)


def read_code_cells(notebook: Path | bytes, name: str = "") -> list[str]:
    """The source of every code cell of a notebook (a path or its bytes), nbgrader's test cells
    left out. Any nbformat version is read; anything that is not a notebook raises ValueError."""
    return [chunk for _, chunk in read_cells(notebook, name)]


def read_cells(notebook: Path | bytes, name: str = "") -> list[tuple[int, str]]:
    """(cell number, source) of every code cell of a notebook, as `read_code_cells` reads them;
    cells are numbered among all the notebook's cells, from 1 (see the module's docstring)."""
    name = name or (notebook.name if isinstance(notebook, Path) else "the notebook")
    try:
        data = notebook.read_bytes() if isinstance(notebook, Path) else notebook
        chunks = []
        for number, cell in enumerate(_notebook_cells(data), start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            metadata = cell.get("metadata")
            marks = metadata.get("nbgrader") if isinstance(metadata, dict) else None
            marks = marks if isinstance(marks, dict) else {}
            if marks.get("grade") and not marks.get("solution"):
                continue  # an autograder test cell: the kit's, not the student's
            source = cell.get("source", cell.get("input", ""))
            if isinstance(source, list):
                source = "".join(part for part in source if isinstance(part, str))
            chunks.append((number, source if isinstance(source, str) else ""))
    except Exception as error:  # noqa: BLE001 - whatever is wrong with the file, it is not a notebook
        raise ValueError(UNREADABLE.format(name=name, error=f"{type(error).__name__}: {str(error)[:200]}")) \
            from error
    return chunks


def _notebook_cells(data: bytes) -> list:
    """The cells of a notebook file. Format 4 is read as JSON (importing nbformat costs seconds
    where jsonschema's format checkers are installed); format 3 keeps its cells in worksheets;
    older formats go through nbformat."""
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or "nbformat" not in document:
        raise ValueError("no nbformat version in it")
    version = document["nbformat"]
    if version == 4:
        cells = document.get("cells")
    elif version == 3:
        sheets = document.get("worksheets")
        cells = [c for sheet in sheets if isinstance(sheet, dict)
                 for c in (sheet.get("cells") or [])] if isinstance(sheets, list) else None
    else:
        import nbformat

        cells = list(nbformat.reads(json.dumps(document), as_version=4).cells)
    if not isinstance(cells, list):
        raise ValueError("its cells are not a list")
    return cells


def assemble_modules(sources: list[CodeSource]) -> dict[str, str]:
    """Module name -> module text, built from the kept statements of every source."""
    return {module: text for module, (text, _) in assemble_modules_mapped(sources).items()}


def assemble_modules_mapped(sources: list[CodeSource]) -> dict[str, tuple[str, list[Origin | None]]]:
    """Module name -> (module text, the origin of each of its lines), as `assemble_modules`."""
    home = {e.function: e.module for e in load_exercises()}
    defined = _defined_functions(sources)
    own_names = defined | set(home)
    modules = current_assignment().modules  # those of the assignment being graded
    parts: dict[str, list[tuple[str, list[Origin | None]]]] = {m: [] for m in modules}
    defines: dict[str, set[str]] = {m: set() for m in modules}
    given: set[str] = set()
    # a lone notebook holds everything, whatever its name; among several, names pick modules
    module_of = {id(s): (s.module if len(sources) > 1 else None) for s in sources}
    ordered = sorted(sources, key=lambda s: module_of[id(s)] is not None)
    for source in ordered:
        module = module_of[id(source)]
        if module is not None:
            given.add(module)
        cells = source.cells or list(range(1, len(source.chunks) + 1))
        for cell, chunk in zip(cells, source.chunks, strict=True):
            for text, name, first, shown in _kept_statements(_without_magics(chunk), own_names, defined):
                count = text.count("\n") + 1
                origins: list[Origin | None] = (
                    [None] * count if not source.file or first is None
                    else [(source.file, cell, first, shown)] * count if shown
                    else [(source.file, cell, first + n, "") for n in range(count)])
                if name in home and module in (None, home[name]):
                    targets = [home[name]]
                    defines[home[name]].add(name)
                    given.add(home[name])
                elif name in home:
                    continue  # a copy of another module's function, given for convenience
                else:
                    targets = [module] if module else list(modules)
                for target in targets:
                    parts[target].append((text, origins))
    texts = {}
    for module in modules:
        if module not in given:
            continue
        body = "\n\n".join(text for text, _ in parts[module])
        imports = _imports_from_other_modules(module, body, defines[module], home)
        origins = [None] * (len(imports) + bool(imports))
        for number, (_, part) in enumerate(parts[module]):
            origins += [None] * (number > 0) + part  # the blank line between two parts is the kit's
        texts[module] = ("".join(imports) + ("\n" if imports else "") + body + "\n", origins)
    return texts


def _without_magics(chunk: str) -> str:
    """IPython's magics and shell escapes commented out; a `%%` cell magic comments the cell.

    A cell that is Python as it is holds none (IPython looks for them where a statement starts,
    and no statement of Python starts with `%`, `!` or ends with `?`): a line that continues a
    statement (`!= 0`, `% 2` broken before the operator) or sits in a string is kept as it is.
    """
    lines = PYTHON_LINE_END.split(chunk)
    if lines and lines[0].lstrip().startswith("%%"):
        return "\n".join("# " + line for line in lines)
    cleaned = []
    for line in lines:
        stripped = line.lstrip()
        magic = stripped.startswith(("%", "!")) or HELP.match(stripped) is not None
        if not magic and "=" in stripped:
            after = stripped.split("=", 1)[1].lstrip()
            magic = after.startswith(("!", "%")) and not after.startswith("!=")
        cleaned.append(line[: len(line) - len(stripped)] + "pass  # " + stripped if magic else line)
    if cleaned != lines and _is_python(chunk):
        return chunk
    return "\n".join(cleaned)


def _is_python(chunk: str) -> bool:
    try:
        ast.parse(chunk)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _kept_statements(chunk: str, own_names: set[str], defined: set[str] | None = None
                     ) -> list[tuple[str, str | None, int | None, str]]:
    """(source text, defined function name or None, its first line in the cell, the text to show
    for its lines) for each statement a module keeps: the first line is None for a note the kit
    wrote; the text is "" where the lines are the student's own.

    A cell that is not valid Python defines nothing, as in Jupyter; a function it was the only
    one to define becomes a stub that raises SyntaxError saying where, so the student reads
    "syntax error at line 2 of the cell", not "defines no function"; its lines stand for the
    cell's broken line.
    """
    try:
        tree = ast.parse(chunk)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        if isinstance(error, SyntaxError):
            message = " ".join(str(error.msg).split())
            where = f"a syntax error at line {error.lineno} of the cell: {message}"
        else:
            where = f"no valid Python ({type(error).__name__})"
        note = f"# autograder: a cell with {where} was left out"
        broken = getattr(error, "lineno", None) or 1
        shown = (PYTHON_LINE_END.split(chunk)[broken - 1:broken] or [""])[0].strip()[:200]
        # the raising line holds no words: the feedback shows the cell's broken line in its place
        stubs = [(f"def {name}(*args, **kwargs):\n    _said = {_broken_cell(name, error)!r}\n"
                  f"    {STUB_RAISE}", name, broken, shown or "?")
                 for name in dict.fromkeys(BROKEN_DEF.findall(chunk)) if name not in (defined or set())]
        return [(note, None, None, ""), *stubs]
    lines = PYTHON_LINE_END.split(chunk)
    notebook_only = _notebook_only_names(tree)
    kept = []
    for statement in tree.body:
        if not _keep(statement, own_names, notebook_only):
            continue
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", [])])
        text = "\n".join(lines[first - 1: statement.end_lineno])
        name = statement.name if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef
                                            | ast.ClassDef) else None
        kept.append((text, name, first, ""))
    return kept


def _broken_cell(name: str, error: Exception) -> str:
    """The message of the SyntaxError a function only a broken cell defined raises."""
    if isinstance(error, SyntaxError):
        said = BROKEN_CELL.format(name=name, line=error.lineno, error=" ".join(str(error.msg).split()))
    else:
        said = NOT_PYTHON_CELL.format(name=name, error=type(error).__name__)
    return said.removeprefix("SyntaxError: ")


def _keep(statement: ast.stmt, own_names: set[str], notebook_only: set[str]) -> bool:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return not _imports_notebook_only(statement)
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return True
    if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and node.id in notebook_only:
                return False
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in own_names:
                return False  # an example: `y = softmax(a)` runs in the notebook, not when grading
        return True
    return False


def _imports_notebook_only(statement: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(statement, ast.ImportFrom):
        names = [statement.module or ""]
    else:
        names = [alias.name for alias in statement.names]
    return any(n.split(".")[0] in NOTEBOOK_ONLY_PACKAGES for n in names)


def _notebook_only_names(tree: ast.Module) -> set[str]:
    names = set()
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom) and _imports_notebook_only(statement):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    return names


def _defined_functions(sources: list[CodeSource]) -> set[str]:
    names = set()
    for source in sources:
        for chunk in source.chunks:
            try:
                tree = ast.parse(_without_magics(chunk))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            names |= {s.name for s in tree.body
                      if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    return names


def _imports_from_other_modules(module: str, body: str, defined: set[str],
                                home: dict[str, str]) -> list[str]:
    """`from activations import sigmoid` where network's code uses sigmoid without defining it."""
    try:
        used = {node.id for node in ast.walk(ast.parse(body)) if isinstance(node, ast.Name)}
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    imports = []
    for other in current_assignment().modules:
        if other == module:
            continue
        names = sorted(n for n in used if home.get(n) == other and n not in defined)
        if names:
            imports.append(f"from {other} import {', '.join(names)}\n")
    return imports
