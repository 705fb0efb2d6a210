"""
file: gradients.py
replace: true
(held out: graded once, after the fixes were written for other files, without tuning)

A module-level h, numerical_diff dividing twice (/ 2 / h), nditer without op_flags (x is indexed
directly), history of list(x), x = init_x.astype(float).
"""
import numpy as np

h = 1e-4


def numerical_diff(f, x):
    return (f(x + h) - f(x - h)) / 2 / h


def numerical_gradient(f, x):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'])
    for _ in it:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.astype(float)
    x_history = []
    for i in range(step_num):
        x_history.append(list(x))
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)
