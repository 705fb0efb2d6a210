"""
file: activations.py
loses: softmax
mistake: softmax.np_float

X10: .astype(np.float), removed in NumPy 1.24.
"""


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp((a - c).astype(np.float))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
