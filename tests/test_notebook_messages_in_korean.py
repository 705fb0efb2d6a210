"""What a class graded in Korean reads about notebooks: the kit's words in Korean, Python's as they are.

A notebook submission says three things of its own: a code cell left out for its syntax error
(results.json's output), the function that cell was the only one to define (the failed checks'
message), and a notebook that cannot be read at all (grades.csv, summary.json, report.html).
They were English f-strings, shown as they were in a Korean class.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from korean_text import english_left

from autograder.cli import main
from autograder.i18n import ENVIRONMENT_VARIABLE, using_language

PYTHON_SAYS = ("expected ':'",  # Python's own words, quoted as they are
               "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")


def _notebook(cells: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None,
         "id": f"cell{number}"} for number, source in enumerate(cells)]})


def test_a_notebook_s_own_messages_read_in_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "en")  # main sets it to ko: put back after the test
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    submissions.mkdir()
    (submissions / "broken.ipynb").write_text(_notebook([
        "import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n",
        "def sigmoid(x)\n    return 1 / (1 + np.exp(-x))\n"]), encoding="utf-8")
    (submissions / "unreadable.ipynb").write_text("{not json", encoding="utf-8")
    with using_language(None):  # --lang ko holds for this run only, not the tests after it
        assert main(["grade", str(submissions), "-o", str(out), "--jobs", "1", "--lang", "ko"]) == 0

    results = json.loads((out / "broken" / "results.json").read_text(encoding="utf-8"))
    assert "broken.ipynb" in results["output"]  # the cell left out is named
    assert english_left(results["output"], exempt=PYTHON_SAYS) == []
    sigmoid = [t["output"] for t in results["tests"] if t["name"].startswith("sigmoid:")]
    assert sigmoid and all(english_left(text, exempt=PYTHON_SAYS) == [] for text in sigmoid), sigmoid[0]

    with (out / "grades.csv").open(encoding="utf-8", newline="") as file:
        reason = {row["student"]: row["reason"] for row in csv.DictReader(file)}["unreadable"]
    assert "unreadable.ipynb" in reason
    assert english_left(reason, exempt=PYTHON_SAYS) == [], reason
