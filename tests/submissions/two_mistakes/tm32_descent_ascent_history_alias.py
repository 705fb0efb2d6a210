"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.ascent, gradient_descent.history_without_copy
accept: gradient_descent.mutant.operator.18, gradient_descent.mutant.copy_dropped.26

GD6 + GD1 in one function: x += lr * grad, and the history appends x itself.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x)
        grad = numerical_gradient(f, x)
        x += lr * grad
    return x, np.array(x_history)
