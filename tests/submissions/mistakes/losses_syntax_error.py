"""
file: losses.py
loses: mean_squared_error, cross_entropy_error
mistake: import.syntax_error

A colon missing after def: the whole module is a syntax error (sample class s010_lim).
"""


def mean_squared_error(y, t)
    return 0.5 * np.sum((y - t)**2)
