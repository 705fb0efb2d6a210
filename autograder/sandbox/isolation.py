"""Launchers for bulk grading: a pre-loaded fork server per worker, inside the strongest sandbox.

`make_launcher("best")` starts `zygote.py` in a fresh interpreter (never a fork of the grading
process, which holds the reference) inside bubblewrap where it works, else in namespaces it
sets up itself (as root), else as a plain process, and says in `isolation` what is in force.
Each `start` stages a private copy of the submission and asks the zygote to fork a child for
it; killing the child kills its whole PID namespace.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import itertools
import json
import os
import re
import shutil
import site
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from autograder.sandbox.child import Channel
from autograder.sandbox.scratch import copy_submission
from autograder.sandbox.session import (
    ChildGone,
    ChildHandle,
    Limits,
    SocketChild,
    child_environment,
    describe_exit,
)

__all__ = ["KINDS", "ZygoteLauncher", "make_launcher"]

KINDS = ("best", "bubblewrap", "namespaces", "process")
SANDBOX_DIR = Path(__file__).resolve().parent
KIT_INSIDE = "/opt/dlfs-sandbox"  # where child.py and zygote.py appear inside the sandbox
UNPRIVILEGED_UID = 65534
BWRAP = "/usr/bin/bwrap"
READY_SECONDS = 30.0
STAGING_PREFIX = "dlfs-sandbox-"

ISOLATION = {
    "bubblewrap": "bubblewrap: private read-only filesystem (Python, NumPy, Matplotlib, /usr), no network, "
                  "own PID namespace per child, uid 65534, private /tmp, fresh scratch copy, "
                  "rlimits",
    "namespaces": "namespaces: private read-only filesystem (Python, NumPy, Matplotlib, /usr), no network, "
                  "own PID namespace per child, uid 65534, private /tmp, fresh scratch copy, "
                  "rlimits",
    "process": "process: separate session, rlimits, fresh scratch copy; no filesystem or network "
               "isolation, daemons may escape the process-group kill",
}


def make_launcher(kind: str = "best") -> ZygoteLauncher:
    """A launcher of the strongest isolation `kind` allows on this machine.

    "best" tries bubblewrap, then namespaces (both need root), then a plain process; naming a
    kind asks for exactly that one and raises RuntimeError when it cannot start.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown isolation {kind!r}: choose one of {', '.join(KINDS)}")
    if kind != "best":
        return ZygoteLauncher(kind)
    candidates = ["process"]
    if os.geteuid() == 0:
        candidates[:0] = ["bubblewrap", "namespaces"] if os.access(BWRAP, os.X_OK) else ["namespaces"]
    errors: list[str] = []
    for candidate in candidates:
        try:
            launcher = ZygoteLauncher(candidate)
        except RuntimeError as error:
            errors.append(f"{candidate}: {error}")
            continue
        if errors:  # say why a stronger sandbox is not in force
            launcher.isolation += f" (not stronger because {'; '.join(errors)})"
        return launcher
    raise RuntimeError("no sandbox could start: " + "; ".join(errors))


