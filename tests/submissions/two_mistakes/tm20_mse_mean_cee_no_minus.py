"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: mean_squared_error.mean, cross_entropy_error.no_minus

M1 + C8, written with a loop and the one-hot formula.
"""


def mean_squared_error(y, t):
    total = 0
    for i in range(len(y)):
        total += (y[i] - t[i]) ** 2
    return total / len(y)


def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return np.sum(np.log(y[np.arange(batch_size), t] + delta)) / batch_size
