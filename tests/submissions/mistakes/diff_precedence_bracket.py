"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.bracket

D5: the closing bracket in the wrong place: only f(x-h) is divided.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h) / (2 * h))
