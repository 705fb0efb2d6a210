"""
file: losses.py
replace: true
(held out: graded once, after the fixes were written for other files, without tuning)

Losses with np.atleast_2d / np.atleast_1d, an MSE loop over zip(y.flat, t.flat), and a float().
"""
import numpy as np


def mean_squared_error(y, t):
    total = 0.0
    for yi, ti in zip(np.ravel(y), np.ravel(t)):
        total += (yi - ti) ** 2
    return 0.5 * total


def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.atleast_2d(y)
    t = np.atleast_1d(t)
    if t.size == y.size:  # one-hot
        t = np.argmax(t.reshape(y.shape), axis=1)
    n = y.shape[0]
    return float(-np.log(y[np.arange(n), t] + delta).sum() / n)


if __name__ == "__main__":
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    print(mean_squared_error(np.array(y), np.array(t)))
    print(cross_entropy_error(np.array(y), np.array(t)))
