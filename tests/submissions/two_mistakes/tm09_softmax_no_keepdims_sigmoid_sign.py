"""
file: activations.py
loses: softmax, sigmoid
may_lose: forward
mistake: softmax.no_keepdims, sigmoid.sign
accept: sigmoid.mutant.sign.14, forward.wrong_activation, softmax.mutant.keyword_dropped.21
held_out: true

X4 + G2: axis=-1 without keepdims; exp(x) instead of exp(-x).
(softmax.mutant.keyword_dropped.21, "leaves out keepdims=True in np.sum(...)", was added to
`accept` after the held-out run: it names this very mistake, the sum without keepdims.)
"""


def sigmoid(x):
    return 1 / (1 + np.exp(x))


def softmax(a):
    m = np.max(a, axis=-1)
    exp_a = np.exp((a.T - m).T)
    return exp_a / np.sum(exp_a, axis=-1)
