"""
file: network.py
loses: forward
mistake: forward.squeezes_a_batch_of_one

forward that makes every input a batch with np.atleast_2d and gives back np.squeeze(y): one
sample comes back as (2,), but so does a batch of one sample, (1, 2).
"""


def forward(network, x):
    x = np.atleast_2d(x)
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    y = identity_function(a3)
    return np.squeeze(y)
