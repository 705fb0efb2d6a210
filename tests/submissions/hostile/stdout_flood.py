"""sigmoid prints 200 MB (100 MB through print() and sys.stdout, 100 MB written straight to
file descriptors 1 and 2), then returns the right answer.

A grader that captures the child's output into memory (subprocess.run(capture_output=True),
communicate()) swells by 200 MB per call; one that reads replies from stdout is drowned. A safe
grader sends stdout/stderr to /dev/null or a capped buffer. The values are right, so sigmoid may
keep its points if the flood finishes in time.

file: activations.py
may_lose: sigmoid
"""
import os
import sys

import numpy as np

_LINE = "x" * (2**20 - 1)


def sigmoid(x):
    for _ in range(50):
        print(_LINE)
        sys.stdout.write(_LINE + "\n")
    block = b"y" * 2**20
    for _ in range(50):
        for fd in (1, 2):
            try:
                os.write(fd, block)
            except OSError:
                pass
    return 1 / (1 + np.exp(-x))
