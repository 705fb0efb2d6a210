"""
file: activations.py
loses: identity_function, forward
mistake: identity_function.no_return, forward.wrong_activation

The identity function computed but not returned.
"""


def identity_function(x):
    y = x
