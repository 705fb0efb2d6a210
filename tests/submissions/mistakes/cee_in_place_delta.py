"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.in_place

y += delta changes the caller's probabilities.
"""


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
