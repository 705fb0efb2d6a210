"""identity_function starts a non-daemon thread that never ends (it appends a line to
/tmp/dlfs_hostile_thread.log every 0.2 s for 10 minutes), then returns x.

A grader that runs student code in its own process can no longer exit normally (Python waits
for non-daemon threads at shutdown). A safe grader kills the child process (os._exit or SIGKILL)
after the submission, whatever threads it has. The values are right, so identity_function may
keep its points.

file: activations.py
may_lose: identity_function
"""
import os
import threading
import time


def _linger():
    end = time.time() + 600
    while time.time() < end:
        try:
            with open("/tmp/dlfs_hostile_thread.log", "a") as file:
                file.write(f"{os.getpid()} {time.time()}\n")
        except OSError:
            pass
        time.sleep(0.2)


_threads = []


def identity_function(x):
    if not _threads:
        thread = threading.Thread(target=_linger, name="dlfs-hostile-thread", daemon=False)
        thread.start()
        _threads.append(thread)
    return x
