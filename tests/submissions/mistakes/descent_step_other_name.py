"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.step_not_stored

The step stored under a new name that nothing reads: x itself never moves from init_x
(held-out learner corpus, d06).
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        new_x = x - lr * grad

    return x, np.array(x_history)
