"""Limits for a student's whole process tree: one cgroup per child, v1 or v2, where writable.

Each child gets a cgroup of its own under the grading process's cgroup: its memory (forks,
memfd, SysV shared memory and tmpfs pages included), its number of processes and a fair share
of the CPU (as much weight as any other student's child, however many busy processes it runs).
The launcher creates the cgroup and opens its `cgroup.procs` files; the fork server hands those
descriptors to the new child, which moves itself in (`join`) before anything else runs; when
the child is stopped, its cgroup is emptied and removed. Where no cgroup is writable (an
unprivileged user without delegation, a container), `open_cgroups` says why and the limits stay
per process (rlimits), and `describe` says so.
"""
from __future__ import annotations

import contextlib
import errno
import itertools
import os
import signal
import time
from pathlib import Path

from autograder.i18n import N_
from autograder.sandbox.account import Account, Part, phrase, system_words
from autograder.sandbox.limits import OPEN_FILES, Limits
from autograder.sandbox.scratch import child_name

__all__ = ["CgroupTree", "ChildCgroup", "describe", "open_cgroups"]

V1_CONTROLLERS = ("memory", "pids", "cpu")
V2_CONTROLLERS = ("memory", "pids", "cpu")
_TREES = itertools.count(1)  # one tree per launcher, several launchers per process


class ChildCgroup:
    """The cgroup folders (one per v1 controller, or one in v2) of one child."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.fds: list[int] = []
        self.limits: Limits | None = None  # as last written

    def open_for_joining(self) -> list[int]:
        """Descriptors of the files the child writes "0" into to move itself in.

        In v1, `tasks`: moving one thread (the new child has only one) skips the kernel's global
        lock on whole thread groups, whose every write waits for an RCU grace period (several
        milliseconds per child on a busy machine); v2 has `cgroup.procs` only.
        """
        name = "tasks" if (self.folders and (self.folders[0] / "tasks").exists()) else "cgroup.procs"
        self.fds = [os.open(folder / name, os.O_WRONLY | os.O_CLOEXEC) for folder in self.folders]
        return self.fds

    def close_fds(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds = []

    def peak_bytes(self) -> int:
        """The most memory the child's tree held at once."""
        for folder in self.folders:
            for name in ("memory.max_usage_in_bytes", "memory.peak"):
                with contextlib.suppress(OSError, ValueError):
                    return int((folder / name).read_text())
        return 0

    def empty(self) -> bool:
        try:
            return not any((folder / "cgroup.procs").read_text().strip() for folder in self.folders)
        except OSError:
            return False

    def kill(self) -> None:
        """Kill whatever is left in the cgroup (the PID namespace's end usually did already)."""
        for folder in self.folders:
            with contextlib.suppress(OSError):
                (folder / "cgroup.kill").write_text("1")
            with contextlib.suppress(OSError, ValueError):
                for pid in (folder / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), signal.SIGKILL)

    def remove(self) -> bool:
        """Kill what is left in the cgroup and remove it; False while it is not empty yet."""
        self.kill()
        removed = True
        for folder in self.folders:
            try:
                folder.rmdir()
            except FileNotFoundError:
                pass
            except OSError:
                removed = False
        return removed


class CgroupTree:
    """One launcher's folder of child cgroups (`dlfs-<pid>-<n>` under the process's own cgroup).

    A stopped child's cgroup, once empty, serves the next child (v1, whose memory peak can be
    reset): making and removing a memory cgroup per child costs more than the child itself.
    """

    KEEP = 4  # empty cgroups kept for the next children

    def __init__(self, version: int, bases: list[Path]) -> None:
        self.version, self.bases = version, bases
        self._stopped: list[ChildCgroup] = []
        self._free: list[ChildCgroup] = []

    def new_child(self, limits: Limits) -> ChildCgroup:
        self.sweep()
        if self._free:
            child = self._free.pop()
            if child.limits != limits:
                self._write_limits(child, limits)
            for folder in child.folders:
                with contextlib.suppress(OSError):  # v1: the peak starts again
                    if (folder / "memory.max_usage_in_bytes").exists():
                        (folder / "memory.max_usage_in_bytes").write_text("0")
            return child
        child, name = ChildCgroup([]), child_name()
        try:
            for base in self.bases:
                folder = base / name
                folder.mkdir()
                child.folders.append(folder)
            self._write_limits(child, limits)
        except OSError:
            child.remove()
            raise
        return child

    def _write_limits(self, child: ChildCgroup, limits: Limits) -> None:
        memory = str(limits.memory_mb * 2**20)
        if self.version == 2:
            (folder,) = child.folders
            (folder / "memory.max").write_text(memory)
            with contextlib.suppress(OSError):
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(limits.processes))
            (folder / "cpu.weight").write_text("100")
        for folder in child.folders if self.version == 1 else []:
            if (folder / "memory.limit_in_bytes").exists():
                swap = folder / "memory.memsw.limit_in_bytes"  # only with swap accounting
                with contextlib.suppress(OSError):  # raising: memory+swap first
                    swap.write_text(memory)
                (folder / "memory.limit_in_bytes").write_text(memory)
                with contextlib.suppress(OSError):  # lowering: memory first
                    swap.write_text(memory)
            if (folder / "pids.max").exists():
                (folder / "pids.max").write_text(str(limits.processes))
            if (folder / "cpu.shares").exists():
                (folder / "cpu.shares").write_text("1024")
        child.limits = limits

    def retire(self, child: ChildCgroup) -> None:
        """Take back a stopped child's cgroup: reused or removed once it is empty."""
        child.close_fds()
        self._stopped.append(child)  # its processes are dying: looked at by the next sweep

    def sweep(self) -> None:
        stopped, self._stopped = self._stopped, []
        for child in stopped:
            if not child.empty():
                child.kill()
                self._stopped.append(child)
            elif self.version == 1 and len(self._free) < self.KEEP:
                self._free.append(child)
            elif not child.remove():
                self._stopped.append(child)

    def close(self, wait: float = 3.0) -> None:
        deadline = time.monotonic() + wait
        self._stopped += self._free
        self._free = []
        while True:
            self._stopped = [c for c in self._stopped if not c.remove()]
            if not self._stopped or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        for base in self.bases:
            with contextlib.suppress(OSError):
                base.rmdir()


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, filesystem type, super options) of each cgroup filesystem."""
    found = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            fields = line.split(" - ")
            if len(fields) != 2:
                continue
            before, after = fields[0].split(), fields[1].split()
            if len(after) >= 3 and after[0] in ("cgroup", "cgroup2"):
                found.append((before[4], after[0], set(after[2].split(","))))
    return found


def _own_cgroups() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path."""
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own


