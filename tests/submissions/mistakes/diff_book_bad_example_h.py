"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.tiny_h

The book's "bad example" kept: h = 10e-50 with the forward difference.
"""


def numerical_diff(f, x):
    h = 10e-50
    return (f(x + h) - f(x)) / h
