"""
file: activations.py

softmax row by row into np.zeros(a.shape), a float array whatever a holds; one sample goes
through the same loop as a batch of one.
"""


def softmax(a):
    if a.ndim == 1:
        a = a.reshape(1, -1)
        one = True
    else:
        one = False
    y = np.zeros(a.shape)
    for i in range(a.shape[0]):
        e = np.exp(a[i] - np.max(a[i]))
        y[i] = e / np.sum(e)
    return y[0] if one else y