def open_cgroups() -> tuple[CgroupTree | None, Part]:
    """This process's tree of child cgroups, or None and why there is none."""
    try:
        mounts, own = _mounts(), _own_cgroups()
    except OSError as error:
        return None, phrase(N_("cgroups unreadable ({error})"),
                            error=system_words(error.strerror or str(error)))
    v1 = {c: Path(point) for point, kind, options in mounts if kind == "cgroup"
          for c in V1_CONTROLLERS if c in options}
    name = f"dlfs-{os.getpid()}-{next(_TREES)}"
    try:
        if all(c in v1 for c in V1_CONTROLLERS):
            bases = []
            try:
                for controller in V1_CONTROLLERS:
                    parent = v1[controller] / own.get(controller, "/").lstrip("/")
                    _remove_abandoned(parent)
                    base = parent / name
                    base.mkdir(exist_ok=True)
                    bases.append(base)
            except OSError:
                for base in bases:
                    with contextlib.suppress(OSError):
                        base.rmdir()
                raise
            return _tried(CgroupTree(1, bases)), ""
        v2 = [Path(point) for point, kind, _ in mounts if kind == "cgroup2"]
        if v2 and "" in own:
            return _tried(_open_v2(v2[0] / own[""].lstrip("/"), name)), ""
    except OSError as error:
        return None, phrase(N_("no writable cgroup ({error})"),
                            error=system_words(error.strerror or str(error)))
    return None, phrase(N_("no cgroup with the memory, pids and cpu controllers"))


def _tried(tree: CgroupTree) -> CgroupTree:
    """The tree, once a child cgroup could be made, limited, opened and removed in it."""
    try:
        child = tree.new_child(Limits())
        child.open_for_joining()
        child.close_fds()
        child.remove()
    except OSError:
        tree.close(wait=0)
        raise
    return tree


def _remove_abandoned(parent: Path) -> None:
    """Remove the empty child cgroups of grading processes that died without closing (kill -9)."""
    for base in parent.glob("dlfs-*-*"):
        owner = base.name.split("-")[1]
        if not owner.isdigit() or Path(f"/proc/{owner}").exists():
            continue
        for folder in [*base.iterdir(), base]:
            if folder.is_dir():
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _open_v2(own: Path, name: str) -> CgroupTree:
    wanted = " ".join(f"+{c}" for c in V2_CONTROLLERS)
    available = set((own / "cgroup.controllers").read_text().split())
    if not set(V2_CONTROLLERS) <= available:
        raise OSError(errno.ENOTSUP, "the memory, pids and cpu controllers are not delegated")
    (own / "cgroup.subtree_control").write_text(wanted)  # EBUSY where processes live in `own`
    _remove_abandoned(own)
    base = own / name
    base.mkdir(exist_ok=True)
    try:
        (base / "cgroup.subtree_control").write_text(wanted)
    except OSError:
        base.rmdir()
        raise
    return CgroupTree(2, [base])


def describe(tree: CgroupTree | None, why_not: Part, limits: Limits) -> Account:
    """The limits in force, as the end screen and summary.json state them."""
    per_process = phrase(N_("CPU {cpu} s, files {files} MB and {open} open files per process "
                            "(rlimits), {seconds} s per call"), cpu=limits.cpu_seconds,
                         files=limits.file_mb, open=OPEN_FILES, seconds=limits.call_seconds)
    if tree is not None:
        return (phrase(N_("memory {memory} MB, {processes} processes and a fair CPU share for each "
                          "student's whole process tree (cgroup v{version})"),
                       memory=limits.memory_mb, processes=limits.processes, version=tree.version),
                "; ", per_process)
    return (phrase(N_("memory {memory} MB per process (RLIMIT_AS), {processes} processes per uid "
                      "(RLIMIT_NPROC)"), memory=limits.memory_mb, processes=limits.processes),
            ", ", per_process, phrase(N_("; not per process tree: {reason}"), reason=why_not))
