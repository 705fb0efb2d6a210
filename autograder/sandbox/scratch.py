"""Private scratch copies of a submission: what a sandboxed child runs from, never the original.

They live in a folder of the grading process's own (`private_folder`), in memory where the
machine has /dev/shm: creating a file there costs a few microseconds, on a disk's /tmp up to
half a millisecond, and a class run creates several per submission.
"""
from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["MAX_COPY_BYTES", "child_name", "copy_submission", "private_folder", "remove_abandoned"]

MEMORY = Path("/dev/shm")


def child_name() -> str:
    """A name for one child's things (its staged copy, its cgroup) that counts nothing: the child
    reads both (its start request, /proc/self/cgroup), and numbered in order they told it how many
    children its fork server had started before it, which an earlier student can change."""
    return f"child-{secrets.token_hex(8)}"


def private_folder(prefix: str) -> Path:
    """A new folder named `prefix`, this process's id and a random part, in /dev/shm where this
    user may write there, else in the temporary folder. The folders with this prefix that
    processes now gone left there (kill -9, a lost terminal) are removed first: they hold
    copies of students' code, in memory until the machine restarts."""
    base = MEMORY if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else Path(tempfile.gettempdir())
    remove_abandoned(prefix, base)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base))


def remove_abandoned(prefix: str, base: Path) -> None:
    """Remove this user's folders `prefix<pid>-*` in `base` whose process is gone."""
    for folder in base.glob(f"{prefix}*-*"):
        owner = folder.name[len(prefix):].split("-", 1)[0]
        try:
            if not owner.isdigit() or folder.is_symlink() or folder.stat().st_uid != os.geteuid():
                continue
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue

MAX_COPY_BYTES = 32 * 2**20
MAX_COPY_FILES = 200


def copy_submission(folder: Path, destination: Path, owner: int | None = None) -> Path:
    """Copy the submission's modules (its top-level `.py` files, regular files only, never
    symlinks) into `destination`.

    Symbolic links are left out, so a link to the reference cannot smuggle its content into
    the copy; copying stops at MAX_COPY_FILES files or MAX_COPY_BYTES bytes. With `owner`, the
    copy belongs to that uid and gid (the unprivileged user the child runs as).
    """
    destination.mkdir(mode=0o755)
    _copy_modules(Path(folder), destination)
    if owner is not None:
        for root, dirs, files in os.walk(destination):
            for name in (root, *(os.path.join(root, n) for n in dirs + files)):
                os.lchown(name, owner, owner)
    return destination


def _copy_modules(source: Path, destination: Path) -> None:
    """The top-level `.py` files, as regular files. A package folder (activations/), a compiled
    extension (activations.*.so) or bytecode (__pycache__/, activations.pyc) beside a module
    would be imported instead of it, so nothing else is copied."""
    budget, count = MAX_COPY_BYTES, MAX_COPY_FILES
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if not entry.name.endswith(".py") or count <= 0:
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_size <= budget:
                shutil.copyfile(entry.path, destination / entry.name, follow_symlinks=False)
                os.chmod(destination / entry.name, 0o644)
                budget -= info.st_size
                count -= 1
