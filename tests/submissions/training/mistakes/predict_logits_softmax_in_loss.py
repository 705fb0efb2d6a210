"""
file: two_layer_net.py
loses: TwoLayerNet.predict, TwoLayerNet.loss
mistake: TwoLayerNet.predict.no_softmax, TwoLayerNet.loss.softmax_again

predict returns the scores and loss puts the softmax there instead (learners7, held out): the
learner's own pair gives the right loss, but loss is checked with a correct predict.
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

    def loss(self, x, t):
        y = softmax(self.predict(x))
        return cross_entropy_error(y, t)
