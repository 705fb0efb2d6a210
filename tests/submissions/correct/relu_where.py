"""
file: activations.py

relu with np.where.
"""


def relu(x):
    return np.where(x > 0, x, 0.0)
