"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.tiny_h

D3: the central difference, but with h = 1e-50.
"""


def numerical_diff(f, x):
    h = 1e-50
    return (f(x + h) - f(x - h)) / (2 * h)
