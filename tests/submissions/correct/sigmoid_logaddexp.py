"""
file: activations.py

A sigmoid that never overflows: 1 / (1 + e^-x) = exp(-log(1 + e^-x)).
"""


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))
