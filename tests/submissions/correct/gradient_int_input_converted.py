"""
file: gradients.py

numerical_gradient that turns an integer x into floats (x + h would be rounded back) and
otherwise works on x itself, with np.nditer.
"""


def numerical_gradient(f, x):
    if x.dtype.kind in "iu":
        x = x.astype(np.float64)
    h = 1e-4
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad
