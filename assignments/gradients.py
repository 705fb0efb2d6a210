# Write your code where it says YOUR CODE HERE, then run `autograder check` (or check() in the notebook).
"""Numerical differentiation of chapter 4: derivative, gradient and gradient descent."""
import numpy as np


def numerical_diff(f, x):
    """Derivative of f at x by the central difference ``(f(x+h) - f(x-h)) / (2*h)``, h = 1e-4.

    f: a function of one number. x: a number. Returns a float.

    >>> def function_1(x):
    ...     return 0.01*x**2 + 0.1*x
    >>> numerical_diff(function_1, 5)    # about 0.2
    0.1999999999990898
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def numerical_gradient(f, x):
    """Gradient of f at x by central differences, one element at a time, h = 1e-4.

    f: a function of the whole array x that returns a number. x: a float array of any shape
    (1-D and 2-D at least). Returns an array shaped like x. While it works, the function may
    change x[idx] to x[idx] +- h, but it must put every value back: afterwards x holds its
    original values. Change x itself (do not work on a copy): f may read x from elsewhere.

    >>> def function_2(x):
    ...     return x[0]**2 + x[1]**2
    >>> numerical_gradient(function_2, np.array([3.0, 4.0]))
    array([6., 8.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Gradient descent: step_num times, ``x -= lr * numerical_gradient(f, x)``.

    f: the function to minimise. init_x: the starting point (a float array). lr: learning rate.
    step_num: the number of steps. Returns a tuple ``(x, x_history)``: the final x and an array of
    shape (step_num, *init_x.shape) whose row i is the position before step i (row 0 is init_x).
    Keep a copy of x in the history: ``x_history.append(x.copy())``.

    >>> def function_2(x):
    ...     return x[0]**2 + x[1]**2
    >>> x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1)
    >>> x    # about [-6.1e-10, 8.1e-10]: close to the minimum (0, 0)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
