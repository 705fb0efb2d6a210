"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.h_too_small

D8: h = 1e-10: rounding error swamps the result (0.2000000165 instead of 0.1999999999991).
"""


def numerical_diff(f, x):
    h = 1e-10
    return (f(x + h) - f(x - h)) / (2 * h)
