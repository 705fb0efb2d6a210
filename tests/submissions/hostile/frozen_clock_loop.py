"""Freezes the clocks of the time module (and disarms signal.alarm/setitimer) at import, then
numerical_gradient waits for a deadline that never comes.

A grader that times calls in the student's own process with time.time / time.monotonic /
time.perf_counter, or with signal.alarm, never sees the time pass and waits for ever.

file: gradients.py
may_lose: numerical_gradient
"""
import signal
import time

_T, _M, _P = time.time(), time.monotonic(), time.perf_counter()
time.time = lambda: _T
time.time_ns = lambda: int(_T * 1e9)
time.monotonic = lambda: _M
time.monotonic_ns = lambda: int(_M * 1e9)
time.perf_counter = lambda: _P
time.perf_counter_ns = lambda: int(_P * 1e9)
time.process_time = lambda: 0.0
time.process_time_ns = lambda: 0
time.thread_time = lambda: 0.0
time.sleep = lambda seconds: None  # a grader that polls with sleep() now spins
signal.alarm = lambda seconds: 0
signal.setitimer = lambda *args, **kwargs: (0.0, 0.0)


def numerical_gradient(f, x):
    deadline = time.monotonic() + 5.0  # five seconds that never pass
    while time.monotonic() < deadline:
        pass
    return x * 0
