"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: mean_squared_error.square_after_sum, cross_entropy_error.no_minus

M5 + C8: the square outside the sum; the minus sign left out.
"""


def mean_squared_error(y, t):
    return 0.5 * np.sum(y - t) ** 2


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
