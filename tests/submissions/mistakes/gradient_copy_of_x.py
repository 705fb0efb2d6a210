"""
file: gradients.py
loses: numerical_gradient
mistake: numerical_gradient.works_on_a_copy

NG12: x = x.astype(float) "to fix integer input" works on a copy: a loss that reads x
elsewhere (TwoLayerNet's lambda W: self.loss(x, t)) never sees the change.
"""


def numerical_gradient(f, x):
    h = 1e-4
    x = x.astype(float)
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
