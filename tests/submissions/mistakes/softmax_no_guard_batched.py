"""
file: activations.py
loses: softmax
mistake: softmax.no_overflow_guard

X1 written for batches: the sum is taken row by row (axis=-1, keepdims=True), but np.exp(a)
still overflows, on a batch's rows as on one sample (held-out learner corpus, d07).
"""


def softmax(a):
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
