"""
file: activations.py
loses: softmax
mistake: softmax.max_after_exp

X8: the max subtracted after np.exp instead of inside it.
"""


def softmax(a):
    exp_a = np.exp(a) - np.max(a)
    return exp_a / np.sum(exp_a)
