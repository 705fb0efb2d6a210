"""
file: activations.py
loses: relu
mistake: relu.np_max

R2: np.max(0, x) takes x as the axis.
"""


def relu(x):
    return np.max(0, x)
