"""
file: activations.py
loses: step_function
mistake: step_function.float_dtype

np.heaviside(x, 0): the right values, as floats.
"""


def step_function(x):
    return np.heaviside(x, 0)
