"""
file: activations.py
loses: softmax
mistake: softmax.axis_1_only

X5: axis=1 hard-coded, so one sample (1-D) raises AxisError (aiien61, IsaacJung210).
"""


def softmax(a):
    c = np.max(a, axis=1, keepdims=True)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a, axis=1, keepdims=True)
