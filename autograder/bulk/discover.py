"""Finding the students in a submissions folder and materialising each one as four modules."""
from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder.kit import current_assignment

__all__ = ["Entry", "SubmissionProblem", "content_hash", "discover", "materialise", "select_shard"]

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
RESERVED_IDS = {"grades.csv", "summary.json", "report.html", "feedback.html"}
MAX_FILES = 200
MAX_FILE_BYTES = 2 * 2**20
MAX_TOTAL_BYTES = 10 * 2**20
IGNORED_PARTS = {"__pycache__", "__MACOSX", ".ipynb_checkpoints"}


class SubmissionProblem(Exception):
    """An entry that cannot be graded; the message says what to fix."""


@dataclass(frozen=True)
class Entry:
    """One student's submission: a folder, a zip, a single .py or notebooks."""

    student: str
    path: Path
    kind: str  # "folder", "zip", "py", "ipynb", "notebooks"; "" when `problem` says why not
    problem: str = ""


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.upper().startswith("README")


def _kind_of(path: Path) -> str:
    if path.is_symlink():
        return ""
    if path.is_dir():
        if any((path / f"{m}.py").is_file() for m in _modules()):
            return "folder"
        if any(p.suffix == ".ipynb" for p in path.iterdir()):
            return "notebooks"
        return "folder"
    return {".zip": "zip", ".py": "py", ".ipynb": "ipynb"}.get(path.suffix.lower(), "")


def discover(submissions: Path) -> list[Entry]:
    """One entry per student, sorted by student id; unusable entries carry a `problem`."""
    found: dict[str, list[Entry]] = {}
    for path in sorted(submissions.iterdir()):
        if _ignored(path.name):
            continue
        student = path.name if path.is_dir() else path.stem
        kind = _kind_of(path)
        problem = ""
        if path.is_symlink():
            problem = f"{path.name} is a symbolic link; copy the submission itself into the folder"
        elif not kind:
            problem = (f"{path.name}: not a submission (expected a folder, a .zip, a single .py "
                       "or notebooks); skipped")
        elif not STUDENT_ID.match(student) or student.lower() in RESERVED_IDS:
            problem = (f"{path.name!r}: the name is not usable as a student id (letters, digits "
                       "and . _ @ + - only); rename it")
            student = re.sub(r"[^A-Za-z0-9._@+-]", "_", student).lstrip("._-")[:100] or "unnamed"
        found.setdefault(student, []).append(Entry(student, path, kind, problem))
    entries = []
    for student, candidates in found.items():
        if len(candidates) > 1:
            names = ", ".join(sorted(c.path.name for c in candidates))
            entries.append(Entry(student, candidates[0].path, "",
                                 f"several entries for {student} ({names}); keep only one"))
        else:
            entries.append(candidates[0])
    return sorted(entries, key=lambda e: e.student)


def select_shard(entries: list[Entry], shard: int, shards: int) -> list[Entry]:
    """The `shard`-th (1-based) of `shards` contiguous slices of the entries sorted by student."""
    ordered = sorted(entries, key=lambda e: e.student)
    start = (shard - 1) * len(ordered) // shards
    stop = shard * len(ordered) // shards
    return ordered[start:stop]


def _folder_files(folder: Path) -> list[tuple[str, Path]]:
    """The files of a submission folder (relative name, path), refusing links and absurd sizes."""
    files: list[tuple[str, Path]] = []
    total = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_PARTS and not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                raise SubmissionProblem(f"{relative} is a symbolic link; submit plain files")
            if not stat.S_ISREG(info.st_mode):
                continue
            total += info.st_size
            files.append((relative, path))
            if len(files) > MAX_FILES or info.st_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise SubmissionProblem(f"the folder is too large (at most {MAX_FILES} files, "
                                        f"{MAX_TOTAL_BYTES // 2**20} MB); remove data files")
        for name in dirs:
            if Path(root, name).is_symlink():
                raise SubmissionProblem(f"{name} is a symbolic link; submit plain files")
    return files


def content_hash(entry: Entry) -> str:
    """A hash of the files that make up the submission, as they are in SUBMISSIONS."""
    digest = hashlib.sha256(entry.kind.encode())
    if entry.kind in ("folder", "notebooks"):
        for relative, path in _folder_files(entry.path):
            digest.update(f"\0{relative}\0".encode())
            digest.update(path.read_bytes())
    else:
        if entry.path.stat().st_size > MAX_TOTAL_BYTES:
            raise SubmissionProblem(f"{entry.path.name} is too large "
                                    f"(more than {MAX_TOTAL_BYTES // 2**20} MB)")
        digest.update(entry.path.read_bytes())
    return digest.hexdigest()


