"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.append_after_step

GD4: the position appended after the step, so the start is missing.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())

    return x, np.array(x_history)
