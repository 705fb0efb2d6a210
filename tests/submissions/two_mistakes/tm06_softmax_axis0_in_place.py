"""
file: activations.py
loses: softmax
mistake: softmax.axis_0, softmax.in_place
accept: softmax.mutant.axis.9, softmax.mutant.axis.19
held_out: true

X6 + X9: the max and the sum taken down the columns, and the max subtracted in place.
"""


def softmax(a):
    a -= a.max(axis=0)
    exp_a = np.exp(a)
    return exp_a / exp_a.sum(axis=0)
