"""
file: activations.py
loses: softmax
mistake: softmax.global_max

X3: max over the whole batch, sum per row: a row far below the largest one underflows.
"""


def softmax(a):
    exp_a = np.exp(a - np.max(a))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
