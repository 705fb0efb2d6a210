"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.ignores_lr

The learning rate written into the loop: lr is ignored.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= 0.01 * grad

    return x, np.array(x_history)
