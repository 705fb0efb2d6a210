"""sigmoid raises KeyboardInterrupt, which `except Exception` does not catch: a grader that
calls it in its own process stops as if Ctrl-C had been pressed.

file: activations.py
may_lose: sigmoid
"""


def sigmoid(x):
    raise KeyboardInterrupt
