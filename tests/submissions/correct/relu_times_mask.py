"""
file: activations.py

R3: relu as x * (x > 0) (gives -0.0, which equals 0).
"""


def relu(x):
    return x * (x > 0)
