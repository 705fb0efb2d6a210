"""Private scratch copies of a submission: what a sandboxed child runs from, never the original."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

__all__ = ["MAX_COPY_BYTES", "copy_submission"]

MAX_COPY_BYTES = 32 * 2**20
MAX_COPY_FILES = 500
SKIPPED = {"__pycache__", ".git", ".ipynb_checkpoints"}


def copy_submission(folder: Path, destination: Path, owner: int | None = None) -> Path:
    """Copy the submission's regular files and folders (never symlinks) into `destination`.

    Symbolic links are left out, so a link to the reference cannot smuggle its content into
    the copy; copying stops at MAX_COPY_FILES files or MAX_COPY_BYTES bytes. With `owner`, the
    copy belongs to that uid and gid (the unprivileged user the child runs as).
    """
    budget = [MAX_COPY_BYTES, MAX_COPY_FILES]
    destination.mkdir(mode=0o755)
    _copy_folder(Path(folder), destination, budget, depth=0)
    if owner is not None:
        for root, dirs, files in os.walk(destination):
            for name in (root, *(os.path.join(root, n) for n in dirs + files)):
                os.lchown(name, owner, owner)
    return destination


def _copy_folder(source: Path, destination: Path, budget: list[int], depth: int) -> None:
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name in SKIPPED or budget[1] <= 0:
                continue
            info = entry.stat(follow_symlinks=False)
            target = destination / entry.name
            if stat.S_ISDIR(info.st_mode) and depth < 4:
                target.mkdir(mode=0o755)
                _copy_folder(Path(entry.path), target, budget, depth + 1)
            elif stat.S_ISREG(info.st_mode) and info.st_size <= budget[0]:
                shutil.copyfile(entry.path, target, follow_symlinks=False)
                os.chmod(target, 0o644)
                budget[0] -= info.st_size
                budget[1] -= 1
