"""
file: network.py
(held out: graded once, after the fixes were written for other files, without tuning)

forward with x.dot(W) and a tuple unpacking of the network's values.
"""


def forward(network, x):
    W1, b1, W2, b2, W3, b3 = (network[k] for k in ('W1', 'b1', 'W2', 'b2', 'W3', 'b3'))
    z1 = sigmoid(x.dot(W1) + b1)
    z2 = sigmoid(z1.dot(W2) + b2)
    return identity_function(z2.dot(W3) + b3)
