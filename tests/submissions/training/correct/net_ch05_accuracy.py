"""
file: two_layer_net.py
loses:

Chapter 5's accuracy, which takes labels or one-hot answers, and a gradient that keeps the
batch size in a variable named after the book's ch05 code.
"""
_Reference = TwoLayerNet


class TwoLayerNet(_Reference):
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        W1, b1, W2, b2 = (self.params[k] for k in ('W1', 'b1', 'W2', 'b2'))
        batch_size = x.shape[0]
        a1 = x.dot(W1) + b1
        z1 = sigmoid(a1)
        y = softmax(z1.dot(W2) + b2)
        dout = (y - t) / batch_size
        dz1 = dout.dot(W2.T) * (1.0 - z1) * z1
        return {'W2': z1.T.dot(dout), 'b2': dout.sum(axis=0),
                'W1': x.T.dot(dz1), 'b1': dz1.sum(axis=0)}
