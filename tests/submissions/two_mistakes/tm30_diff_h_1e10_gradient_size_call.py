"""
file: gradients.py
loses: numerical_diff, numerical_gradient
may_lose: gradient_descent
mistake: numerical_diff.h_too_small, numerical_gradient.size_call
accept: gradient_descent.wrong_numerical_gradient
held_out: true

D8 + NG9: h = 1e-10; x.size() called like a method.
"""


def numerical_diff(f, x):
    h = 1e-10
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for i in range(x.size()):
        tmp = x[i]
        x[i] = tmp + h
        f1 = f(x)
        x[i] = tmp - h
        f2 = f(x)
        grad[i] = (f1 - f2) / (2 * h)
        x[i] = tmp
    return grad
