"""
file: losses.py
loses: cross_entropy_error, mean_squared_error
mistake: cross_entropy_error.dim_typo, mean_squared_error.times_size

C9 + M4: y.dim for y.ndim; the half sum of squares multiplied by the size.
"""


def mean_squared_error(y, t):
    return (1 / 2 * np.sum((y - t) ** 2)) * y.size


def cross_entropy_error(y, t):
    if y.dim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
