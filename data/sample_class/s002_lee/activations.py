# Ch. 3 activation functions -- Lee
import numpy as np


def step_function(x):
    y = np.asarray(x) > 0
    return y.astype(np.int64)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def relu(x):
    return np.where(x > 0, x, 0)


def identity_function(x):
    return x


def softmax(a):
    shifted = a - a.max(axis=-1, keepdims=True)  # avoid overflow
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
