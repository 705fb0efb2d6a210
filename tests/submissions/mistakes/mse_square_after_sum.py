"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.square_after_sum

M5: the square taken after the sum.
"""


def mean_squared_error(y, t):
    return 0.5 * np.sum(y - t)**2
