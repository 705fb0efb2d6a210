"""
file: two_layer_net.py
loses: TwoLayerNet.gradient
mistake: TwoLayerNet.gradient.bias_not_summed

The bias gradients kept per sample: dy and dz1 themselves.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}
        batch_num = x.shape[0]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = dy
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = dz1
        return grads
