# Write your code where it says YOUR CODE HERE, then run `autograder check` (or check() in the notebook).
"""The 3-layer network of chapter 3: its weights and its forward pass."""
import numpy as np

from activations import identity_function, sigmoid


def init_network():
    """Return the book's 3-layer network as a dict of NumPy arrays.

    Keys and values (exactly these, as float arrays):
    W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], b1 = [0.1, 0.2, 0.3],
    W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], b2 = [0.1, 0.2],
    W3 = [[0.1, 0.3], [0.2, 0.4]], b3 = [0.1, 0.2].
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def forward(network, x):
    """Forward pass: input x to output y through the three layers.

    network: the dict of init_network(). x: one sample of shape (2,) or a batch of shape (N, 2).
    Hidden layers: ``a = np.dot(x, W) + b`` then ``sigmoid``; the output layer uses
    ``identity_function``. Returns shape (2,) or (N, 2). Neither argument is changed.

    >>> forward(init_network(), np.array([1.0, 0.5]))
    array([0.31682708, 0.69627909])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
