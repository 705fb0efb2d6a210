"""
file: activations.py

sigmoid through tanh: 1 / (1 + e^-x) = (1 + tanh(x / 2)) / 2.
"""


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))
