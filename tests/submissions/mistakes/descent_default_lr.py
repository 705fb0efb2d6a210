"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.wrong_defaults

GD8: lr defaults to 0.1 instead of the book's 0.01 (jungyh0218).
"""


def gradient_descent(f, init_x, lr=0.1, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, np.array(x_history)
