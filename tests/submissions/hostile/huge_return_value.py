"""softmax returns a 100 000 x 100 000 float64 array (80 GB as seen by its shape and nbytes) that
costs no memory: np.broadcast_to of one value, with zero strides.

A grader that pickles or tolist()s the result, or compares it with np.allclose against the
expected (broadcasting), tries to build 80 GB. A safe grader checks the size before turning a
result into data.

file: activations.py
may_lose: softmax
"""
import numpy as np


def softmax(a):
    return np.broadcast_to(np.float64(1 / 3), (100_000, 100_000))
