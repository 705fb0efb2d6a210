"""The sandbox's fork server: a clean interpreter that forks one isolated child per request.

Run as `python -I -S zygote.py CONTROL_FD CONFIG_JSON`, never imported by the kit. It imports
only the standard library, NumPy, child.py and, once asked to, Matplotlib (so forking it gives
a child with NumPy loaded in about a millisecond) and holds nothing secret: no reference, no
expected value, no student id.
It receives "start", "stop" and "preload" requests from one grading process on CONTROL_FD.

In the namespace modes ("bubblewrap", where bubblewrap built the minimal filesystem this
process sees, and "namespaces", where this process builds it itself), every child gets its own
PID and mount namespaces: it is PID 1 of its namespace, so killing it kills everything it
started (setsid and double forks included); it gets its own IPC namespace (no SysV object
shared with the next student) and a network namespace without network that no other student's
process is in (`NetworkNamespace`), sees every mount of the fork server read-only
(`seal_view`), mounts a fresh
/proc, a private /tmp and /dev/shm and a private copy of the submission on tmpfs, forgets the
staging area, moves itself into its own cgroups where the launcher made some, drops to uid 65534
(as root; unprivileged, in a nested user namespace) and installs the seccomp filter before any
student code runs. In "process" mode a child is only a new session
with rlimits (and an unprivileged uid when started as root).
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib.util
import json
import os
import platform
import resource
import signal
import socket
import sys
import time

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
O_PATH = getattr(os, "O_PATH", 0o10000000)
NOBODY = 65534
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41}.get(platform.machine(), 155)
DEVICES = ("null", "zero", "random", "urandom", "full")
COLLECTOR_SECONDS = 1.0  # the wait for the kernel to free what a dead child left in flight

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def mount(source, target, fstype, flags, options=None):
    check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                     ctypes.c_ulong(flags), options and options.encode()), f"mount {target}")


def unmount(target):
    check(libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")


def preload_matplotlib():
    """Load Matplotlib (Agg) here, where it is installed, once a submission has imported it: the
    book's ch04 scripts plot at import, and importing it costs each child the better part of a
    second (forking a zygote holding it costs every child a few milliseconds more instead)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - not installed or broken: a child imports it itself
        pass


def load_sibling(name):
    """child.py or seccomp.py from beside this file, under a name no student module takes."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"dlfs_sandbox_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


seccomp = load_sibling("seccomp")


def _prepare_seccomp():
    """The filter, built once here and installed by each child (which says why it cannot be)."""
    try:
        return seccomp.prepare()
    except OSError as error:  # no filter for this architecture
        problem = error

        def cannot_install():
            raise problem
        return cannot_install


install_seccomp = _prepare_seccomp()


# ---- the minimal filesystem of "namespaces" mode (bubblewrap builds it otherwise) ---------------


def build_root(new_root, operations):
    """Mount a tmpfs root holding only what `operations` list, and make it this process's /."""
    check(libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m")
    for operation in operations:
        kind, *paths = operation
        target = new_root + paths[-1]
        if kind == "symlink":
            os.symlink(paths[0], target)
        elif kind in ("dir", "tmpfs", "proc"):
            os.makedirs(target, exist_ok=True)
            if kind == "tmpfs":
                mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m")
        elif kind == "dev":
            os.makedirs(target, exist_ok=True)
            for name in DEVICES:
                open(os.path.join(target, name), "w").close()  # noqa: SIM115 - a mount point
                mount(f"/dev/{name}", os.path.join(target, name), None, MS_BIND)
        elif kind == "ro-bind":
            if os.path.isdir(paths[0]):
                os.makedirs(target, exist_ok=True)
            elif os.path.exists(paths[0]):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                open(target, "a").close()  # noqa: SIM115 - a mount point
            else:
                continue
            mount(paths[0], target, None, MS_BIND | MS_REC)
            mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(new_root)
    check(libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
    unmount(".")
    os.chdir("/")


# ---- one child --------------------------------------------------------------------------------


def enter_child_namespaces(config, request, own_network):
    """In the forked child, as root (of the real machine, or of bubblewrap's user namespace):
    PID 1 of new namespaces (mount, IPC; network where `own_network`, else the fork server's,
    see `NetworkNamespace`), a private /proc, /tmp, /dev/shm and copy of the submission, then
    no privilege left."""
    check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | (CLONE_NEWNET if own_network else 0)),
          "unshare")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    private_tmp(config.get("under_tmp", []))
    MATPLOTLIB_FONTS.give()
    uid = config["uid"]
    size = max(16, 4 * request["limits"]["file_mb"])
    mount("tmpfs", config["submission"], "tmpfs", MS_NOSUID | MS_NODEV,
          f"mode=0755,size={size}m,nr_inodes=4096")
    copy_staged(os.path.join(config["staging"], request["name"]), config["submission"], uid)
    unmount(config["staging"])
    if config.get("user_namespace"):
        enter_unprivileged_user_namespace()
    drop_privileges(uid)
    return config["submission"]


