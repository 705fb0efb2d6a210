"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.one_d_only, gradient_descent.ignores_lr
accept: gradient_descent.wrong_numerical_gradient

NG5 + a fixed rate: range(x.size) over a 2-D x; 0.01 written where lr belongs.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= 0.01 * grad
    return x, np.array(x_history)
