"""
file: losses.py
loses: mean_squared_error
mistake: mean_squared_error.squares_t_only

The brackets around y - t forgotten: ** binds first, so only t is squared. On the book's cases
it gives 0, as the square after the sum does (learner round 12, where it was named that).
"""


def mean_squared_error(y, t):
    return 0.5 * np.sum(y - t**2)
