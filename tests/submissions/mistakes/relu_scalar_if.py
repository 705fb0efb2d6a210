"""
file: activations.py
loses: relu
mistake: relu.scalar_only

R1: a scalar if/else.
"""


def relu(x):
    if x > 0:
        return x
    else:
        return 0
