"""
file: losses.py

cross_entropy_error with np.maximum(y, delta) as the guard, one-hot summed with t * log(...).
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    batch_size = y.shape[0]
    if t.shape == y.shape:
        return -np.sum(t * np.log(np.maximum(y, delta))) / batch_size
    return -np.sum(np.log(np.maximum(y[np.arange(batch_size), t], delta))) / batch_size
