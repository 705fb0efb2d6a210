"""
file: gradients.py

gradient_descent with x = x - lr * grad and history.append(x) with no copy (correct: x is rebound).
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x_history.append(x)
        grad = numerical_gradient(f, x)
        x = x - lr * grad
    return x, np.array(x_history)
