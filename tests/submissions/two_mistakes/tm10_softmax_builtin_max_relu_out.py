"""
file: activations.py
loses: softmax, relu
mistake: softmax.builtin_max, relu.in_place

X7 + R4: Python's max on an array; np.maximum writing its result into x itself.
"""


def relu(x):
    return np.maximum(x, 0, out=x)


def softmax(a):
    c = max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)
