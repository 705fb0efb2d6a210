"""
file: gradients.py
loses: gradient_descent
mistake: gradient_descent.ignores_f

GD3: the module's own function_2 is minimised, whatever f is given (HayatoT1209).
"""


def function_2(x):
    return x[0]**2 + x[1]**2


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(function_2, x)
        x -= lr * grad

    return x, np.array(x_history)
