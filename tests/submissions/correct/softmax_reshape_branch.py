"""
file: activations.py

softmax with a branch for batches: the row maxima and sums reshaped into a column.
"""


def softmax(a):
    if a.ndim == 2:
        c = np.max(a, axis=1).reshape(-1, 1)
        exp_a = np.exp(a - c)
        return exp_a / np.sum(exp_a, axis=1).reshape(-1, 1)
    c = np.max(a)
    exp_a = np.exp(a - c)  # 오버플로 대책
    return exp_a / np.sum(exp_a)
