"""
file: activations.py

softmax with a for loop over the rows into a float array.
"""


def softmax(a):
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        c = np.max(a)
        exp_a = np.exp(a - c)
        return exp_a / np.sum(exp_a)
    y = np.zeros_like(a)
    for i in range(a.shape[0]):
        c = np.max(a[i])
        exp_a = np.exp(a[i] - c)
        y[i] = exp_a / np.sum(exp_a)
    return y
