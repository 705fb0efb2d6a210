"""
file: activations.py
loses: softmax
mistake: softmax.no_return

The result computed but not returned.
"""


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)
    sum_exp_a = np.sum(exp_a, axis=-1, keepdims=True)
    y = exp_a / sum_exp_a
