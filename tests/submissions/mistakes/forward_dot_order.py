"""
file: network.py
loses: forward
mistake: forward.dot_order

N5: np.dot(W1, x): the weights on the left.
"""


def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    a1 = np.dot(W1, x) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(W2, z1) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(W3, z2) + b3
    return identity_function(a3)
