"""A correct TwoLayerNet, for judging `train` alone.

This file is not imported by the kit: its text is sent to the sandbox child, which runs it to
build the network a student's `train` receives (autograder/sandbox/child.py, build_object; the
child's Recorder notes what the loop asks of it), so `train` is judged with a correct network
and a mistake in the network is not charged twice. It needs NumPy only. It stays with the
instructor: the student bundle leaves it out, and there `train` gets the student's own network.
"""
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class CorrectTwoLayerNet:
    """The book's TwoLayerNet (chapter 4, with chapter 5's gradient by back-propagation)."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {"W1": weight_init_std * np.random.randn(input_size, hidden_size),
                       "b1": np.zeros(hidden_size),
                       "W2": weight_init_std * np.random.randn(hidden_size, output_size),
                       "b2": np.zeros(output_size)}

    def predict(self, x):
        z1 = sigmoid(np.dot(x, self.params["W1"]) + self.params["b1"])
        return softmax(np.dot(z1, self.params["W2"]) + self.params["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, W2) + b2)
        dy = (y - t) / x.shape[0]
        dz1 = sigmoid_grad(a1) * np.dot(dy, W2.T)
        return {"W1": np.dot(x.T, dz1), "b1": np.sum(dz1, axis=0),
                "W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}

    def numerical_gradient(self, x, t):
        return self.gradient(x, t)  # the sandbox notes the call; the loop is told to use gradient
