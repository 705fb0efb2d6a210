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
    ### BEGIN SOLUTION
    return 1 / (1 + np.exp(-x))
    ### END SOLUTION


def sigmoid_grad(x):
    """The derivative of the sigmoid at x (x is the sigmoid's input, not its output)."""
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(a):
    """Softmax of a 1-D array or of each row of a 2-D array, with the overflow guard."""
    ### BEGIN SOLUTION
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
    ### END SOLUTION


def cross_entropy_error(y, t):
    """Mean cross-entropy error of a batch y against one-hot answers or labels t."""
    ### BEGIN SOLUTION
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
    ### END SOLUTION


def numerical_gradient(f, x):
    """Gradient of f at x by central differences (h = 1e-4), x of any shape, restored after."""
    ### BEGIN SOLUTION
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad
    ### END SOLUTION
