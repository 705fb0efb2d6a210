"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.forward_difference

D1: the forward difference (f(x+h) - f(x)) / h (jg116907).
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x)) / h