class ZygoteLauncher:
    """Forks isolated children for one grading worker from a zygote with NumPy loaded.

    Create one per worker process (in the thread that will use it: the zygote dies with that
    thread) and reuse it for many submissions; `close()` or a `with` block ends it.
    """

    def __init__(self, mode: str) -> None:
        if mode not in ISOLATION:
            raise ValueError(f"unknown isolation mode {mode!r}")
        if mode != "process" and os.geteuid() != 0:
            raise RuntimeError(f"{mode} isolation needs root")
        if mode == "bubblewrap" and not os.access(BWRAP, os.X_OK):
            raise RuntimeError(f"{BWRAP} is not installed")
        self.mode = mode
        user = "uid 65534" if os.geteuid() == 0 else "your own uid"
        self.isolation = ISOLATION[mode].replace("separate session", f"separate session, {user}")
        if mode == "process" and os.geteuid() == 0 and not _open_to_all(Path(sys.prefix)):
            self.isolation += (f" (uid 65534 cannot read {sys.prefix}: modules not loaded "
                               "with NumPy may fail to import)")
        self._uid = UNPRIVILEGED_UID if os.geteuid() == 0 else None
        self.matplotlib_loaded = False
        self._names = itertools.count()
        self._lock = threading.Lock()
        _remove_abandoned_staging()
        self._base = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        if mode == "process":
            self._base.chmod(0o711)  # the unprivileged child reaches its own copy only
        self.staging = self._base / "staging"
        self.staging.mkdir(mode=0o711 if mode == "process" else 0o700)
        try:
            self._process, self._control = self._start_zygote()
        except BaseException:
            shutil.rmtree(self._base, ignore_errors=True)
            raise

    # ---- the zygote ---------------------------------------------------------------------------

    def _start_zygote(self) -> tuple[subprocess.Popen, socket.socket]:
        ours, theirs = socket.socketpair()
        config = {"mode": self.mode, "uid": self._uid, "numpy_path": _numpy_parent(),
                  "matplotlib": self.matplotlib_loaded,
                  "staging": str(self.staging), "submission": "/submission"}
        zygote = str(SANDBOX_DIR / "zygote.py")
        if self.mode == "bubblewrap":
            config["staging"] = "/staging"
            zygote = f"{KIT_INSIDE}/zygote.py"
            prefix = _bubblewrap_arguments(self.staging)
        elif self.mode == "namespaces":
            config["staging"] = "/staging"
            (self._base / "root").mkdir(exist_ok=True)
            config["new_root"] = str(self._base / "root")
            config["root_operations"] = _filesystem_view(self.staging)
            prefix = []
        else:
            prefix = []
        command = [*prefix, sys.executable, "-I", "-S", zygote, str(theirs.fileno()),
                   json.dumps(config)]
        with theirs:
            process = subprocess.Popen(
                command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/",
                env=child_environment("/submission"), start_new_session=True)
        ready = self._receive(ours, READY_SECONDS)
        if not ready or not ready.get("ready"):
            _end(process, ours)
            reason = (ready or {}).get("error") or "it did not start"
            raise RuntimeError(f"the {self.mode} sandbox could not start ({reason})")
        return process, ours

    def _restart_zygote(self) -> None:
        with self._lock:
            if self._process is not None:
                _end(self._process, self._control)
            self._process, self._control = self._start_zygote()

    def _receive(self, sock: socket.socket, timeout: float) -> dict | None:
        sock.settimeout(timeout)
        try:
            return Channel(sock).receive()
        except (OSError, ValueError):
            return None

    def _request(self, message: dict) -> tuple[dict, list[int]]:
        with self._lock:
            channel = Channel(self._control)
            self._control.settimeout(READY_SECONDS)
            try:
                channel.send(message)
                reply = channel.receive()
            except (OSError, ValueError) as error:
                raise ChildGone(f"the sandbox's fork server failed ({error})") from error
            if reply is None:
                raise ChildGone("the sandbox's fork server ended")
            return reply, channel.take_fds()

    # ---- children -----------------------------------------------------------------------------

    def start(self, folder: Path, limits: Limits) -> ChildHandle:
        """Stage a private copy of `folder` and fork a child serving it."""
        name = f"c{next(self._names)}"
        staged = copy_submission(folder, self.staging / name,
                                 owner=self._uid if self.mode == "process" else None)
        request = {"op": "start", "name": name, "limits": limits.for_child()}
        try:
            try:
                reply, fds = self._request(request)
            except ChildGone:  # the zygote died (out of memory?): one new zygote, one retry
                self._restart_zygote()
                reply, fds = self._request(request)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        if not fds or not reply.get("ok"):
            for fd in fds:
                os.close(fd)
            shutil.rmtree(staged, ignore_errors=True)
            raise ChildGone(f"the sandbox could not fork a child ({reply.get('error', '')})")
        child_id = reply["id"]

        def stop(ended: bool) -> str:
            try:
                answer, _ = self._request({"op": "stop", "id": child_id, "ended": ended})
                code = answer.get("exit")
            except ChildGone:
                code = None
            shutil.rmtree(staged, ignore_errors=True)
            return describe_exit(code if isinstance(code, int) else None)

        return SocketChild(socket.socket(fileno=fds[0]), stop)

    def preload_matplotlib(self) -> None:
        """Have the zygote load Matplotlib, once a submission showed that it imports it."""
        if not self.matplotlib_loaded:
            self.matplotlib_loaded = True
            with contextlib.suppress(ChildGone):
                self._request({"op": "preload"})

    def cpu_seconds(self) -> float:
        """CPU time used so far by the zygote and the children it reaped (for benchmarks)."""
        reply, _ = self._request({"op": "usage"})
        return float(reply.get("cpu", 0.0))

    def close(self) -> None:
        """End the zygote (it kills any child left) and remove the staging area."""
        if self._process is not None:
            _end(self._process, self._control)
            self._process = None
        shutil.rmtree(self._base, ignore_errors=True)

    def __enter__(self) -> ZygoteLauncher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _remove_abandoned_staging() -> None:
    """Remove the staging areas of grading processes that died without closing (kill -9)."""
    for base in Path(tempfile.gettempdir()).glob(f"{STAGING_PREFIX}*-*"):
        owner = base.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or base.stat().st_uid != os.geteuid():
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(base, ignore_errors=True)
        except OSError:
            continue


