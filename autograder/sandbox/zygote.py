"""The sandbox's fork server: a clean interpreter that forks one isolated child per request.

Run as `python -I -S zygote.py CONTROL_FD CONFIG_JSON`, never imported by the kit. It imports
only the standard library, NumPy and child.py (so forking it gives a child with NumPy loaded in
about a millisecond) and holds nothing secret: no reference, no expected value, no student id.
It receives "start" and "stop" requests from one grading process on CONTROL_FD.

In the namespace modes ("bubblewrap", where bubblewrap built the minimal filesystem this
process sees, and "namespaces", where this process builds it itself), every child gets its own
PID and mount namespaces: it is PID 1 of its namespace, so killing it kills everything it
started (setsid and double forks included); it mounts a fresh /proc, a private /tmp and a
private copy of the submission on tmpfs, forgets the staging area, and drops to an
unprivileged uid before any student code runs. In "process" mode a child is only a new session
with rlimits (and an unprivileged uid when started as root).
"""
from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import sys
import time

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41}.get(platform.machine(), 155)
DEVICES = ("null", "zero", "random", "urandom", "full")

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


def load_child_module():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child.py")
    spec = importlib.util.spec_from_file_location("dlfs_sandbox_child", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def enter_child_namespaces(config, request, channel_socket):
    """In the forked child, as root: PID 1 of new namespaces, private mounts, then no root."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m,nr_inodes=4096")
    uid = config["uid"]
    size = max(16, 4 * request["limits"]["file_mb"])
    mount("tmpfs", config["submission"], "tmpfs", MS_NOSUID | MS_NODEV,
          f"mode=0755,size={size}m,nr_inodes=4096")
    staged = os.path.join(config["staging"], request["name"])
    shutil.copytree(staged, config["submission"], symlinks=True, dirs_exist_ok=True)
    for root, dirs, files in os.walk(config["submission"]):
        for name in [".", *dirs, *files]:
            os.lchown(os.path.join(root, name), uid, uid)
    unmount(config["staging"])
    drop_privileges(uid)
    return config["submission"]


def drop_privileges(uid):
    if uid is not None and os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def run_child(config, request, channel_socket, child):
    """The forked child: isolate, then serve the submission's calls. Never returns."""
    code = 70
    try:
        if config["mode"] == "process":
            os.setsid()
            folder = os.path.join(config["staging"], request["name"])
            drop_privileges(config["uid"])
        else:
            folder = enter_child_namespaces(config, request, channel_socket)
            os.setsid()
        channel = child.Channel(channel_socket)
        child.serve(channel, folder, request["limits"])
        code = 0
    except BaseException as error:  # noqa: BLE001 - say why the sandbox could not start
        with contextlib.suppress(BaseException):
            child.Channel(channel_socket).send({"ready": False, "error": str(error)[:300]})
    finally:
        os._exit(code)


def start_child(config, request, control, child):
    """Fork a child for one submission; return its pid and the grader's end of its socket."""
    grader_end, child_end = socket.socketpair()
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        control.close()
        grader_end.close()
        os.close(report_read)
        if config["mode"] == "process":
            os.close(report_write)
            run_child(config, request, child_end, child)
        try:
            check(libc.unshare(CLONE_NEWPID | CLONE_NEWNS), "unshare")
            inner = os.fork()
        except BaseException:  # noqa: BLE001
            os._exit(71)
        if inner:
            os.write(report_write, str(inner).encode())
            os._exit(0)
        os.close(report_write)
        run_child(config, request, child_end, child)
    child_end.close()
    os.close(report_write)
    try:
        if config["mode"] != "process":
            reported = os.read(report_read, 32)
            os.waitpid(pid, 0)
            pid = int(reported) if reported else 0
    finally:
        os.close(report_read)
    return pid, grader_end


def stop_child(pid, ended):
    """Kill the child (and its namespace or session); its exit code if it had ended by itself."""
    deadline = time.monotonic() + (0.3 if ended else 0.0)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.005)
    for kill in (os.kill, os.killpg):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def main():
    control = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(sys.argv[2])
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if config.get("numpy_path"):
        sys.path.append(config["numpy_path"])
    import numpy  # noqa: F401 - loaded once here, inherited by every child
    child = load_child_module()
    channel = child.Channel(control)
    try:
        if config.get("root_operations"):
            build_root(config["new_root"], config["root_operations"])
    except OSError as error:
        channel.send({"ready": False, "error": str(error)})
        os._exit(1)
    channel.send({"ready": True, "pid": os.getpid()})
    children = set()
    while True:
        request = channel.receive()
        if request is None:
            break
        if request.get("op") == "start":
            pid, grader_end = start_child(config, request, control, child)
            if pid:
                children.add(pid)
            channel.send({"ok": bool(pid), "id": pid}, fds=[grader_end.fileno()])
            grader_end.close()
        elif request.get("op") == "stop" and request.get("id") in children:
            children.discard(request["id"])
            channel.send({"ok": True, "exit": stop_child(request["id"], request.get("ended"))})
        else:
            channel.send({"ok": False})
    for pid in children:
        stop_child(pid, False)
    os._exit(0)


if __name__ == "__main__":
    main()
