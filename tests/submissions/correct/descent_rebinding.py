"""
file: gradients.py

x = x - lr * grad makes a new array each step, so appending x without .copy() is right here
(COMMON_MISTAKES GD1: only the in-place update needs the copy).
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x)
        grad = numerical_gradient(f, x)
        x = x - lr * grad

    return x, np.array(x_history)