def materialise(entry: Entry, destination: Path) -> None:
    """Write the submission's modules into the empty folder `destination` (trusted code only)."""
    if entry.kind == "folder":
        _copy_folder(_modules_folder(entry.path), destination)
    elif entry.kind == "zip":
        _extract_zip(entry.path, destination)
    elif entry.kind == "py":
        source = entry.path.read_bytes()
        for module in _modules():
            (destination / f"{module}.py").write_bytes(source)
    elif entry.kind in ("ipynb", "notebooks"):
        notebooks = ([entry.path] if entry.kind == "ipynb"
                     else sorted(p for p in entry.path.iterdir() if p.suffix == ".ipynb"))
        _write_notebook_modules(notebooks, destination)
    else:
        raise SubmissionProblem(entry.problem or f"{entry.path.name}: not a submission")
    if not any((destination / f"{m}.py").is_file() for m in _modules()):
        raise SubmissionProblem("none of " + ", ".join(f"{m}.py" for m in _modules())
                                + " was found; the modules must be at the top of the submission")


def _modules_folder(folder: Path) -> Path:
    """The folder itself, or its only subfolder when the modules sit one level down."""
    if any((folder / f"{m}.py").is_file() for m in _modules()):
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()
             and p.name not in IGNORED_PARTS and not p.name.startswith(".")]
    if len(inner) == 1 and any((inner[0] / f"{m}.py").is_file() for m in _modules()):
        return inner[0]
    return folder


def _copy_folder(folder: Path, destination: Path) -> None:
    for relative, path in _folder_files(folder):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())


def _write_notebook_modules(notebooks: list[Path], destination: Path) -> None:
    try:
        from autograder.ecosystem.notebook_code import write_modules_from_notebooks
    except ImportError as error:
        raise SubmissionProblem("notebook submissions need the notebooks extra "
                                "(pip install 'dlfs-autograder[notebooks]')") from error
    try:
        write_modules_from_notebooks(notebooks, destination)
    except ValueError as error:
        raise SubmissionProblem(str(error)) from error


def _zip_members(archive: zipfile.ZipFile) -> list[tuple[PurePosixPath, zipfile.ZipInfo]]:
    """The regular files of a zip, refusing traversal, links and bombs."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise SubmissionProblem(f"the zip holds {len(infos)} entries (at most {MAX_FILES})")
    members, total = [], 0
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in info.filename:
            raise SubmissionProblem(f"the zip entry {info.filename!r} points outside the submission")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise SubmissionProblem(f"the zip entry {info.filename!r} is a symbolic link")
        if info.is_dir() or any(p in IGNORED_PARTS or p.startswith(".") for p in name.parts):
            continue
        total += info.file_size
        if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
            raise SubmissionProblem(f"the zip is too large once extracted "
                                    f"(at most {MAX_TOTAL_BYTES // 2**20} MB)")
        members.append((name, info))
    return members


def _extract_zip(path: Path, destination: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = _zip_members(archive)
            tops = {name.parts[0] for name, _ in members if len(name.parts) > 1}
            at_root = any(len(name.parts) == 1 and name.suffix == ".py" for name, _ in members)
            strip = 1 if len(tops) == 1 and not at_root else 0
            written = 0
            for name, info in members:
                if len(name.parts) <= strip:
                    continue
                target = destination.joinpath(*name.parts[strip:])
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source:
                    data = source.read(MAX_FILE_BYTES + 1)
                written += len(data)
                if len(data) > MAX_FILE_BYTES or written > MAX_TOTAL_BYTES:
                    raise SubmissionProblem("the zip is too large once extracted "
                                            f"(at most {MAX_TOTAL_BYTES // 2**20} MB)")
                target.write_bytes(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise SubmissionProblem(f"the zip cannot be read ({error}); send a plain .zip") from error
    except RuntimeError as error:  # encrypted entries
        raise SubmissionProblem(f"the zip cannot be read ({error})") from error


def _modules() -> tuple[str, ...]:
    """The modules of the assignment being graded (kit.use_assignment; basics by default)."""
    return current_assignment().modules
