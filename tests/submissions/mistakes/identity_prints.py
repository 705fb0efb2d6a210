"""
file: activations.py
loses: identity_function
may_lose: forward
mistake: identity_function.no_return

identity_function that prints x instead of returning it.
"""


def identity_function(x):
    print(x)
