"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: mean_squared_error.mean, cross_entropy_error.no_delta

M1 + C2: the "real" mean squared error; the label formula without delta.
"""


def mean_squared_error(y, t):
    return ((y - t) ** 2).mean()


def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    if t.size == y.size:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t])) / n
