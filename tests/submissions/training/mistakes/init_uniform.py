"""
file: two_layer_net.py
loses: TwoLayerNet
mistake: TwoLayerNet.uniform_weights

np.random.rand (uniform in [0, 1)) where the book has np.random.randn.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.rand(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.rand(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
