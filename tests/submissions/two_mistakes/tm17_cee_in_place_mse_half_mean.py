"""
file: losses.py
loses: cross_entropy_error, mean_squared_error
mistake: cross_entropy_error.in_place, mean_squared_error.half_mean

C (y += delta) + M2: delta added into the caller's y; the sum divided by 2N.
"""


def mean_squared_error(y, t):
    n = len(y)
    return np.sum((y - t) ** 2) / (2 * n)


def cross_entropy_error(y, t):
    delta = 1e-7
    y += delta
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size
