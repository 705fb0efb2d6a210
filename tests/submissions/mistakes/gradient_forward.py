"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.forward_difference, gradient_descent.wrong_numerical_gradient

NG3: the forward difference for each element (IsaacJung210).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    fx = f(x)

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh = f(x)
        grad[idx] = (fxh - fx) / h
        x[idx] = tmp_val
        it.iternext()

    return grad
