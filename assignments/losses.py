# Write your code where it says YOUR CODE HERE, then run `autograder check` (or check() in the notebook).
"""Loss functions of chapter 4: mean squared error and cross-entropy error."""
import numpy as np


def mean_squared_error(y, t):
    """Mean squared error as the book defines it: ``0.5 * sum((y - t)**2)``.

    y: the network's output; t: the one-hot answer, same shape. Returns a float.
    (The book's name for this is also "sum of squared errors": 0.5 times the sum, not a mean.)

    >>> t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    >>> y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    >>> mean_squared_error(y, t)   # about 0.0975
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def cross_entropy_error(y, t):
    """Cross-entropy error ``-sum(t * log(y + delta))`` with ``delta = 1e-7``, averaged over a batch.

    y: one sample of shape (C,) or a batch of shape (N, C), probabilities.
    t: the answers, either one-hot (same shape as y) or integer labels (shape (N,), or (1,) or a
    0-d array for one sample). Returns a float: the mean loss per sample.
    ``delta`` keeps ``log(0)`` (minus infinity) out when a probability is exactly 0.

    >>> t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    >>> y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    >>> cross_entropy_error(y, t)   # about 0.510825457099
    """
    # YOUR CODE HERE
    raise NotImplementedError()
