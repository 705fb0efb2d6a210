"""At import, patches NumPy's (and math's) comparison helpers to always say "equal", then
returns a wrong softmax (all zeros).

A grader that compares in the student's process with np.allclose / np.isclose /
np.array_equal / np.testing.assert_* would give softmax full marks.

file: activations.py
may_lose: softmax
"""
import math

import numpy
import numpy.testing


def _yes(*args, **kwargs):
    return True


def _yes_array(*args, **kwargs):
    return numpy.True_  # has .all() and .any(), like the array isclose returns


def _no_error(*args, **kwargs):
    return None


numpy.allclose = _yes
numpy.array_equal = _yes
numpy.array_equiv = _yes
numpy.isclose = _yes_array
math.isclose = _yes
for _module in (numpy.testing, getattr(getattr(numpy.testing, "_private", None), "utils", None)):
    if _module is None:
        continue
    for _name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal",
                  "assert_almost_equal", "assert_approx_equal", "assert_equal",
                  "assert_array_less", "assert_array_max_ulp", "assert_array_almost_equal_nulp"):
        try:
            setattr(_module, _name, _no_error)
        except (AttributeError, TypeError):
            pass


def softmax(a):
    return numpy.zeros(numpy.shape(a))
