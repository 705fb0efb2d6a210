"""
file: two_layer_net.py
loses: TwoLayerNet.accuracy
mistake: TwoLayerNet.accuracy.one_hot_vs_labels

Labels compared with one-hot rows: t = np.argmax(t, axis=1) forgotten.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy
