"""
file: gradients.py
loses: numerical_diff, numerical_gradient
may_lose: gradient_descent
mistake: numerical_diff.tiny_h, numerical_gradient.no_restore
accept: gradient_descent.wrong_numerical_gradient

D3 + NG2: h = 10e-50 in the central difference; x[idx] never put back (np.ndindex loop).
"""


def numerical_diff(f, x):
    h = 10e-50
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad
