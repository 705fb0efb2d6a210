"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.f_of_one_element, gradient_descent.wrong_numerical_gradient

NG8: f(x[idx]) instead of f(x): f takes the whole array (IsaacJung210).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x[idx])

        x[idx] = tmp_val - h
        fxh2 = f(x[idx])
        grad[idx] = (fxh1 - fxh2) / (2 * h)

        x[idx] = tmp_val
        it.iternext()

    return grad
