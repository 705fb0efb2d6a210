"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.labels_formula_with_one_hot, cross_entropy_error.log10

C5 + C7: the label formula with no one-hot conversion; log10.
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(np.log10(y[np.arange(batch_size), t] + 1e-7)) / batch_size
