"""
file: activations.py
loses: softmax
mistake: softmax.builtin_max

X7: Python's max() on an array (IsaacJung210).
"""


def softmax(a):
    c = max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
