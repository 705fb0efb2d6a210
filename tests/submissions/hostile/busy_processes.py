"""At import starts 60 busy processes (just under the process limit) that spin for a minute,
to push a neighbour's calls past their time limit; its own code is right. A fair CPU share per
student (cgroup) keeps the neighbour's grade; the processes die with the child. The attacker's
own calls then compete with its 60 processes (for its one share, or for the machine where no
cgroup is writable) and may run out of time: it may cost the attacker anything of its own,
nobody else anything (the harness grades the other attacks beside it).

file: losses.py
may_lose: *
"""
import os as _os

for _ in range(60):
    try:
        if _os.fork() == 0:
            import time as _t
            _end = _t.monotonic() + 60
            while _t.monotonic() < _end:
                pass
            _os._exit(0)
    except OSError:
        break
