"""
file: activations.py
loses: relu
mistake: relu.scalar_only

relu with the builtin max(0, x): fine on a number, an error on an array.
"""


def relu(x):
    return max(0, x)
