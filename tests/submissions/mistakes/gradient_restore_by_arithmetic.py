"""
file: gradients.py
loses: numerical_gradient
mistake: numerical_gradient.restores_by_arithmetic

x[idx] is moved by +h, -2h and +h again instead of being given its old value back: in floats
3.0 comes back as 3.0000000000000004 (learner round 12, where it was told "does not put x[idx]
back" next to two values that read the same).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        x[idx] += h
        fxh1 = f(x)
        x[idx] -= 2 * h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] += h
        it.iternext()

    return grad
