"""
file: activations.py
loses: sigmoid, forward
mistake: sigmoid.softmax_trick, forward.wrong_activation

G3: softmax's overflow guard pasted into sigmoid, with the sign wrong (JiwonHae94).
"""


def sigmoid(x):
    return 1 / (1 - np.exp(x - np.max(x)))
