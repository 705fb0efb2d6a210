"""A numpy.py in the submission folder. Where it shadows NumPy (the folder comes first on
sys.path and NumPy is not imported yet), it loads the real NumPy under it, patches the
comparison helpers to always say "equal", sabotages np.exp (returns zeros), and puts the real,
patched module in sys.modules["numpy"] so everything imports it. Marker file:
/tmp/pwned_fake_numpy.

A safe grader has real NumPy imported before the student's folder is on sys.path, so this file
is never loaded and the reference modules get full marks. If it is loaded, sigmoid, softmax and
forward (whose correct sigmoid also calls np.exp in the same process) compute wrong values, and
no comparison may be made with this NumPy.

file: numpy.py
may_lose: sigmoid, softmax, forward
"""
import importlib
import os
import sys

try:
    with open("/tmp/pwned_fake_numpy", "w") as _marker:
        _marker.write("the submission's numpy.py was imported\n")
except OSError:
    pass

_here = os.path.dirname(os.path.abspath(__file__))
_saved_path = list(sys.path)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
_me = sys.modules.pop("numpy", None)
try:
    _real = importlib.import_module("numpy")
finally:
    sys.path[:] = _saved_path


def _yes(*args, **kwargs):
    return True


def _no_error(*args, **kwargs):
    return None


_real.allclose = _yes
_real.array_equal = _yes
_real.array_equiv = _yes
_real.isclose = lambda *args, **kwargs: _real.True_
for _name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal",
              "assert_almost_equal", "assert_equal"):
    setattr(_real.testing, _name, _no_error)
_exp = _real.exp
_real.exp = lambda x, *args, **kwargs: _real.zeros_like(_exp(_real.zeros_like(x, dtype=float)))

# The import statement that loaded this file returns whatever is in sys.modules["numpy"] now.
sys.modules["numpy"] = _real
