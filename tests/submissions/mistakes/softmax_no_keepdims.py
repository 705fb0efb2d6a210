"""
file: activations.py
loses: softmax
mistake: softmax.no_keepdims

X4: axis=1 without keepdims: an error on a 2 x 3 batch, wrong numbers on a 3 x 3 one.
"""


def softmax(a):
    if a.ndim == 2:
        c = np.max(a, axis=1)
        exp_a = np.exp(a - c)
        return exp_a / np.sum(exp_a, axis=1)
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)
