"""
file: losses.py

mean_squared_error as half the squared norm of the difference.
"""


def mean_squared_error(y, t):
    d = (y - t).ravel()
    return 0.5 * np.dot(d, d)
