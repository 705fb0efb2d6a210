"""
file: gradients.py
loses: numerical_diff, numerical_gradient, gradient_descent
mistake: import.full_width_space

NG11: a full-width space (U+3000) typed with a Japanese or Korean input method: the whole
module is a syntax error (Kazuki-Sano-0000).
"""


def numerical_diff(f, x):
    h = 1e-4
　　return (f(x + h) - f(x - h)) / (2 * h)
