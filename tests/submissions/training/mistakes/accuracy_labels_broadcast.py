"""
file: two_layer_net.py
loses: TwoLayerNet.accuracy
mistake: TwoLayerNet.accuracy.labels_broadcast_one_hot

The predicted labels compared with the one-hot answers through a reshape that broadcasts, so no
error is raised (learners7, held out).
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        # compare prediction with answer
        acc = np.mean(y.reshape(-1, 1) == t)
        return acc
