"""
file: activations.py
loses: softmax
mistake: softmax.integer_result

The same habit with np.empty_like and the max method, one sample written through out[:]
(written after the sign, as a learner would, to check the diagnosis beyond its model).
"""


def softmax(a):
    out = np.empty_like(a)
    if a.ndim == 1:
        m = a.max()
        e = np.exp(a - m)
        out[:] = e / e.sum()
        return out
    for r in range(len(a)):
        m = a[r].max()
        e = np.exp(a[r] - m)
        out[r] = e / e.sum()
    return out
