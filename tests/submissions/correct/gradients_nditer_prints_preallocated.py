"""
file: gradients.py
replace: true

The book's nditer numerical_gradient with float(tmp_val), a history preallocated with zeros,
a print every 10 steps, `from losses import *` and a module-level demo.
"""
import numpy as np
from losses import *  # noqa: F401,F403


def numerical_diff(f, x):
    h = 1e-4  # 0.0001
    return (f(x+h) - f(x-h)) / (2*h)


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp_val
        it.iternext()
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = np.zeros((step_num,) + x.shape)
    for i in range(step_num):
        x_history[i] = x
        grad = numerical_gradient(f, x)
        x -= lr * grad
        if i % 10 == 0:
            print(i, x)
    return x, x_history


def function_2(x):
    return x[0]**2 + x[1]**2


print(numerical_gradient(function_2, np.array([3.0, 4.0])))
