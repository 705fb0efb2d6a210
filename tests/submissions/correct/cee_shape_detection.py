"""
file: losses.py

cross_entropy_error telling one-hot from labels by shape, one-hot summed with t * log(y).
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t.reshape(1, -1)
    if t.shape == y.shape:  # one-hot
        return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]
    labels = t.reshape(-1)
    return -np.mean(np.log(y[np.arange(y.shape[0]), labels] + 1e-7))
