"""
file: two_layer_net.py
loses: TwoLayerNet.numerical_gradient
mistake: TwoLayerNet.numerical_gradient.copy

COMMON_MISTAKES 0.9: the parameter copied "to be safe", so nudging it changes nothing the loss sees.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        for key in ('W1', 'b1', 'W2', 'b2'):
            grads[key] = numerical_gradient(loss_W, self.params[key].copy())
        return grads
