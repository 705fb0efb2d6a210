"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.delta_outside_log

CEE with delta added outside the log: np.log(y) + delta.
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t]) + delta) / batch_size
