"""A line that continues a statement is Python, not an IPython magic, as in Jupyter.

IPython reads `%...` and `!...` as a magic or a shell escape only where a statement starts. The
kit looked at every line: a comparison or a remainder that black (or a learner) breaks before
its operator, `        != 0` inside parentheses, was commented out as a shell escape, and a
correct step_function became "a syntax error at line 6 of the cell" (0 of 8).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.ecosystem.notebook_code import modules_from_notebooks

CONTINUED = {
    "not equal": "import numpy as np\n\ndef step_function(x):\n    return np.array(\n        x\n"
                 "        != 0\n    ) * np.array(x > 0, dtype=int)\n",
    "remainder": "import numpy as np\n\ndef step_function(x):\n    return np.array(x > 0, dtype=int) * (\n"
                 "        3\n        % 2)\n",
    "docstring": 'import numpy as np\n\ndef step_function(x):\n    """1 where x > 0, else 0.\n'
                 '    !important: an int array\n    """\n    return np.array(x > 0, dtype=int)\n',
}


def _notebook(*sources: str) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None,
         "id": f"cell{number}"} for number, source in enumerate(sources)]}).encode()


@pytest.mark.parametrize("source", CONTINUED.values(), ids=CONTINUED.keys())
def test_a_continued_statement_is_kept_as_python(source: str) -> None:
    as_written: dict = {}
    exec(compile(source, "cell", "exec"), as_written)  # Python (and IPython, which leaves it) runs it
    modules, notes = modules_from_notebooks([("activations.ipynb", _notebook(source))])
    assert notes == []
    namespace: dict = {}
    exec(compile(modules["activations"], "activations.py", "exec"), namespace)  # the test's own text
    assert namespace["step_function"](np.array([-1.0, 2.0])).tolist() == [0, 1]
    assert namespace["step_function"].__doc__ == as_written["step_function"].__doc__


def test_a_magic_where_a_statement_starts_is_still_left_out() -> None:
    source = ("%matplotlib inline\n!pip install numpy\nimport numpy as np\n\n"
              "def relu(x):\n    return np.maximum(0, x)\n")
    modules, notes = modules_from_notebooks([("activations.ipynb", _notebook(source))])
    assert notes == []
    namespace: dict = {}
    exec(compile(modules["activations"], "activations.py", "exec"), namespace)
    assert namespace["relu"](np.array([-1.0])).tolist() == [0.0]
