"""
file: two_layer_net.py
replace: true
loses:

The whole network written differently: the @ operator, a loop over the parameters, the mean
taken at the end of back-propagation, z1 * (1 - z1) for the sigmoid's derivative, and a dict
comprehension for the numerical gradient.
"""
import numpy as np

from functions import cross_entropy_error, numerical_gradient, sigmoid, softmax


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        sizes = {'1': (input_size, hidden_size), '2': (hidden_size, output_size)}
        self.params = {}
        for layer, (n_in, n_out) in sizes.items():
            self.params['W' + layer] = np.random.randn(n_in, n_out) * weight_init_std
            self.params['b' + layer] = np.zeros(n_out)

    def _forward(self, x):
        z1 = sigmoid(x @ self.params['W1'] + self.params['b1'])
        return z1, softmax(z1 @ self.params['W2'] + self.params['b2'])

    def predict(self, x):
        return self._forward(x)[1]

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        return float(np.mean(self.predict(x).argmax(axis=1) == t.argmax(axis=1)))

    def numerical_gradient(self, x, t):
        return {key: numerical_gradient(lambda _: self.loss(x, t), self.params[key])
                for key in ('W1', 'b1', 'W2', 'b2')}

    def gradient(self, x, t):
        z1, y = self._forward(x)
        delta2 = y - t
        delta1 = (delta2 @ self.params['W2'].T) * z1 * (1 - z1)
        n = x.shape[0]
        return {'W1': x.T @ delta1 / n, 'b1': delta1.sum(axis=0) / n,
                'W2': z1.T @ delta2 / n, 'b2': delta2.sum(axis=0) / n}
