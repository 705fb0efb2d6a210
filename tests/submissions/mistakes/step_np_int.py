"""
file: activations.py
loses: step_function
mistake: step_function.np_int

S1: the book's step_function as first printed, with np.int (removed in NumPy 1.24).
"""


def step_function(x):
    return np.array(x > 0, dtype=np.int)
