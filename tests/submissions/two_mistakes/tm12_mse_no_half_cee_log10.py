"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: mean_squared_error.no_half, cross_entropy_error.log10
held_out: true

M3 + C7: the sum of squares without 0.5; np.log10 for the logarithm.
"""


def mean_squared_error(y, t):
    return np.sum((y - t) ** 2)


def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log10(y[np.arange(batch_size), t] + delta)) / batch_size
