"""
file: activations.py
loses: relu
mistake: relu.in_place

R4: zeroes the caller's array.
"""


def relu(x):
    x[x < 0] = 0
    return x
