"""
file: gradients.py
loses: numerical_diff, gradient_descent
mistake: numerical_diff.divides_by_2_times_h, gradient_descent.history_without_copy
accept: gradient_descent.mutant.copy_dropped.26
held_out: true

D4 + GD1: / 2*h without brackets; the history holds x itself.
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2*h


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    history = []
    for _ in range(step_num):
        history.append(x)
        x -= lr * numerical_gradient(f, x)
    return x, np.array(history)
