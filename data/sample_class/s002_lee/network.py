# Ch. 3 three-layer network -- Lee
import numpy as np

from activations import identity_function, sigmoid


def init_network():
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


def forward(network, x):
    z = x
    for layer in (1, 2):
        z = sigmoid(np.dot(z, network[f"W{layer}"]) + network[f"b{layer}"])
    return identity_function(np.dot(z, network["W3"]) + network["b3"])
