"""
file: two_layer_net.py
loses: TwoLayerNet.accuracy
mistake: TwoLayerNet.accuracy.count

The number of right answers, not divided by the number of samples.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t)
