"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.no_half

M3: the sum of squares without the 0.5.
"""


def mean_squared_error(y, t):
    return np.sum((y - t)**2)
