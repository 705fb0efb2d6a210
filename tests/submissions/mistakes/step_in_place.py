"""
file: activations.py
loses: step_function
mistake: step_function.in_place

step_function written like relu's mask, straight into x: the values and the dtype are right,
but the caller's array now holds 0 and 1.
"""


def step_function(x):
    y = x
    y[y <= 0] = 0
    y[y > 0] = 1
    return y.astype(np.int64)
