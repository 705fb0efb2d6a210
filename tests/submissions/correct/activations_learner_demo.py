"""
file: activations.py
replace: true

A learner's chapter-3 file: `(x > 0).astype(int)`, sigmoid, np.maximum, softmax with
np.max(..., axis=-1, keepdims=True), prints and a plot at import, a __main__ demo block.
"""
import numpy as np
import matplotlib.pyplot as plt


def step_function(x):
    y = x > 0
    return y.astype(int)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def identity_function(x):
    return x


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a - c)  # 오버플로 대책
    sum_exp_a = np.sum(exp_a, axis=-1, keepdims=True)
    y = exp_a / sum_exp_a
    return y


x = np.arange(-5.0, 5.0, 0.1)
y = sigmoid(x)
plt.plot(x, y)
plt.ylim(-0.1, 1.1)
plt.show()
print(softmax(np.array([0.3, 2.9, 4.0])))

if __name__ == "__main__":
    print(step_function(np.array([-1.0, 1.0, 2.0])))
    print(relu(np.array([-1.0, 0.0, 2.5])))
