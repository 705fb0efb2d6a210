"""
file: two_layer_net.py
loses: TwoLayerNet
mistake: TwoLayerNet.random_biases

The biases drawn like the weights.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = weight_init_std * np.random.randn(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = weight_init_std * np.random.randn(output_size)
