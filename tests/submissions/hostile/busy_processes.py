"""At import starts 60 busy processes (just under the process limit) that spin for a minute,
to push a neighbour's calls past their time limit; its own code is right. A fair CPU share per
student (cgroup) keeps the neighbour's grade; the processes die with the child. The import
itself then competes with its own 60 processes for its one share and may run out of time: it
may cost the attacker its own module, nobody else anything.

file: losses.py
may_lose: mean_squared_error, cross_entropy_error
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
