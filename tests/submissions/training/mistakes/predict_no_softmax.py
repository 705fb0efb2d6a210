"""
file: two_layer_net.py
loses: TwoLayerNet.predict
mistake: TwoLayerNet.predict.no_softmax

predict stops at the scores: the softmax "belongs to the loss" (chapter 3's forward had none).
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return a2
