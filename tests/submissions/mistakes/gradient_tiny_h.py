"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.tiny_h, gradient_descent.wrong_numerical_gradient

NG7: h = 1e-50: x + h == x, so every partial derivative is 0.
"""


def numerical_gradient(f, x):
    h = 1e-50
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

        x[idx] = tmp_val
        it.iternext()

    return grad
