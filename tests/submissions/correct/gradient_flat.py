"""
file: gradients.py

numerical_gradient over x.flat: one index for every element, whatever the shape.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for i in range(x.size):
        tmp_val = x.flat[i]
        x.flat[i] = tmp_val + h
        fxh1 = f(x)
        x.flat[i] = tmp_val - h
        fxh2 = f(x)
        grad.flat[i] = (fxh1 - fxh2) / (2 * h)
        x.flat[i] = tmp_val
    return grad
