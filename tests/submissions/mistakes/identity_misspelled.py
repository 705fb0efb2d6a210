"""
file: activations.py
replace: true
loses: identity_function, init_network, forward
mistake: identity_function.misspelled, import.name_missing

§1.4: identify_function (members 김동건, w40141). network.py imports identity_function, so
its import fails too.
"""
import numpy as np


def step_function(x):
    return np.array(x > 0, dtype=np.int64)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def identify_function(x):
    return x


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
