"""
file: losses.py

CEE that turns labels into one-hot with np.eye and uses the one-hot formula, np.mean over rows.
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.atleast_2d(y)
    t = np.asarray(t)
    if t.size != y.size:
        t = np.eye(y.shape[1])[t.reshape(-1)]
    t = t.reshape(y.shape)
    return np.mean(-np.sum(t * np.log(y + delta), axis=1))
