"""
file: gradients.py
loses: numerical_diff

numerical_diff with + where - belongs between f(x + h) and f(x - h).
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) + f(x - h)) / (2 * h)
