"""
file: losses.py

cross_entropy_error sample by sample in a for loop, labels read off the one-hot rows.
"""


def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.atleast_2d(y)
    t = np.asarray(t)
    if t.size == y.size:
        labels = np.argmax(t.reshape(y.shape), axis=1)
    else:
        labels = t.reshape(-1)
    total = 0.0
    for i in range(y.shape[0]):
        total += -np.log(y[i, labels[i]] + delta)
    return total / y.shape[0]
