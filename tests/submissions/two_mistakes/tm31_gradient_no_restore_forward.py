"""
file: gradients.py
loses: numerical_gradient
may_lose: gradient_descent
mistake: numerical_gradient.no_restore, numerical_gradient.forward_difference
accept: gradient_descent.wrong_numerical_gradient, numerical_gradient.mutant.forward_difference.42

NG2 + NG3 in one function: the forward difference, and x[idx] left at tmp + h.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        fx = f(x)
        x[idx] += h
        grad[idx] = (f(x) - fx) / h
    return grad
