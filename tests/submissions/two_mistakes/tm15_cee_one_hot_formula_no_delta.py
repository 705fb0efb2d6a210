"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.no_delta, cross_entropy_error.one_hot_formula_with_labels
held_out: true

C1 + C6: the one-hot formula without delta (nan where y has exact zeros), given labels too.
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y)) / batch_size
