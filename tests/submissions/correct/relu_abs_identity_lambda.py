"""
file: activations.py

relu as (x + |x|) / 2, identity as a lambda.
"""


def relu(x):
    return (x + np.abs(x)) / 2


identity_function = lambda x: x  # noqa: E731
