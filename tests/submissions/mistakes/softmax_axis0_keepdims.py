"""
file: activations.py
loses: softmax
mistake: softmax.axis_0

softmax with axis=0 and keepdims: right for one sample, column-wise on a batch.
"""


def softmax(a):
    c = np.max(a, axis=0, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=0, keepdims=True)
