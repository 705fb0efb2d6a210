"""
file: gradients.py
loses: numerical_diff, gradient_descent
mistake: numerical_diff.missing_2, gradient_descent.returns_only_x
accept: gradient_descent.mutant.return.6, numerical_diff.mutant.operand_dropped.15

D6 + GD2: divided by h only; the book text's gradient_descent that returns x alone.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / h


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x
