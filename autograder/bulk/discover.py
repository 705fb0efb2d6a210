"""Finding the students in a submissions folder and reading each one's modules, and nothing else.

Only what the contract names is ever read: the modules of the assignment being graded
(kit.use_assignment; for basics `activations.py`, `network.py`, `losses.py` and `gradients.py`)
at the top of a folder or one folder down, or in a zip, a single `.py`, or notebooks. Only
regular files are read, never through a symbolic link, opened without blocking (a FIFO or a
device named like a module is refused, never waited on) and with a size limit.
A package folder, a compiled extension or bytecode beside a module is never copied, so it can
never shadow the module. A submission is read once into memory (a `Snapshot`): its hash is the
hash of exactly the bytes that are graded.
"""
from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.assignment_of import (
    MAX_NOTEBOOKS,
    assignment_defining,
    is_notebook,
    modules_held,
    names_defined,
    names_in_notebooks,
    notebooks_in,
)
from autograder.bulk.bounded import OverBudget, bounded
from autograder.i18n import N_
from autograder.kit import assignment, assignment_names, current_assignment
from autograder.terminal import printable, shortened

__all__ = ["Entry", "Snapshot", "SubmissionProblem", "assignment_held", "content_hash", "discover",
           "materialise", "printable", "read_snapshot", "select_shard"]

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
RESERVED_IDS = {"grades.csv", "summary.json", "report.html", "feedback.html"}
MAX_FILES = 200
MAX_FILE_BYTES = 2 * 2**20
MAX_TOTAL_BYTES = 10 * 2**20
IGNORED_PARTS = {"__pycache__", "__MACOSX", ".ipynb_checkpoints"}
NOTEBOOK_TOO_COSTLY = N_("the notebooks' code could not be read within the grader's budget ({reason}); "
                         "remove the generated or pasted code from the code cells")
ZIP_TOO_LARGE = N_("the zip is too large once extracted (at most {limit})")
SHOWN_CHARS = 200  # of a zip entry's name or a zip's error in a message (a name holds up to 65,535)


class SubmissionProblem(Exception):
    """An entry that cannot be graded; the message says what to fix."""


@dataclass(frozen=True)
class Entry:
    """One entry of SUBMISSIONS: a student's folder, zip, single .py or notebooks.

    `student` is the row the entry gets in grades.csv: the student id, or, for an entry that
    cannot be graded (`problem` says why), its name made printable.
    """

    student: str
    path: Path
    kind: str  # "folder", "zip", "py", "ipynb", "notebooks"; "" when `problem` says why not
    problem: str = ""


