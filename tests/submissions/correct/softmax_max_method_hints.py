"""
file: activations.py

softmax with `a - a.max(axis=..., keepdims=True)` picked by ndim, type hints and a docstring.
"""


def softmax(a: np.ndarray) -> np.ndarray:
    """소프트맥스 함수."""
    if a.ndim == 1:
        a = a - a.max()
        return np.exp(a) / np.exp(a).sum()
    a = a - a.max(axis=1, keepdims=True)
    return np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)
