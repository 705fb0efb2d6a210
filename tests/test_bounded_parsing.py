"""A notebook's code is parsed within a budget: a huge cell costs its student, not the grader.

Python's parser holds about 150 bytes per byte of a cell such as `a=1` repeated; the grading
worker has no cgroup, so a notebook within the size limit could make it hold gigabytes (10 MB:
more than 5 GB and 180 s, measured) and the machine kill it or the instructor's programs.
"""
from __future__ import annotations

import json
import resource

import pytest

from autograder.bulk.bounded import OverBudget, bounded
from autograder.bulk.discover import Entry, SubmissionProblem, materialise

LINES = 600_000  # 2.4 MB of code: about 1.5 GB in the parser


def _notebook(source: str) -> bytes:
    cell = {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}).encode()


def _held_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_a_huge_cell_does_not_grow_the_grading_process(tmp_path):
    path = tmp_path / "student.ipynb"
    path.write_bytes(_notebook("a = 1\n" * LINES + "def relu(x):\n    return x\n"))
    before = _held_mb()
    destination = tmp_path / "modules"
    destination.mkdir()
    try:
        materialise(Entry("student", path, "ipynb"), destination)
    except SubmissionProblem as problem:
        assert "budget" in str(problem)
    assert _held_mb() - before < 300


def test_an_honest_notebook_reads_as_before(tmp_path):
    path = tmp_path / "activations.ipynb"
    path.write_bytes(_notebook("import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n"))
    destination = tmp_path / "modules"
    destination.mkdir()
    materialise(Entry("student", path, "ipynb"), destination)
    assert "def relu(x):" in (destination / "activations.py").read_text()


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def _loop() -> None:
    while True:
        pass


def _refuse(text: str) -> None:
    raise ValueError(text)


def test_bounded_returns_the_value_or_says_what_ran_out():
    assert bounded(_allocate, 8, memory_bytes=256 * 2**20) == 8 * 2**20
    with pytest.raises(OverBudget, match="MB"):
        bounded(_allocate, 512, memory_bytes=64 * 2**20)
    with pytest.raises(OverBudget, match="s"):
        bounded(_loop, seconds=0.5)
    with pytest.raises(ValueError, match="not a notebook"):
        bounded(_refuse, "not a notebook")
