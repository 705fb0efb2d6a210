# Generated from solutions/training/functions.py by `autograder stubs`: edit the solutions, not this file.
"""The functions the network uses, as the book's common/functions.py and common/gradient.py.

Copy your own sigmoid, softmax and cross_entropy_error (basics: activations.py and losses.py)
and numerical_gradient (basics: gradients.py) into this file; sigmoid_grad is given. The
network imports them from here, as the book's two_layer_net.py imports common.functions.
Your network is graded with correct versions of these functions put in their place, so a
mistake here costs points in basics only, not again in this assignment.
"""
import numpy as np


def sigmoid(x):
    """Sigmoid 1 / (1 + exp(-x)), element by element."""
    # YOUR CODE HERE
    raise NotImplementedError()


def sigmoid_grad(x):
    """The derivative of the sigmoid at x (x is the sigmoid's input, not its output)."""
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(a):
    """Softmax of a 1-D array or of each row of a 2-D array, with the overflow guard."""
    # YOUR CODE HERE
    raise NotImplementedError()


def cross_entropy_error(y, t):
    """Mean cross-entropy error of a batch y against one-hot answers or labels t."""
    # YOUR CODE HERE
    raise NotImplementedError()


def numerical_gradient(f, x):
    """Gradient of f at x by central differences (h = 1e-4), x of any shape, restored after."""
    # YOUR CODE HERE
    raise NotImplementedError()
