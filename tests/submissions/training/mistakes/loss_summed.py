"""
file: two_layer_net.py
loses: TwoLayerNet.loss
mistake: TwoLayerNet.loss.summed

The loss of the whole batch: the mean times the batch size.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t) * x.shape[0]
