"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.dim_typo

C9: y.dim instead of y.ndim (zaki-yama-labs).
"""


def cross_entropy_error(y, t):
    if y.dim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    if t.size == y.size:
        t = t.argmax(axis=1)

    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
