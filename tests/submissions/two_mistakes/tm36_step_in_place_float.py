"""
file: activations.py
loses: step_function
mistake: step_function.float_dtype, step_function.in_place

step_function that overwrites x in place (x[x <= 0] = 0; x[x > 0] = 1): changes the input and
returns floats.
"""


def step_function(x):
    x[x <= 0] = 0
    x[x > 0] = 1
    return x
