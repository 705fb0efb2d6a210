"""
file: activations.py
loses: softmax
mistake: softmax.in_place

X9: a -= max changes the caller's array.
"""


def softmax(a):
    a -= np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
