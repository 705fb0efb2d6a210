"""
file: activations.py
loses: step_function
mistake: step_function.bool_dtype

S3: the comparison returned as it is, an array of booleans.
"""


def step_function(x):
    return x > 0
