"""A correct TwoLayerNet that notes what a training loop asks of it, for judging `train` alone.

This file is not imported by the kit: its text is sent to the sandbox child, which runs it to
build the network a student's `train` receives (autograder/sandbox/child.py, build_object), so
`train` is judged with a correct network and a mistake in the network is not charged twice.
It needs NumPy only. It stays with the instructor: the student bundle leaves it out.
"""
import numpy as np

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class RecordingTwoLayerNet:
    """A correct TwoLayerNet that notes what a training loop asks of it: the training rows of
    each gradient (or numerical_gradient) call and which parameters changed between calls.
    numerical_gradient answers with the back-propagated gradient (it is only noted)."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rows_of=None):
        self.params = {"W1": weight_init_std * np.random.randn(input_size, hidden_size),
                       "b1": np.zeros(hidden_size),
                       "W2": weight_init_std * np.random.randn(hidden_size, output_size),
                       "b2": np.zeros(output_size)}
        self._row_index = {} if rows_of is None else {
            np.ascontiguousarray(row).tobytes(): i for i, row in enumerate(np.asarray(rows_of))}
        self._rows, self._sizes, self._numerical, self._changed = [], [], [], []
        self._snapshot = self._copy_params()

    def _copy_params(self):
        return {k: np.array(self.params[k], copy=True) for k in PARAMETER_KEYS}

    def _changes(self):
        return [not np.array_equal(self.params[k], self._snapshot[k]) for k in PARAMETER_KEYS]

    def _note(self, x, numerical):
        self._changed.append(self._changes())
        self._snapshot = self._copy_params()
        x = np.asarray(x, dtype=np.float64)
        self._rows.extend(self._row_index.get(np.ascontiguousarray(row).tobytes(), -1) for row in x)
        self._sizes.append(len(x))
        self._numerical.append(numerical)

    def autograder_log(self):
        return {"rows": np.array(self._rows, dtype=np.int64),
                "sizes": np.array(self._sizes, dtype=np.int64),
                "numerical": np.array(self._numerical, dtype=bool),
                "changed": np.array(self._changed[1:] + [self._changes()], dtype=bool).reshape(-1, 4)}

    def predict(self, x):
        z1 = sigmoid(np.dot(x, self.params["W1"]) + self.params["b1"])
        return softmax(np.dot(z1, self.params["W2"]) + self.params["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t, numerical=False):
        self._note(x, numerical)
        W1, b1, W2, b2 = (self.params[k] for k in PARAMETER_KEYS)
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, W2) + b2)
        dy = (y - t) / x.shape[0]
        dz1 = sigmoid_grad(a1) * np.dot(dy, W2.T)
        return {"W1": np.dot(x.T, dz1), "b1": np.sum(dz1, axis=0),
                "W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}

    def numerical_gradient(self, x, t):
        return self.gradient(x, t, numerical=True)
