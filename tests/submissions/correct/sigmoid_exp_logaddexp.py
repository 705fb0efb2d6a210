"""
file: activations.py
(held out: graded once, after the fixes were written for other files, without tuning)

sigmoid as exp(-log(1 + exp(-x))) with np.logaddexp, step with dtype=int.
"""


def step_function(x):
    return np.array(x > 0, dtype=int)


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))
