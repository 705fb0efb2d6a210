"""
file: gradients.py
loses: numerical_gradient, numerical_diff
may_lose: gradient_descent
mistake: numerical_gradient.scalar, numerical_diff.bracket
accept: gradient_descent.wrong_numerical_gradient

NG4 + D5: grad = ... overwrites the whole gradient; only f(x - h) divided by 2h.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h) / (2 * h))


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad
