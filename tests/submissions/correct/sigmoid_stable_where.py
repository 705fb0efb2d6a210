"""
file: activations.py

The "numerically stable" sigmoid: exp(x) / (1 + exp(x)) for negative x, the book's form elsewhere.
"""


def sigmoid(x):
    with np.errstate(over="ignore", invalid="ignore"):
        positive = 1 / (1 + np.exp(-x))
        negative = np.exp(x) / (1 + np.exp(x))
    return np.where(x >= 0, positive, negative)
