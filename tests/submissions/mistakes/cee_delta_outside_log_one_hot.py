"""
file: losses.py
loses: cross_entropy_error
mistake: cross_entropy_error.delta_outside_log

C1 written with delta, but added to the log, not inside it: -np.sum(t * (np.log(y) + delta)),
the book's one-hot formula (held-out learner corpus, m02). Where y holds a 0, 0 * -inf is nan.
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    if t.size != y.size:
        t = np.eye(y.shape[1])[t]

    batch_size = y.shape[0]
    return -np.sum(t * (np.log(y) + delta)) / batch_size
