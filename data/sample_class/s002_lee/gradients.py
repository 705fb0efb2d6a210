# Ch. 4 numerical differentiation -- Lee
import numpy as np

H = 1e-4


def numerical_diff(f, x):
    return (f(x + H) - f(x - H)) / (2 * H)


def numerical_gradient(f, x):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + H
        f_plus = f(x)
        x[idx] = original - H
        f_minus = f(x)
        x[idx] = original  # put it back
        grad[idx] = (f_plus - f_minus) / (2 * H)
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()  # leave the caller's array alone
    history = []
    for _ in range(step_num):
        history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, np.array(history)