def _end(process: subprocess.Popen, control: socket.socket) -> None:
    with contextlib.suppress(OSError):
        control.close()
    try:
        process.wait(2.0)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---- the filesystem the sandbox sees ------------------------------------------------------------


def _open_to_all(path: Path) -> bool:
    """Whether every user can reach `path` (each folder on the way searchable by others)."""
    return all(os.stat(folder).st_mode & 0o001 for folder in [path, *path.parents])


def _numpy_parent() -> str:
    return str(Path(np.__file__).resolve().parent.parent)


STUDENT_DISTRIBUTIONS = ("numpy", "matplotlib")  # what the book's code imports


def student_packages() -> list[Path]:
    """The installed files of NumPy, Matplotlib and what they need: all a student may import
    besides the standard library (the book's ch04 scripts plot at import)."""
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
        for file in distribution.files or []:
            top = file.parts[0] if file.parts else ""
            if top in ("..", "__pycache__") or top.endswith((".dist-info", ".egg-info", ".pth")):
                continue
            path = Path(str(distribution.locate_file(top))).resolve()
            if path.exists():
                paths.add(path)
    return sorted(paths)


def _filesystem_view(staging: Path) -> list[tuple[str, ...]]:
    """What the sandbox sees, as bubblewrap-like operations: /usr, Python, NumPy and Matplotlib,
    nothing else."""
    operations: list[tuple[str, ...]] = [("ro-bind", "/usr", "/usr")]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
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
    numpy_parent = _numpy_parent()
    hidden = {str(Path(p).resolve()) for p in [*site.getsitepackages(), numpy_parent]
              if Path(p).is_dir()}
    for packages in sorted(hidden):  # other installed packages (and the kit) stay invisible
        operations.append(("tmpfs", packages))
    for path in student_packages():
        operations.append(("ro-bind", str(path), str(path)))
    for script in ("child.py", "zygote.py"):
        operations.append(("ro-bind", str(SANDBOX_DIR / script), f"{KIT_INSIDE}/{script}"))
    operations += [("ro-bind", str(staging), "/staging"), ("dir", "/submission")]
    return _with_open_ancestors(operations)


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


def _bubblewrap_arguments(staging: Path) -> list[str]:
    arguments = [BWRAP, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                 "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                 "--cap-drop", "ALL"]
    for capability in ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL"):
        arguments += ["--cap-add", capability]
    for kind, *paths in _filesystem_view(staging):
        if kind == "dir":
            arguments += ["--perms", "0755"]
        option = {"ro-bind": "--ro-bind-try"}.get(kind, f"--{kind}")
        arguments += [option, *paths]
    return [*arguments, "--chdir", "/", "--"]

