"""
file: losses.py

The book's batch CEE written with range(), a delta argument and a docstring.
"""


def cross_entropy_error(y, t, delta=1e-7):
    """교차 엔트로피 오차 (미니배치 지원)."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[range(batch_size), t] + delta)) / batch_size
