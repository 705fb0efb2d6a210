"""
file: activations.py
loses: sigmoid, forward
mistake: sigmoid.sign, forward.wrong_activation

G2: np.exp(x) instead of np.exp(-x): right at 0, mirrored everywhere else.
"""


def sigmoid(x):
    return 1 / (1 + np.exp(x))
