"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.size_call, gradient_descent.wrong_numerical_gradient

NG9: x.size() -- size is a number, not a method (Pcjmy).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)

    for idx in range(x.size()):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)

        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)

        x[idx] = tmp_val

    return grad