@dataclass
class Snapshot:
    """The bytes of a submission that are graded, read once: (name, bytes) pairs and their hash."""

    kind: str
    files: list[tuple[str, bytes]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the student should know (a misnamed file)
    # modules made from notebooks: each module line's notebook, cell and line (notebook_code.LineMap)
    lines: dict = field(default_factory=dict)

    @property
    def hash(self) -> str:
        digest = hashlib.sha256(self.kind.encode())
        for name, data in self.files:
            digest.update(f"\0{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
            digest.update(data)
        return digest.hexdigest()


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.upper().startswith("README")


def _kind_of(path: Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        try:
            names = os.listdir(_modules_folder(path))
        except OSError:
            return "folder"
        if not any(n in _module_files() for n in names) and any(is_notebook(n) for n in names):
            return "notebooks"
        return "folder"
    if not stat.S_ISREG(mode):
        return ""
    return {".zip": "zip", ".py": "py", ".ipynb": "ipynb"}.get(path.suffix.lower(), "")


def discover(submissions: Path) -> list[Entry]:
    """One entry per student, sorted by student id; unusable entries carry a `problem`.

    Every entry of SUBMISSIONS but dotfiles and READMEs gets a row: one per student id, and one
    per unusable entry under its own printable name, so a stray or badly named file never blocks
    a student.
    """
    usable: dict[str, list[Entry]] = {}
    unusable: list[Entry] = []
    for name in sorted(os.listdir(submissions)):
        if _ignored(name):
            continue
        path = submissions / name
        try:
            mode = path.lstat().st_mode
        except OSError as error:
            unusable.append(Entry(printable(name), path, "", N_("cannot be read ({error})").format(
                error=error.strerror)))
            continue
        kind = _kind_of(path, mode)
        student = name if stat.S_ISDIR(mode) else path.stem
        shown = printable(name)
        if stat.S_ISLNK(mode):
            problem = N_("{name} is a symbolic link; copy the submission itself into the folder").format(
                name=shown)
        elif not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            problem = N_("{name} is not a regular file or folder (a pipe, device or socket); skipped").format(
                name=shown)
        elif not kind:
            problem = N_("{name}: not a submission (expected a folder, a .zip, a single .py or notebooks); "
                         "skipped").format(name=shown)
        elif not STUDENT_ID.match(student) or student.lower() in RESERVED_IDS:
            problem = N_("{name}: the name is not usable as a student id (letters, digits and . _ @ + - "
                         "only); rename it").format(name=repr(shown))
        else:
            usable.setdefault(student, []).append(Entry(student, path, kind))
            continue
        unusable.append(Entry(shown, path, "", problem))
    entries = []
    for student, candidates in usable.items():
        if len(candidates) > 1:
            names = ", ".join(sorted(c.path.name for c in candidates))
            entries.append(Entry(student, candidates[0].path, "",
                                 N_("several entries for {student} ({names}); keep only one").format(
                                     student=student, names=names)))
        else:
            entries.append(candidates[0])
    taken = set(usable)
    for entry in unusable:
        row, n = entry.student, 1
        while row in taken:
            n += 1
            row = f"{entry.student} ({n})"
        taken.add(row)
        entries.append(Entry(row, entry.path, "", entry.problem))
    return sorted(entries, key=lambda e: e.student)


def assignment_held(entries: list[Entry], sample: int = 50) -> str | None:
    """The assignment most of the first `sample` students hand in; None where none says.

    A folder or zip says it by the module files it holds (at the top or one folder down, where
    grading looks): it votes for the assignment it holds most modules of (for each on a tie). A
    single `.py` or notebooks name no module (their modules are named by the assignment graded),
    so they say it by the exercises their code defines (`def sigmoid`, `class TwoLayerNet`;
    autograder.assignment_of). An entry that cannot be read, or holds nothing of any, says
    nothing (grading says why). A tie goes to the current assignment (basics unless set).
    """
    counts: Counter[str] = Counter()
    for entry in [e for e in entries if e.kind][:sample]:
        try:
            counts.update(_assignments_held_by(entry))
        except Exception:  # noqa: BLE001 - one student's entry, whatever it holds, loses its own
            continue  # vote only (grading says what is wrong with it), never the class's run
    default = assignment().name  # on a tie: no one student's vote can turn the class over
    return max(counts, key=lambda name: (counts[name], name == default)) if counts else None


def _assignments_held_by(entry: Entry) -> list[str]:
    """The assignments `entry` votes for (see assignment_held): its module files first, for
    every assignment (a folder classed as notebooks under basics may hold training's modules)."""
    held: dict[str, int] = {}
    if entry.kind == "zip":
        held = modules_held(_names_in_zip(entry.path))
    elif entry.kind in ("folder", "notebooks"):  # where grading would look for any one's modules
        every_module = {f"{m}.py" for name in assignment_names() for m in assignment(name).modules}
        held = modules_held(os.listdir(_modules_folder(entry.path, every_module)))
    best = max(held.values(), default=0)
    if best:
        return [name for name, n in held.items() if n == best]
    if entry.kind in ("notebooks", "ipynb"):
        notebooks = notebooks_in(_modules_folder(entry.path)) if entry.kind == "notebooks" else [entry.path]
        defined = names_in_notebooks(notebooks, read_regular_file)
    elif entry.kind == "py":
        defined = names_defined(read_regular_file(entry.path).decode("utf-8", "replace"))
    else:
        return []
    held_by = assignment_defining(defined)
    return [held_by] if held_by else []


def _names_in_zip(path: Path) -> set[str]:
    """The names of a zip's files where its modules would be (read as a submission is)."""
    try:
        with zipfile.ZipFile(io.BytesIO(read_regular_file(path, MAX_TOTAL_BYTES))) as archive:
            return {name.name for name, _ in _at_modules_level(_zip_members(archive))}
    except SubmissionProblem:
        raise
    except Exception as error:  # noqa: BLE001 - a hostile zip says nothing; grading says why
        raise SubmissionProblem(str(error)) from error


def select_shard(entries: list[Entry], shard: int, shards: int) -> list[Entry]:
    """The `shard`-th (1-based) of `shards` contiguous slices of the entries sorted by student."""
    ordered = sorted(entries, key=lambda e: e.student)
    start = (shard - 1) * len(ordered) // shards
    stop = shard * len(ordered) // shards
    return ordered[start:stop]


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path` if it is a regular file (not a link, pipe, device or socket) of at
    most `limit` bytes. It is opened without following a link and without blocking."""
    shown = printable(path.name)
    if not stat.S_ISREG(path.lstat().st_mode):
        raise SubmissionProblem(_not_regular(path.lstat().st_mode, shown))
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SubmissionProblem(SYMLINK.format(name=shown)) from error
        raise
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionProblem(_not_regular(info.st_mode, shown))
        data = file.read(limit + 1)
    if len(data) > limit:
        raise SubmissionProblem(N_("{name} is too large (at most {limit}); remove data from it").format(
            name=shown, limit=_mb(limit)))
    return data


def _not_regular(mode: int, shown: str) -> str:
    if stat.S_ISLNK(mode):
        return SYMLINK.format(name=shown)
    return N_("{name} is not a regular file (a pipe, device or socket); submit plain files").format(
        name=shown)


SYMLINK = N_("{name} is a symbolic link; submit plain files")


def _mb(size: int) -> str:
    return f"{size / 2**20:g} MB"


def read_snapshot(entry: Entry) -> Snapshot:
    """Read the bytes of the submission that are graded (see the module's docstring)."""
    if entry.problem or not entry.kind:
        raise SubmissionProblem(entry.problem or N_("{name}: not a submission").format(
            name=printable(entry.path.name)))
    snapshot = Snapshot(entry.kind)
    if entry.kind == "folder":
        folder = _modules_folder(entry.path)
        names = set(os.listdir(folder))
        for module_file in _module_files():
            if module_file in names:
                snapshot.files.append((module_file, read_regular_file(folder / module_file)))
        snapshot.notes = _misnamed(names)
    elif entry.kind == "notebooks":
        notebooks = notebooks_in(_modules_folder(entry.path))
        if len(notebooks) > MAX_NOTEBOOKS:
            raise SubmissionProblem(N_("the folder holds {count} notebooks (at most {limit})").format(
                count=len(notebooks), limit=MAX_NOTEBOOKS))
        snapshot.files = [(n.name, read_regular_file(n, MAX_TOTAL_BYTES)) for n in notebooks]
        if sum(len(data) for _, data in snapshot.files) > MAX_TOTAL_BYTES:
            raise SubmissionProblem(N_("the notebooks are too large (at most {limit})").format(
                limit=_mb(MAX_TOTAL_BYTES)))
    else:
        limit = MAX_FILE_BYTES if entry.kind == "py" else MAX_TOTAL_BYTES
        snapshot.files = [(entry.path.name, read_regular_file(entry.path, limit))]
    return snapshot


def content_hash(entry: Entry) -> str:
    """A hash of exactly the bytes of the submission that are graded, as they are now."""
    return read_snapshot(entry).hash


def _misnamed(names: set[str]) -> list[str]:
    """'rename Activations.py to activations.py' for a module named with the wrong case."""
    notes = []
    for module_file in _module_files():
        if module_file in names:
            continue
        for name in sorted(names):
            if name.lower() == module_file:
                notes.append(N_("{name} was not graded: rename it to {module} (names are case-sensitive)")
                             .format(name=printable(name), module=module_file))
    return notes


def materialise(entry: Entry | Snapshot, destination: Path) -> Snapshot:
    """Write the submission's modules into the empty folder `destination`; return what was read.

    Only the contract's modules are written: nothing else the submission holds reaches the
    folder the student code runs from.
    """
    snapshot = read_snapshot(entry) if isinstance(entry, Entry) else entry
    if snapshot.kind == "folder":
        modules = dict(snapshot.files)
    elif snapshot.kind == "zip":
        modules, snapshot.notes = _modules_in_zip(snapshot.files[0][1])
    elif snapshot.kind == "py":
        modules = {module_file: snapshot.files[0][1] for module_file in _module_files()}
    elif snapshot.kind in ("ipynb", "notebooks"):
        modules, snapshot.notes, snapshot.lines = _notebook_modules(snapshot.files)
    else:
        raise SubmissionProblem(N_("not a submission ({kind})").format(kind=repr(snapshot.kind)))
    for module_file, data in modules.items():
        (destination / module_file).write_bytes(data)
    if not modules:
        problem = (N_("none of {modules} was found; the modules must be at the top of the submission; "
                      "{notes}") if snapshot.notes else
                   N_("none of {modules} was found; the modules must be at the top of the submission"))
        raise SubmissionProblem(problem.format(modules=", ".join(_module_files()),
                                               notes="; ".join(snapshot.notes)))
    return snapshot


def _modules_folder(folder: Path, module_files: Collection[str] = ()) -> Path:
    """The folder itself, or its only subfolder when the modules (`module_files`; by default
    the assignment's being graded) or notebooks sit one level down: a zip unpacked into a
    folder, nbgrader's submitted/<student>/<assignment>/."""
    wanted = module_files or _module_files()
    names = os.listdir(folder)
    if any(n in wanted or is_notebook(n) for n in names):
        return folder
    inner = [folder / n for n in names if n not in IGNORED_PARTS and not n.startswith(".")
             and stat.S_ISDIR((folder / n).lstat().st_mode)]
    if len(inner) == 1 and any(n in wanted or is_notebook(n) for n in os.listdir(inner[0])):
        return inner[0]
    return folder


def _notebook_modules(notebooks: list[tuple[str, bytes]]) -> tuple[dict[str, bytes], list[str], dict]:
    """The module files the notebooks hold, the notes on cells left out, and the modules' line
    map (notebook_code.LineMap; its origins come back from `bounded` as lists: made tuples)."""
    try:
        from autograder.ecosystem.notebook_code import extract_notebooks
    except ImportError as error:
        raise SubmissionProblem(N_("notebook submissions need the notebooks extra "
                                   "(pip install 'dlfs-autograder[notebooks]')")) from error
    try:  # parsed in a process of its own, within a budget: a cell can make the parser hold GBs
        modules, notes, lines = bounded(extract_notebooks, notebooks)
    except ValueError as error:
        raise SubmissionProblem(printable(str(error))) from error
    except OverBudget as error:
        raise SubmissionProblem(NOTEBOOK_TOO_COSTLY.format(reason=str(error))) from error
    return ({f"{module}.py": text.encode("utf-8", "surrogateescape") for module, text in modules.items()},
            [printable(note) for note in notes],
            {module: [tuple(origin) if origin else None for origin in origins]
             for module, origins in lines.items()})


def _zip_members(archive: zipfile.ZipFile) -> list[tuple[PurePosixPath, zipfile.ZipInfo]]:
    """The regular files of a zip, refusing traversal, links and bombs."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise SubmissionProblem(N_("the zip holds {count} entries (at most {limit})").format(
            count=len(infos), limit=MAX_FILES))
    members, total = [], 0
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in info.filename:
            raise SubmissionProblem(N_("the zip entry {name} points outside the submission").format(
                name=repr(_shown(info.filename))))
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise SubmissionProblem(N_("the zip entry {name} is a symbolic link").format(
                name=repr(_shown(info.filename))))
        if info.is_dir() or any(p in IGNORED_PARTS or p.startswith(".") for p in name.parts):
            continue
        total += info.file_size
        if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
            raise SubmissionProblem(ZIP_TOO_LARGE.format(limit=_mb(MAX_TOTAL_BYTES)))
        members.append((name, info))
    return members


def _modules_in_zip(data: bytes) -> tuple[dict[str, bytes], list[str]]:
    """The contract's modules in a zip (at its root or inside one top-level folder)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            modules: dict[str, bytes] = {}
            names = set()
            for name, info in _at_modules_level(_zip_members(archive)):
                names.add(name.name)
                if name.name not in _module_files():
                    continue
                with archive.open(info) as source:
                    content = source.read(MAX_FILE_BYTES + 1)
                if len(content) > MAX_FILE_BYTES:
                    raise SubmissionProblem(ZIP_TOO_LARGE.format(limit=_mb(MAX_TOTAL_BYTES)))
                modules[name.name] = content
    except SubmissionProblem:
        raise
    except RuntimeError as error:  # encrypted entries
        raise SubmissionProblem(N_("the zip cannot be read ({error})").format(
            error=_shown(str(error)))) from error
    except Exception as error:  # noqa: BLE001 - any defect of a hostile zip is the zip's problem
        raise SubmissionProblem(N_("the zip cannot be read ({error}); send a plain .zip").format(
            error=_shown(str(error)) or type(error).__name__)) from error
    return modules, _misnamed(names)


def _at_modules_level(members: list[tuple[PurePosixPath, zipfile.ZipInfo]]
                      ) -> list[tuple[PurePosixPath, zipfile.ZipInfo]]:
    """A zip's files where its modules are: at its root, or inside its one top-level folder."""
    tops = {name.parts[0] for name, _ in members if len(name.parts) > 1}
    at_root = any(len(name.parts) == 1 and name.suffix == ".py" for name, _ in members)
    strip = 1 if len(tops) == 1 and not at_root else 0
    return [(name, info) for name, info in members if len(name.parts) == strip + 1]


def _shown(text: str) -> str:
    """A zip entry's name (or an error quoting one) as a message shows it: printable, and cut
    at SHOWN_CHARS (whoever reads it, in any language, needs its start only)."""
    return shortened(printable(text), SHOWN_CHARS + len("..."))


def _module_files() -> tuple[str, ...]:
    """The module files of the assignment being graded (kit.use_assignment; basics by default)."""
    return tuple(f"{m}.py" for m in current_assignment().modules)
