"""
file: gradients.py

numerical_diff with h written as 10 ** -4 and x turned into a float first.
"""


def numerical_diff(f, x):
    x = float(x)
    h = 10 ** -4
    return (f(x + h) - f(x - h)) / (h * 2)
