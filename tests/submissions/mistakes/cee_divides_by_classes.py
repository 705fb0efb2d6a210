"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.divides_by_classes

C4: divides by y.shape[0] without reshaping one sample, so by the 10 classes (IsaacJung210).
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
        if y.ndim == 1:
            t = t.reshape(y.shape)
    return -np.sum(t * np.log(y + delta)) / y.shape[0]
