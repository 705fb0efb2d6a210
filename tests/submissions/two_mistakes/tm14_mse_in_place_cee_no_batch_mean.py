"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: mean_squared_error.in_place, cross_entropy_error.no_batch_mean

M (y -= t) + C3: the difference computed in the caller's array; the batch summed, not averaged.
"""


def mean_squared_error(y, t):
    y -= t
    return 0.5 * np.sum(y ** 2)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    delta = 1e-7
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + delta))
