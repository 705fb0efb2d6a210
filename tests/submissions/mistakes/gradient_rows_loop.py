"""
file: gradients.py
loses: numerical_gradient
mistake: numerical_gradient.one_d_only

NG5 written with range(len(x)): for a 2-D x the loop walks the rows, and x[idx] +- h moves a
whole row at once (held-out learner corpus, d06). No error: only wrong numbers.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)

    for idx in range(len(x)):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)

        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)

        x[idx] = tmp_val

    return grad
