"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.divides_by_classes, cross_entropy_error.no_delta
held_out: true

C4 + C1: the one-hot formula without delta, divided by y.shape[0] without reshaping a 1-D y.
"""


def cross_entropy_error(y, t):
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y)) / batch_size
