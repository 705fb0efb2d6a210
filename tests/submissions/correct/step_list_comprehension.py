"""
file: activations.py

step_function element by element, the result rebuilt with the input's shape.
"""


def step_function(x):
    values = [1 if value > 0 else 0 for value in x.flatten()]
    return np.array(values, dtype=np.int64).reshape(x.shape)
