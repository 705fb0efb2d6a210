"""
file: gradients.py

The central difference written as ... / h / 2.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / h / 2
