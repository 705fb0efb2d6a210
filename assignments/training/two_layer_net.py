# Generated from solutions/training/two_layer_net.py by `autograder stubs`: edit the solutions, not this file.
"""The two-layer network of chapter 4 (the book's ch04/two_layer_net.py) with the fast
gradient by back-propagation of chapter 5."""
import numpy as np

from functions import cross_entropy_error, numerical_gradient, sigmoid, sigmoid_grad, softmax


class TwoLayerNet:
    """input -> Affine -> sigmoid -> Affine -> softmax, with its weights in `self.params`."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        """Make `self.params`, a dict of four float arrays:
        W1 (input_size, hidden_size) and W2 (hidden_size, output_size) drawn from
        weight_init_std * np.random.randn(...), b1 (hidden_size,) and b2 (output_size,) zeros.
        """
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, x):
        """The output probabilities, shape (N, output_size), for a batch x of shape (N, input_size):
        softmax(sigmoid(x W1 + b1) W2 + b2)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def loss(self, x, t):
        """The mean cross-entropy error of predict(x) against the one-hot answers t (a float)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def accuracy(self, x, t):
        """The fraction of rows whose largest output is the answer; t is one-hot, shape (N, output_size)."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def numerical_gradient(self, x, t):
        """The gradient of loss(x, t) with respect to each parameter, by numerical_gradient:
        a dict with the keys of self.params and arrays of their shapes. Every parameter holds
        its values again afterwards."""
        # YOUR CODE HERE
        raise NotImplementedError()

    def gradient(self, x, t):
        """The same gradient as numerical_gradient, by back-propagation (fast): the batch's mean,
        so divide by the batch size once, and sum the bias gradients over the batch."""
        # YOUR CODE HERE
        raise NotImplementedError()
