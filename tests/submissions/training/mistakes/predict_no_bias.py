"""
file: two_layer_net.py
loses: TwoLayerNet.predict
mistake: TwoLayerNet.predict.missing_bias

b2 left out of the output layer.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1 = self.params['b1']
        z1 = sigmoid(np.dot(x, W1) + b1)
        return softmax(np.dot(z1, W2))
