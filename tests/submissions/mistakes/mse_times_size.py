"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.times_size

M4: (1/2 * sum) * y.size (IsaacJung210).
"""


def mean_squared_error(y, t):
    return (1/2 * np.sum((y - t)**2)) * y.size
