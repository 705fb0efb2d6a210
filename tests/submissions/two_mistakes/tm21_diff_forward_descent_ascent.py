"""
file: gradients.py
loses: numerical_diff, gradient_descent
mistake: numerical_diff.forward_difference, gradient_descent.ascent
accept: numerical_diff.mutant.forward_difference.25, gradient_descent.mutant.operator.18
held_out: true

D1 + GD6: the forward difference; the gradient added instead of subtracted (a new x each step).
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x)) / h


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x = x + lr * grad
    return x, np.array(x_history)
