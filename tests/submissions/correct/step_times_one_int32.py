"""
file: activations.py

step as (x > 0) * 1 on np.asarray (so lists work too), int32 like some learners.
"""


def step_function(x):
    x = np.asarray(x)
    return ((x > 0) * 1).astype(np.int32)
