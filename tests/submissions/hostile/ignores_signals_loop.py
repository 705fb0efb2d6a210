"""Softmax that loops forever and ignores SIGTERM, SIGALRM and every other catchable signal.

Only SIGKILL (or killing the whole process group / cgroup) stops it.

file: activations.py
may_lose: softmax
"""
import signal

import numpy as np

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGALRM, signal.SIG_IGN)
for _name in ("SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGXCPU", "SIGVTALRM",
              "SIGPROF", "SIGPIPE", "SIGTSTP", "SIGTTIN", "SIGTTOU"):
    try:
        signal.signal(getattr(signal, _name), signal.SIG_IGN)
    except (AttributeError, OSError, ValueError):
        pass


def softmax(a):
    while True:
        pass
