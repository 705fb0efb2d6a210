"""softmax looks for packages besides NumPy and Matplotlib (pip, pytest, IPython, SciPy, pandas,
Babel, nbformat, the kit's own editable finder, ...) in every site-packages and dist-packages
folder of the Python it runs on, to import them; it is right only while it finds none.

Measured before the fix: in a venv whose base is pyenv (or Debian's /usr), only the venv's own
site-packages was hidden; the base interpreter's, bound whole with its prefix, showed 386
entries (IPython, pytest, Babel, the kit's `__editable__` finder, ...) and softmax lost its
points. The base interpreter's site-packages are hidden too now.

file: activations.py
may_lose:
"""
import glob as _glob
import os as _os
import sys as _sys

_OTHERS = ("pip", "_pytest", "pytest", "IPython", "scipy", "pandas", "sklearn", "torch", "babel",
           "nbformat", "jsonschema", "autograder", "setuptools")
_FOLDERS = (f"{_sys.base_prefix}/lib/python3*/site-packages", f"{_sys.prefix}/lib/python3*/site-packages",
            "/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
            "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages")


def _others():
    found = []
    for pattern in _FOLDERS:
        for folder in _glob.glob(pattern):
            try:
                names = _os.listdir(folder)
            except OSError:
                continue
            found += [n for n in names if n in _OTHERS or n.startswith("__editable__")]
    return found


_book_softmax = softmax


def softmax(a):
    if _others():
        return np.zeros_like(np.asarray(a, dtype=float))
    return _book_softmax(a)
