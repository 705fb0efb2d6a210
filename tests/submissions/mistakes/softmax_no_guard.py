"""
file: activations.py
loses: softmax
mistake: softmax.no_overflow_guard

X1: the book's first softmax, without the max subtracted (minsikhonggg, jg116907).
"""


def softmax(a):
    exp_a = np.exp(a)
    sum_exp_a = np.sum(exp_a)
    y = exp_a / sum_exp_a
    return y
