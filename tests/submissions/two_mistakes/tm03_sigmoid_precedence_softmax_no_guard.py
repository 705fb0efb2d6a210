"""
file: activations.py
loses: sigmoid, softmax
may_lose: forward
mistake: sigmoid.precedence, softmax.no_overflow_guard
accept: softmax.mutant.statement_removed.0, softmax.mutant.operand_dropped.27, forward.wrong_activation
held_out: true

G1 + X1 (row by row): no brackets in the sigmoid; softmax without the max subtracted.
"""


def sigmoid(x):
    return 1/1 + np.exp(-x)


def softmax(a):
    e = np.exp(a)
    return e / np.sum(e, axis=-1, keepdims=True)
