"""
file: network.py
loses: forward
mistake: forward.wrong_keys

N7: forward reads lowercase keys 'w1', 'w2', 'w3' (w40141).
"""


def forward(network, x):
    w1, w2, w3 = network['w1'], network['w2'], network['w3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    a1 = np.dot(x, w1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, w2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, w3) + b3
    return identity_function(a3)
