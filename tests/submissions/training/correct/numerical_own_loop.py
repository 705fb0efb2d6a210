"""
file: two_layer_net.py
loses:

numerical_gradient written out with its own loop (restoring every value), not the
functions.py helper.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def numerical_gradient(self, x, t):
        h = 1e-4
        grads = {}
        for key, param in self.params.items():
            grad = np.zeros_like(param)
            for idx in np.ndindex(param.shape):
                original = param[idx]
                param[idx] = original + h
                above = self.loss(x, t)
                param[idx] = original - h
                below = self.loss(x, t)
                param[idx] = original
                grad[idx] = (above - below) / (2 * h)
            grads[key] = grad
        return grads
