"""
file: gradients.py
loses: numerical_gradient
may_lose: gradient_descent
mistake: numerical_gradient.tiny_h

numerical_gradient over x.flatten() (a copy): f never sees the change, the gradient is 0.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    flat_x = x.flatten()
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        tmp = flat_x[i]
        flat_x[i] = tmp + h
        fxh1 = f(x)
        flat_x[i] = tmp - h
        fxh2 = f(x)
        flat_grad[i] = (fxh1 - fxh2) / (2 * h)
        flat_x[i] = tmp
    return grad
