"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.works_on_a_copy, gradient_descent.append_after_step
held_out: true

NG12 + GD4: x converted to a float copy first; the position appended after the step.
"""


def numerical_gradient(f, x):
    x = x.astype(float)
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + h
        a = f(x)
        x[idx] = old - h
        b = f(x)
        grad[idx] = (a - b) / (2 * h)
        x[idx] = old
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())
    return x, np.array(x_history)
