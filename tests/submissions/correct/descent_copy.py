"""
file: gradients.py

gradient_descent on a copy of init_x (the caller's array stays as it was), with the history
preallocated.
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()
    x_history = np.zeros((step_num,) + x.shape)

    for i in range(step_num):
        x_history[i] = x
        x = x - lr * numerical_gradient(f, x)

    return x, x_history
