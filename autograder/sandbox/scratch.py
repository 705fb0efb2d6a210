"""Private scratch copies of a submission: what a sandboxed child runs from, never the original."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from autograder.kit import MODULES

__all__ = ["MAX_COPY_BYTES", "copy_submission"]

MAX_COPY_BYTES = 32 * 2**20


def copy_submission(folder: Path, destination: Path, owner: int | None = None) -> Path:
    """Copy the submission's modules (the contract's `.py` files, regular files only, never
    symlinks) into `destination`.

    Symbolic links are left out, so a link to the reference cannot smuggle its content into
    the copy; a module larger than MAX_COPY_BYTES is left out. With `owner`, the
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
    """Only the contract's modules, as regular files: a package folder (activations/), a compiled
    extension (activations.*.so) or bytecode (__pycache__, activations.pyc) beside a module
    would be imported instead of it, so nothing else is copied."""
    for name in (f"{module}.py" for module in MODULES):
        path = source / name
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_COPY_BYTES:
            shutil.copyfile(path, destination / name, follow_symlinks=False)
            os.chmod(destination / name, 0o644)
