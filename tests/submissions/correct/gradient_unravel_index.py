"""
file: gradients.py

numerical_gradient over range(x.size) with np.unravel_index.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros(x.shape)
    for i in range(x.size):
        idx = np.unravel_index(i, x.shape)
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
