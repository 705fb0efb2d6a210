"""
file: activations.py
loses: softmax, step_function
mistake: softmax.max_after_exp, step_function.scalar_only

X8 + S2: the max subtracted after exp; the step function kept in its if/else form.
"""


def step_function(x):
    if x > 0:
        return 1
    return 0


def softmax(a):
    exp_a = np.exp(a) - np.max(a)
    return exp_a / np.sum(exp_a)
