"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.divides_by_classes

CEE with np.mean over every element of t * log(y + delta): it divides by N * C, not by N.
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y + delta))
