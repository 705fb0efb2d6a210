"""
file: gradients.py
loses: numerical_diff
mistake: numerical_diff.divides_by_2_times_h

D4: / 2*h divides by 2 and then multiplies by h (xinjli, JiwonHae94).
"""


def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2*h
