"""
file: network.py

forward that turns one sample into a batch of one and back with reshape(x.shape[:-1] + (2,)).
"""


def forward(network, x):
    x = np.asarray(x, dtype=float)
    X = x.reshape(-1, 2)
    a1 = np.dot(X, network['W1']) + network['b1']
    z1 = sigmoid(a1)
    a2 = np.dot(z1, network['W2']) + network['b2']
    z2 = sigmoid(a2)
    a3 = np.dot(z2, network['W3']) + network['b3']
    y = identity_function(a3)
    return y.reshape(x.shape[:-1] + (2,))
