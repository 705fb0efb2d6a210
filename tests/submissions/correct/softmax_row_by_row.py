"""
file: activations.py

softmax one row at a time.
"""


def softmax(a):
    if a.ndim == 2:
        return np.array([softmax(row) for row in a])
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)
