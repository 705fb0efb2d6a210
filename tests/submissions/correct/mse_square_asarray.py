"""
file: losses.py

MSE as np.square(...).sum() / 2 on np.asarray (lists work).
"""


def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return np.square(y - t).sum() / 2
