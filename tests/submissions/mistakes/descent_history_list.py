"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.history_list

GD5: the history returned as a Python list.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, x_history
