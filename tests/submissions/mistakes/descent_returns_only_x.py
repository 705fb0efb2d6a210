"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.returns_only_x

GD2: the book text's version, which returns x alone (김동건, jg116907, minsikhonggg, ...).
"""


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x

    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x
