"""At import of gradients.py, closes every file descriptor from 3 up (os.closerange(3, 65536)),
so the process can no longer talk to the grader on any pipe or socket it inherited.

A safe grader sees the child's replies stop (EOF or a failed write), counts the gradients
functions as failed and carries on; the other modules, imported before, keep their points.

file: gradients.py
may_lose: numerical_diff, numerical_gradient, gradient_descent
"""
import os

os.closerange(3, 65536)
