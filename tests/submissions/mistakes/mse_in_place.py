"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.in_place

y -= t reuses y's memory: the value is right, but the caller's y is changed.
"""


def mean_squared_error(y, t):
    y -= t
    return 0.5 * np.sum(y**2)
