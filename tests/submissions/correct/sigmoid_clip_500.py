"""
file: activations.py

sigmoid with np.clip against overflow (a Keras-style guard learners copy).
"""


def sigmoid(x):
    x = np.clip(x, -500, 500)
    return 1 / (1 + np.exp(-x))
