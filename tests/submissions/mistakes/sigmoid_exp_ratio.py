"""
file: activations.py
loses: sigmoid
mistake: sigmoid.nan_for_large_inputs

e^x / (1 + e^x), equal on paper, is inf / inf = nan for x = 1000.
"""


def sigmoid(x):
    return np.exp(x) / (1 + np.exp(x))
