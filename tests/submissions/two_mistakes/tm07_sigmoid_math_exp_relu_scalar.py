"""
file: activations.py
loses: sigmoid, relu
may_lose: forward
mistake: sigmoid.math_exp, relu.scalar_only
accept: forward.wrong_activation

G4 + R1: math.exp for one number, and relu written for one number.
"""
import math


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def relu(x):
    if x > 0:
        return x
    else:
        return 0
