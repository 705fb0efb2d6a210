"""
file: activations.py
loses: step_function, relu
mistake: step_function.float_dtype, relu.np_max
accept: step_function.mutant.dtype.2

S5 + R2: np.heaviside gives floats; np.max(0, x) is not np.maximum.
"""


def step_function(x):
    return np.heaviside(x, 0)


def relu(x):
    return np.max(0, x)
