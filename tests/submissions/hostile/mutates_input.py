"""Honest-looking but wrong: relu copies x, zeroes the caller's array in place (x[:] = 0), and
returns the right answer computed from the copy.

The returned values are right, but the contract says the input is not changed: the
relu.input_unchanged check (inputs compared after the call) must fail, so relu loses points.

file: activations.py
may_lose: relu
loses: relu
"""
import numpy as np


def relu(x):
    original = np.array(x, copy=True)
    x[:] = 0
    return np.maximum(0, original)
