"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.ignores_step_num

step_num ignored: always 100 steps.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(100):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, np.array(x_history)
