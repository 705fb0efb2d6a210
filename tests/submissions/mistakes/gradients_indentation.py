"""
file: gradients.py
loses: numerical_diff, numerical_gradient, gradient_descent
mistake: import.indentation_error

The return indented less than the line before it.
"""


def numerical_diff(f, x):
    h = 1e-4
  return (f(x + h) - f(x - h)) / (2 * h)
