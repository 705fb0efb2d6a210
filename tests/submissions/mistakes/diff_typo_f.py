"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.typo_f

D7: f(x-f) instead of f(x-h).
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - f)) / (2 * h)
