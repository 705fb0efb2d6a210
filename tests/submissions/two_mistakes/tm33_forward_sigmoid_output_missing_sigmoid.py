"""
file: network.py
loses: forward
mistake: forward.sigmoid_output, forward.missing_sigmoid
accept: forward.mutant.function.24
held_out: true

N1 + N4: sigmoid on the output layer, and no sigmoid after the second layer.
"""


def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    z1 = sigmoid(np.dot(x, W1) + b1)
    z2 = np.dot(z1, W2) + b2
    y = sigmoid(np.dot(z2, W3) + b3)
    return y
