"""step_function forks 8 children and a double-forked daemon (fork, setsid, fork) that keep
running after the submission is graded, then returns the right answer.

Every leftover process execs a fresh Python whose command line carries the marker
"dlfs-hostile-fork" (find them with: grep -l dlfs-hostile-fork /proc/*/cmdline). They ignore
SIGTERM/SIGHUP/SIGINT, keep every inherited file descriptor open (so a grader that reads the
child's pipes until EOF never gets EOF), and append "pid time" lines every 0.2 s for 10 minutes to
/tmp/dlfs_hostile_fork_child.log and /tmp/dlfs_hostile_fork_daemon.log. The daemon leaves the
process group and the session of its parent: killing the process group does not reach it.

file: activations.py
may_lose: step_function
"""
import os
import sys

import numpy as np

_MARK = "dlfs-hostile-fork"
_LOOP = (
    "import os, signal, sys, time\n"
    "for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):\n"
    "    signal.signal(s, signal.SIG_IGN)\n"
    "end = time.time() + 600\n"
    "while time.time() < end:\n"
    "    try:\n"
    "        with open(sys.argv[1], 'a') as f:\n"
    "            f.write(f'{os.getpid()} {time.time()}\\n')\n"
    "    except OSError:\n"
    "        pass\n"
    "    time.sleep(0.2)\n"
)


def _become(label, path):
    """In a forked process: become a long-lived loop, never return to the caller's code."""
    try:
        os.execv(sys.executable, [sys.executable, "-c", _LOOP, path, label])
    except BaseException:  # no interpreter to exec: run the same loop here
        try:
            exec(compile(_LOOP, "<loop>", "exec"), {"__name__": label})
        except BaseException:
            pass
    finally:
        os._exit(0)


def _spawn():
    for i in range(8):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            _become(f"{_MARK}-child-{i}", "/tmp/dlfs_hostile_fork_child.log")
    try:
        pid = os.fork()
    except OSError:
        return
    if pid == 0:
        try:
            os.setsid()
            if os.fork() != 0:
                os._exit(0)
            os.chdir("/")
            _become(f"{_MARK}-daemon", "/tmp/dlfs_hostile_fork_daemon.log")
        finally:
            os._exit(0)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


_spawned = []


def step_function(x):
    if not _spawned:
        _spawned.append(True)
        _spawn()
    return np.array(x > 0, dtype=np.int64)
