"""
file: gradients.py

numerical_diff with h as a default argument written 0.0001, and 2 * h bracketed differently.
"""


def numerical_diff(f, x, h=0.0001):
    return (f(x + h) - f(x - h)) / (h * 2)
