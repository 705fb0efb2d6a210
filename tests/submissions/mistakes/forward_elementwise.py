"""
file: network.py
loses: forward
mistake: forward.elementwise_product

N6: W1 * x, the element-wise product, instead of np.dot(x, W1).
"""


def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    a1 = x * W1 + b1
    z1 = sigmoid(a1)
    a2 = z1 * W2 + b2
    z2 = sigmoid(a2)
    a3 = z2 * W3 + b3
    return identity_function(a3)
