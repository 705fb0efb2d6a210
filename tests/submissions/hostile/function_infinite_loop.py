"""numerical_diff loops forever (a plain busy loop, no signal tricks).

file: gradients.py
may_lose: numerical_diff
"""


def numerical_diff(f, x):
    n = 0
    while True:
        n += 1
