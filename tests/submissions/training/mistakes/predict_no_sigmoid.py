"""
file: two_layer_net.py
loses: TwoLayerNet.predict
mistake: TwoLayerNet.predict.no_sigmoid

The hidden layer's activation forgotten: z1 = a1.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        a1 = np.dot(x, W1) + b1
        a2 = np.dot(a1, W2) + b2
        return softmax(a2)
