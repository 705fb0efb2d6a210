"""
file: functions.py
loses:

The network is the reference's, but the numerical_gradient pasted into functions.py takes a
forward difference. The helpers of functions.py are graded in basics: TwoLayerNet's
numerical_gradient is judged with a correct numerical_gradient, and keeps its points. Its
public check had taken the student's copy (numerical_gradient has no table of values: it takes
a function), and a right method lost 6 points (attack round 12).
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        fx = f(x)
        x[idx] = tmp_val + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = tmp_val
        it.iternext()
    return grad
