"""
file: activations.py
loses: softmax
mistake: softmax.no_overflow_guard, softmax.whole_batch
accept: softmax.mutant.statement_removed.0, softmax.mutant.operand_dropped.27, softmax.mutant.keyword_dropped.17, softmax.mutant.axis.18

X1 + X2: the book's first softmax on a batch: no max subtracted, one sum for the whole batch.
"""


def softmax(a):
    exp_a = np.exp(a)
    total = exp_a.sum()
    return exp_a / total
