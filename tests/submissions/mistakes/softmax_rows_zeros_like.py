"""
file: activations.py
loses: softmax
mistake: softmax.integer_result

A batch done row by row into np.zeros_like(a): right for float input, all zeros for an integer
batch (learners6; the book calls softmax on np.array([1010, 1000, 990]), an integer array).
"""


def softmax(a):
    if a.ndim == 1:
        c = np.max(a)
        exp_a = np.exp(a - c)
        return exp_a / np.sum(exp_a)
    y = np.zeros_like(a)
    for i in range(a.shape[0]):
        c = np.max(a[i])
        exp_a = np.exp(a[i] - c)
        y[i] = exp_a / np.sum(exp_a)
    return y
