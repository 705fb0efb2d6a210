"""A notebook's code cells are cut into lines where Python cuts them, not where str.splitlines does.

Python ends a line at \\n, \\r\\n or \\r only. str.splitlines also ends one at a form feed, \\x1c-\\x1e,
\\x85 (NEL) and U+2028/U+2029 (line and paragraph separators), which text copied from a web page
or a PDF carries into a comment or a docstring. The kit read a cell's statements by Python's line
numbers from str.splitlines' lines: a correct relu under such a comment was graded as "a syntax
error at line 2 of the cell" (0 of 6), though Jupyter runs the cell as it is.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.ecosystem.notebook_code import modules_from_notebooks

RELU = "import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n"
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x1d", "\x1e", "\x0b"]


def _notebook(source: str) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None,
         "id": "relu"}]}).encode()


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_a_cell_python_runs_defines_its_function_whatever_its_comments_hold(separator: str) -> None:
    source = f"# ReLU (copied from the notes:{separator}rectified linear unit)\n" + RELU.replace(
        "return", f'"""max(0, x){separator}elementwise"""\n    return')
    compile(source, "cell", "exec")  # Python runs the cell, as Jupyter does
    modules, notes = modules_from_notebooks([("activations.ipynb", _notebook(source))])
    assert notes == []
    namespace: dict = {}
    exec(compile(modules["activations"], "activations.py", "exec"), namespace)  # the test's own text
    assert namespace["relu"](np.array([-1.0, 2.0])).tolist() == [0.0, 2.0]


def test_carriage_returns_end_lines_as_in_python() -> None:
    source = RELU.replace("\n", "\r")
    modules, notes = modules_from_notebooks([("activations.ipynb", _notebook(source))])
    assert notes == []
    namespace: dict = {}
    exec(compile(modules["activations"], "activations.py", "exec"), namespace)
    assert namespace["relu"](np.array([-3.0])).tolist() == [0.0]
