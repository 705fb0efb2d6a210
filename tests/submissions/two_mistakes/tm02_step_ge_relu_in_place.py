"""
file: activations.py
loses: step_function, relu
mistake: step_function.greater_equal, relu.in_place
accept: step_function.mutant.comparison.4

S4 + R4: x >= 0, and relu writes zeros into the caller's array.
"""


def step_function(x):
    return (x >= 0).astype(int)


def relu(x):
    x[x <= 0] = 0
    return x
