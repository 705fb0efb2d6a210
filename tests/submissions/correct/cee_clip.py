"""
file: losses.py

cross_entropy_error guarding log(0) with np.clip(y, 1e-7, 1) instead of + delta (as Keras does).
"""


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    # 정답 레이블이 원-핫 벡터라면 인덱스로 바꾼다
    if t.size == y.size:
        t = t.argmax(axis=1)

    batch_size = y.shape[0]
    p = np.clip(y[np.arange(batch_size), t], 1e-7, 1.0)
    return -np.sum(np.log(p)) / batch_size
