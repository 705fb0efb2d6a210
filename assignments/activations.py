# Write your code where it says YOUR CODE HERE, then run `autograder check` (or check() in the notebook).
"""Activation functions of chapter 3: step, sigmoid, ReLU, identity and softmax."""
import numpy as np


def step_function(x):
    """Step function: 1 where ``x > 0``, otherwise 0.

    x: a NumPy array of any shape (or a number).
    Returns an array of the same shape and an integer dtype (0 or 1); ``x == 0`` gives 0.
    The input is not changed.

    Careful: ``np.int`` was removed from NumPy 1.24; use ``np.int64`` or plain ``int``.

    >>> step_function(np.array([-1.0, 0.0, 1.0, 2.0]))
    array([0, 0, 1, 1])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def sigmoid(x):
    """Sigmoid function ``1 / (1 + exp(-x))``, element by element.

    x: a NumPy array of any shape (or a number). Returns floats in [0, 1], same shape.
    The input is not changed. A warning about overflow in exp for large negative x is fine;
    a nan is not.

    >>> sigmoid(np.array([-1.0, 1.0, 2.0]))
    array([0.26894142, 0.73105858, 0.88079708])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def relu(x):
    """ReLU function: x where ``x > 0``, otherwise 0, element by element.

    x: a NumPy array of any shape. Returns a new array of the same shape; the input is not changed.

    >>> relu(np.array([-1.0, 0.0, 2.5]))
    array([0. , 0. , 2.5])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def identity_function(x):
    """Identity function, the output layer of a regression network: returns x as it is.

    >>> identity_function(np.array([0.3, 0.7]))
    array([0.3, 0.7])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def softmax(a):
    """Softmax: ``exp(a_k) / sum_i exp(a_i)``, with the overflow guard of the book.

    a: a 1-D array (one sample) or a 2-D array with one row per sample.
    Returns an array of the same shape whose values lie in [0, 1] and whose rows sum to 1.
    Large inputs must not overflow: subtract the largest value of each row before ``np.exp``.
    The input is not changed.

    >>> softmax(np.array([0.3, 2.9, 4.0]))
    array([0.01821127, 0.24519181, 0.73659691])
    >>> softmax(np.array([1010.0, 1000.0, 990.0]))
    array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
