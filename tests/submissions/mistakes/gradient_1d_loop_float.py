"""
file: gradients.py
loses: numerical_gradient
mistake: numerical_gradient.one_d_only

NG5 as the book's _numerical_gradient_no_batch (common/gradient.py) is written, float(tmp_val)
included, used on a 2-D x: x[idx] is a whole row, which float() cannot convert.
"""


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)

    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)

        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)

        x[idx] = tmp_val

    return grad