def copy_staged(staged, submission, uid):
    """The staged modules into the child's own tmpfs, owned by `uid` where given. The launcher
    staged regular files only, side by side (autograder.sandbox.scratch.copy_submission)."""
    with os.scandir(staged) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                continue
            with open(entry.path, "rb") as source:
                data = source.read()
            target = os.open(os.path.join(submission, entry.name),
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(target, view):]
                if uid is not None:
                    os.fchown(target, uid, uid)
            finally:
                os.close(target)
    if uid is not None:
        os.chown(submission, uid, uid)


class MatplotlibFonts:
    """Matplotlib's font list, which the launcher left in the staging area
    (autograder.sandbox.view): read once here, written into each child's MPLCONFIGDIR (its own
    /tmp, writable by the child as /tmp is), so that importing pyplot does not scan every font
    file again."""

    def __init__(self):
        self.name, self.content = "", b""

    def read(self, path):
        if path:
            with contextlib.suppress(OSError), open(path, "rb") as file:
                self.name, self.content = os.path.basename(path), file.read()

    def give(self):
        if not self.name:
            return
        folder = os.environ.get("MPLCONFIGDIR", "")
        with contextlib.suppress(OSError):
            os.makedirs(folder, exist_ok=True)
            os.chmod(folder, 0o1777)
            with open(os.path.join(folder, self.name), "wb") as file:
                file.write(self.content)


MATPLOTLIB_FONTS = MatplotlibFonts()


def private_tmp(under_tmp):
    """A fresh, empty /tmp and /dev/shm for this child; the environment's own folders that lie
    there (a venv made under /tmp) are bound back on top, read-only, from descriptors taken
    before the fresh ones hid them."""
    kept = [(path, os.open(path, O_PATH)) for path in under_tmp if os.path.exists(path)]
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m,nr_inodes=4096")
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m,nr_inodes=1024")
    for path, fd in kept:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()  # noqa: SIM115 - a mount point
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)


MOUNT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1024,
               "nodiratime": 2048, "relatime": 1 << 21, "strictatime": 1 << 24}


