"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.half_mean

M2: 0.5 * mean, i.e. sum / (2N).
"""


def mean_squared_error(y, t):
    N = y.shape[0]
    return np.sum((y - t)**2) / (2 * N)
