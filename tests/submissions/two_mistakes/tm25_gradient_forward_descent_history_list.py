"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.forward_difference, gradient_descent.history_list
accept: gradient_descent.mutant.call_dropped.25, gradient_descent.wrong_numerical_gradient, numerical_gradient.mutant.forward_difference.42

NG3 + GD5: the forward difference per element; the history returned as a list.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        fx = f(x)
        x[idx] = tmp_val + h
        fxh = f(x)
        grad[idx] = (fxh - fx) / h
        x[idx] = tmp_val
        it.iternext()
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, x_history
