"""
file: activations.py
loses: step_function
mistake: step_function.scalar_only

S2: the first, scalar version of the book kept as step_function.
"""


def step_function(x):
    if x > 0:
        return 1
    else:
        return 0
