"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.no_delta

C1: the book's one-hot formula without delta: 0 * log(0) is nan for the book's y.
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    if t.size != y.size:
        t = np.eye(y.shape[1])[t]

    batch_size = y.shape[0]
    return -np.sum(t * np.log(y)) / batch_size
