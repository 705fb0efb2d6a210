"""
file: gradients.py
loses: numerical_gradient, gradient_descent
mistake: numerical_gradient.tiny_h, gradient_descent.ignores_step_num
accept: gradient_descent.wrong_numerical_gradient

NG7 + a fixed count: h = 1e-50 gives zero gradients; range(100) where step_num belongs.
"""


def numerical_gradient(f, x):
    h = 1e-50
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(100):
        x_history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)
