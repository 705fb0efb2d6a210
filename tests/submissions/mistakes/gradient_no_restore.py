"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.no_restore, gradient_descent.wrong_numerical_gradient

NG2: x[idx] is not put back, so x ends h lower in every element.
"""


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
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        it.iternext()

    return grad
