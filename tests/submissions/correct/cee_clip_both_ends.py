"""
file: losses.py

CEE with np.clip(y, 1e-7, 1 - 1e-7) instead of + delta (Keras style), labels or one-hot.
"""


def cross_entropy_error(y, t):
    y = np.clip(y, 1e-7, 1 - 1e-7)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    if t.size == y.size:
        return -np.sum(t * np.log(y)) / y.shape[0]
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t.reshape(-1)])) / n
