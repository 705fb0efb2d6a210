"""
file: activations.py
replace: true
(held out: graded once, after the fixes were written for other files, without tuning)

Activations with type hints (numpy.typing), np.where for step, np.reciprocal for sigmoid,
np.where(x < 0, 0, x) for relu, and a softmax normalised in place on its own new array.
"""
import numpy as np
import numpy.typing as npt


def step_function(x: npt.ArrayLike) -> np.ndarray:
    return np.where(np.asarray(x) > 0, 1, 0)


def sigmoid(x: npt.ArrayLike) -> np.ndarray:
    return np.reciprocal(1.0 + np.exp(-np.asarray(x, dtype=float)))


def relu(x: np.ndarray) -> np.ndarray:
    return np.where(x < 0, 0, x)


def identity_function(x):
    return x


def softmax(a: np.ndarray) -> np.ndarray:
    y = np.exp(a - np.max(a, axis=-1, keepdims=True))
    y /= np.sum(y, axis=-1, keepdims=True)
    return y
