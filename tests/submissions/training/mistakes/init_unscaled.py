"""
file: two_layer_net.py
loses: TwoLayerNet
mistake: TwoLayerNet.unscaled_weights

weight_init_std accepted but never used.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