def seal_view(proc_root):
    """Once, in the fork server: its mounts private (so no child's mount reaches it) and
    read-only, keeping each one's other flags: its root, /dev and the tmpfs hiding other
    packages are shared by all its children, and unprivileged a child would own them. Only its
    own /tmp (which every child hides behind a fresh one) stays writable, and in a child only
    the fresh /tmp, /dev/shm and submission it mounts. `proc_root`: its /proc (`open_proc_root`)."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    os.makedirs("/dev/shm", exist_ok=True)
    with open(os.open("self/mountinfo", os.O_RDONLY, dir_fd=proc_root)) as mountinfo:
        lines = mountinfo.read().splitlines()
    for line in lines:
        fields = line.split()
        point = fields[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        if point in ("/proc", "/tmp") or point.startswith("/proc/") or "ro" in fields[5].split(","):
            continue
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in fields[5].split(","):
            flags |= MOUNT_FLAGS.get(option, 0)
        mount(None, point, None, flags)


def enter_unprivileged_user_namespace():
    """Unprivileged bubblewrap: the fork server is root of a user namespace mapped to the
    instructor's uid. The child nests one more, where it is uid 65534 and holds no capability
    over anything it lives in (its mounts, PID, IPC and network namespaces are its parent's)."""
    check(libc.unshare(CLONE_NEWUSER), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{NOBODY} 0 1"),
                       ("gid_map", f"{NOBODY} 0 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def drop_privileges(uid):
    if uid is not None and os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # after setuid, which clears it


def join_cgroups(fds):
    """Move this process into its own cgroups (the launcher opened their `cgroup.procs`)."""
    for fd in fds:
        try:
            os.write(fd, b"0")
        finally:
            os.close(fd)


def run_child(config, request, channel_socket, child, cgroup_fds, own_network):
    """The forked child: isolate, then serve the submission's calls. Never returns."""
    code = 70
    try:
        join_cgroups(cgroup_fds)
        if config["mode"] == "process":
            os.setsid()
            folder = os.path.join(config["staging"], request["name"])
            drop_privileges(config["uid"])
        else:
            folder = enter_child_namespaces(config, request, own_network)
            os.setsid()
        install_seccomp()
        channel = child.Channel(channel_socket)
        child.serve(channel, folder, request["limits"])
        code = 0
    except BaseException as error:  # noqa: BLE001 - say why the sandbox could not start
        with contextlib.suppress(BaseException):
            child.Channel(channel_socket).send({"ready": False, "error": str(error)[:300]})
    finally:
        os._exit(code)


def start_child(config, request, control, child, own_pid_namespace, cgroup_fds, network):
    """Fork a child for one submission; return its pid and the grader's end of its socket.

    In the namespace modes the child is forked straight into a new PID namespace (unshare,
    fork, then setns back for the next one): it is PID 1 there, and no helper process is
    needed between the zygote and the child. `network` says whether it needs a network
    namespace of its own (`NetworkNamespace.own_for_next`).
    """
    grader_end, child_end = socket.socketpair()
    isolated = config["mode"] != "process"
    if isolated:
        check(libc.unshare(CLONE_NEWPID), "unshare")
    try:
        pid = os.fork()
    finally:
        if isolated and os.getpid() != 1:
            check(libc.setns(own_pid_namespace, CLONE_NEWPID), "setns")
    if pid == 0:
        control.close()
        grader_end.close()
        os.close(own_pid_namespace)
        own_network = network is not None and network.own_for_next
        if network is not None:
            network.close()  # the fork server's /proc: nothing the child may keep
        run_child(config, request, child_end, child, cgroup_fds, own_network)
    child_end.close()
    return pid, grader_end


class NetworkNamespace:
    """The network namespace the children share, one at a time: no network in it (bubblewrap's
    --unshare-net, or `build_root`), and no student's process or socket either when the next
    child enters it. A namespace of its own for each child would cost the machine the better
    part of a millisecond per child (most of it the kernel's teardown), for nothing more:

    - only one child is in it at a time: a child is started once every earlier one has been
      reaped, and as PID 1 of its PID namespace a child is reaped only once everything it
      started has ended; a child started while another is alive gets its own namespace;
    - student code can make no socket but a Unix one (the seccomp filter), so nothing in it
      outlives its process (no TCP TIME_WAIT, no counters of sent packets);
    - a Unix socket can outlive its processes only while caught in flight, until the kernel's
      collector frees it (milliseconds after its child is gone), and with it whatever it
      holds in flight: named, the next child could reach it; named or not, /proc/net/unix
      would list it, and what it holds would show (terminals in this process's /dev/pts,
      inotify instances counted per user, ...): a number one student passes to the next. The
      fork server itself has no socket in it (its own channel was made outside), so while any
      is left it waits for the collector, up to COLLECTOR_SECONDS, and then moves itself to a
      fresh namespace (which hides the sockets, not what they hold) before the next child.
    """

    def __init__(self, proc_root):
        self.proc_root = proc_root  # the fork server's /proc, kept open (see `open_proc_root`)
        self.own_for_next = False

    def prepare(self, children):
        """Before a child starts: whether it shares this namespace (own_for_next)."""
        children.settle()
        self.own_for_next = bool(children.alive)
        if self.own_for_next:
            return
        deadline = time.monotonic() + COLLECTOR_SECONDS
        while self.unix_sockets():
            if time.monotonic() >= deadline:
                check(libc.unshare(CLONE_NEWNET), "unshare")
                return
            time.sleep(0.002)

    def unix_sockets(self):
        """The Unix sockets alive in this process's network namespace, named or not, as the
        fields of their rows in /proc/net/unix."""
        fd = os.open("self/net/unix", os.O_RDONLY, dir_fd=self.proc_root)
        with open(fd, encoding="utf-8", errors="replace") as table:
            return [fields for fields in map(str.split, table.readlines()[1:]) if fields]

    def close(self):
        if self.proc_root >= 0:
            os.close(self.proc_root)
            self.proc_root = -1


def open_proc_root():
    """A descriptor of this process's /proc (a fresh one, detached at once, where "namespaces"
    mode has none mounted: each child mounts its own), through which it reads its own mounts
    (`seal_view`) and network tables (`NetworkNamespace`) however its view changes."""
    if os.path.exists("/proc/self"):
        return os.open("/proc", os.O_RDONLY | os.O_DIRECTORY)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    try:
        return os.open("/proc", os.O_RDONLY | os.O_DIRECTORY)
    finally:
        unmount("/proc")


class Children:
    """The children alive or being reaped, and the exit codes of those that ended by themselves."""

    def __init__(self):
        self.alive, self.dying, self.codes = set(), set(), {}

    def reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            self.dying.discard(pid)
            if pid in self.alive:
                self.codes[pid] = os.waitstatus_to_exitcode(status)

    def stop(self, pid, ended):
        """Kill the child (its namespace or session) without waiting for the teardown; return
        its exit code if it had ended by itself (given a moment when it closed its socket)."""
        deadline = time.monotonic() + (0.3 if ended else 0.0)
        while True:
            self.reap()
            if pid in self.codes:
                self.alive.discard(pid)
                return self.codes.pop(pid)
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        for kill in (os.kill, os.killpg):
            with contextlib.suppress(OSError):
                kill(pid, signal.SIGKILL)
        self.alive.discard(pid)
        self.dying.add(pid)
        return None

    def settle(self):
        """Wait for the killed children to be gone."""
        for pid in list(self.dying):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            self.dying.discard(pid)

    def stop_all(self):
        for pid in list(self.alive):
            self.stop(pid, False)
        self.settle()


def main():
    control = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(sys.argv[2])
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if config.get("numpy_path"):
        sys.path.append(config["numpy_path"])
    import numpy  # noqa: F401 - loaded once here, inherited by every child
    child = load_sibling("child")
    channel = child.Channel(control)
    network = None  # the children's (NetworkNamespace), in the namespace modes
    try:
        own_pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY)
        if config.get("root_operations"):
            build_root(config["new_root"], config["root_operations"])
        if config["mode"] != "process":
            proc_root = open_proc_root()
            network = NetworkNamespace(proc_root)
            seal_view(proc_root)
    except OSError as error:
        channel.send({"ready": False, "error": str(error)})
        os._exit(1)
    MATPLOTLIB_FONTS.read(config.get("matplotlib_fonts"))  # in the view: /staging, its own /tmp
    MATPLOTLIB_FONTS.give()
    if config.get("matplotlib"):
        preload_matplotlib()
    gc.collect()
    gc.freeze()  # a child's garbage collector never walks (and copies) the zygote's objects
    channel.send({"ready": True, "pid": os.getpid()})
    children = Children()
    while True:
        request = channel.receive()
        if request is None:
            break
        children.reap()
        fds = channel.take_fds()
        if request.get("op") == "start":
            try:
                if network is not None:
                    network.prepare(children)
                pid, grader_end = start_child(config, request, control, child, own_pid_namespace,
                                              fds, network)
            except OSError as error:
                channel.send({"ok": False, "error": str(error)[:300]})
                continue
            finally:
                for fd in fds:
                    os.close(fd)
            children.alive.add(pid)
            channel.send({"ok": True, "id": pid}, fds=[grader_end.fileno()])
            grader_end.close()
            del pid  # the next child, a fork of this loop, would read it: pids here count every
            # process that earlier students started
        elif request.get("op") == "preload":
            preload_matplotlib()
            gc.collect()
            gc.freeze()
            channel.send({"ok": True})
        elif request.get("op") == "usage":  # CPU seconds of the zygote and its reaped children
            children.settle()
            usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN)]
            channel.send({"ok": True, "cpu": sum(u.ru_utime + u.ru_stime for u in usage)})
        elif request.get("op") == "stop" and request.get("id") in children.alive:
            channel.send({"ok": True, "exit": children.stop(request["id"], request.get("ended"))})
        else:
            channel.send({"ok": False})
    children.stop_all()
    os._exit(0)


if __name__ == "__main__":
    main()
