"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.missing_2

D6: the central difference divided by h, not 2h.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / h
