"""
file: activations.py
loses: sigmoid, forward
mistake: sigmoid.math_exp, forward.wrong_activation

G4: math.exp works on one number only.
"""
import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
