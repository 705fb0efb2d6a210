"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.divides_by_2_times_h, gradient_descent.wrong_numerical_gradient

D4 inside the gradient: / 2*h (IsaacJung210, JiwonHae94).
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
        grad[idx] = (fxh1 - fxh2) / 2*h

        x[idx] = tmp_val
        it.iternext()

    return grad
