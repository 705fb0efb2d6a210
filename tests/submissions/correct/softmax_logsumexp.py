"""
file: activations.py

softmax through log-sum-exp: exp(a - c - log(sum(exp(a - c)))).
"""


def softmax(a):
    c = np.max(a, axis=-1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(a - c), axis=-1, keepdims=True))
    return np.exp(a - c - log_sum)
