"""
file: activations.py
loses: step_function, sigmoid
may_lose: forward
mistake: step_function.bool_dtype, sigmoid.sign
accept: step_function.mutant.call_dropped.0, step_function.mutant.dtype.3, sigmoid.mutant.sign.14, forward.wrong_activation

S3 + G2: the comparison returned as it is, and the minus sign forgotten in the exponent.
"""


def step_function(x):
    y = x > 0
    return y


def sigmoid(x):
    return 1 / (1 + np.exp(x))
