# Ch. 4 losses -- Lee
import numpy as np

DELTA = 1e-7


def mean_squared_error(y, t):
    return 0.5 * np.sum(np.square(y - t))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = np.reshape(t, (1, -1))
    n = y.shape[0]
    if t.shape == y.shape:  # one-hot answers
        return -np.sum(t * np.log(y + DELTA)) / n
    labels = np.reshape(t, -1)
    return -np.sum(np.log(y[np.arange(n), labels] + DELTA)) / n
