"""
file: gradients.py

numerical_gradient over flat indices of x.reshape(-1) (a view on a contiguous array).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    flat_x = x.reshape(-1)
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
