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
        ### BEGIN SOLUTION
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
        ### END SOLUTION

    def predict(self, x):
        """The output probabilities, shape (N, output_size), for a batch x of shape (N, input_size):
        softmax(sigmoid(x W1 + b1) W2 + b2)."""
        ### BEGIN SOLUTION
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        return y
        ### END SOLUTION

    def loss(self, x, t):
        """The mean cross-entropy error of predict(x) against the one-hot answers t (a float)."""
        ### BEGIN SOLUTION
        y = self.predict(x)

        return cross_entropy_error(y, t)
        ### END SOLUTION

    def accuracy(self, x, t):
        """The fraction of rows whose largest output is the answer; t is one-hot, shape (N, output_size)."""
        ### BEGIN SOLUTION
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)

        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy
        ### END SOLUTION

    def numerical_gradient(self, x, t):
        """The gradient of loss(x, t) with respect to each parameter, by numerical_gradient:
        a dict with the keys of self.params and arrays of their shapes. Every parameter holds
        its values again afterwards."""
        ### BEGIN SOLUTION
        loss_W = lambda W: self.loss(x, t)

        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])

        return grads
        ### END SOLUTION

    def gradient(self, x, t):
        """The same gradient as numerical_gradient, by back-propagation (fast): the batch's mean,
        so divide by the batch size once, and sum the bias gradients over the batch."""
        ### BEGIN SOLUTION
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads
        ### END SOLUTION
