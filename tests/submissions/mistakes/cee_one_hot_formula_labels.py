"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.one_hot_formula_with_labels

C6: the book's one-hot batch formula given labels: no error on a square batch, wrong value.
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size
