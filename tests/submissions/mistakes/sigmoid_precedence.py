"""
file: activations.py
loses: sigmoid, forward
mistake: sigmoid.precedence, forward.wrong_activation

G1: 1 / 1 + np.exp(-x) is 1 + np.exp(-x).
"""


def sigmoid(x):
    return 1 / 1 + np.exp(-x)
