"""
file: activations.py
loses: softmax
mistake: softmax.no_keepdims

X4 written with axis=-1 (one sample and a batch alike, the learner hopes), without keepdims.
"""


def softmax(a):
    c = np.max(a, axis=-1)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1)
