"""
file: activations.py
loses: step_function
mistake: step_function.greater_equal

S4: x >= 0, so step_function(0) is 1.
"""


def step_function(x):
    y = x >= 0
    return y.astype(np.int64)
