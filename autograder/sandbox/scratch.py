"""Private scratch copies of a submission: what a sandboxed child runs from, never the original."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

__all__ = ["MAX_COPY_BYTES", "copy_submission"]

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
