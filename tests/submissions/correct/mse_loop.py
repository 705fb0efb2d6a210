"""
file: losses.py

mean_squared_error summed in a loop, as in a first week of Python.
"""


def mean_squared_error(y, t):
    total = 0.0
    for i in range(len(y)):
        total += (y[i] - t[i]) ** 2
    return 0.5 * total
