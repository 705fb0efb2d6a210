"""
file: network.py
replace: true

Network with `from activations import *`, a helper per layer, `@` and np.matmul, lists turned
into arrays, and a demo under __main__.
"""
import numpy as np
from activations import *


def init_network():
    network = {}
    network['W1'] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network['b1'] = np.array([0.1, 0.2, 0.3])
    network['W2'] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network['b2'] = np.array([0.1, 0.2])
    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network['b3'] = np.array([0.1, 0.2])
    return network


def layer(x, W, b, activation):
    return activation(x @ W + b)


def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    z1 = layer(x, W1, b1, sigmoid)
    z2 = sigmoid(np.matmul(z1, W2) + b2)
    y = identity_function(np.dot(z2, W3) + b3)
    return y


if __name__ == '__main__':
    network = init_network()
    x = np.array([1.0, 0.5])
    y = forward(network, x)
    print(y)  # [0.31682708 0.69627909]
