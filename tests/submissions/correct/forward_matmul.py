"""
file: network.py

forward with the @ operator instead of np.dot.
"""


def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    z1 = sigmoid(x @ W1 + b1)
    z2 = sigmoid(z1 @ W2 + b2)
    return identity_function(z2 @ W3 + b3)
