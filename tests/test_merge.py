"""`autograder grade --shard K/N` and `autograder merge`: slices joined equal one whole run."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from autograder.bulk.run import grade_class
from autograder.cli import main
from autograder.kit import KIT_ROOT

SAMPLE = KIT_ROOT / "data" / "sample_class"
SAFE_SAMPLE = ["s001_kim", "s003_park.zip", "s004_choi.py", "s006_kang", "s007_cho", "s010_lim",
               "s011_han"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("merge")
    submissions = root / "class"
    submissions.mkdir()
    for name in SAFE_SAMPLE:
        source = SAMPLE / name
        if source.is_dir():
            shutil.copytree(source, submissions / name)
        else:
            shutil.copy(source, submissions / name)
    (submissions / "s008_broken.zip").write_bytes(b"not a zip")
    folders = {"whole": root / "whole", "1": root / "slice1", "2": root / "slice2"}
    grade_class(submissions, folders["whole"], jobs=2, stream=io.StringIO())
    for k in ("1", "2"):
        grade_class(submissions, folders[k], jobs=1, shard=(int(k), 2), stream=io.StringIO())
    folders["class"] = submissions
    return folders


def test_slices_are_disjoint_and_cover_the_class(runs):
    first = (runs["1"] / "grades.csv").read_text().splitlines()[1:]
    second = (runs["2"] / "grades.csv").read_text().splitlines()[1:]
    whole = (runs["whole"] / "grades.csv").read_text().splitlines()[1:]
    assert first and second and sorted(first + second) == whole


def test_merged_slices_equal_a_single_run(runs, tmp_path, capsys):
    out = tmp_path / "merged"
    assert main(["merge", str(runs["1"]), str(runs["2"]), "-o", str(out)]) == 0
    assert "graded 7 of 8 students" in capsys.readouterr().out
    assert (out / "grades.csv").read_text() == (runs["whole"] / "grades.csv").read_text()
    merged = json.loads((out / "summary.json").read_text())
    whole = json.loads((runs["whole"] / "summary.json").read_text())
    for key in ("seconds", "jobs", "slowest"):
        merged.pop(key), whole.pop(key)
    assert merged == whole
    for student in ("s001_kim", "s003_park", "s011_han"):
        assert (out / student / "feedback.md").read_text() == \
            (runs["whole"] / student / "feedback.md").read_text()
        merged_results, whole_results = (json.loads((folder / student / "results.json").read_text())
                                         for folder in (out, runs["whole"]))
        merged_results.pop("execution_time"), whole_results.pop("execution_time")
        assert merged_results == whole_results


def test_overlapping_slices_are_refused(runs, tmp_path, capsys):
    assert main(["merge", str(runs["1"]), str(runs["whole"]), "-o", str(tmp_path / "m")]) == 2
    assert "slices overlap" in capsys.readouterr().err
    assert not (tmp_path / "m" / "grades.csv").exists()


def test_slices_graded_with_another_rubric_are_refused(runs, tmp_path, capsys):
    other = tmp_path / "slice2-other"
    grade_class(runs["class"], other, jobs=1, timeout=1.5, shard=(2, 2), stream=io.StringIO())
    assert main(["merge", str(runs["1"]), str(other), "-o", str(tmp_path / "m")]) == 2
    assert "another rubric" in capsys.readouterr().err


def test_a_folder_that_is_not_a_grading_output_is_refused(runs, tmp_path, capsys):
    assert main(["merge", str(runs["1"]), str(tmp_path), "-o", str(tmp_path / "m")]) == 2
    assert "is not the output of `autograder grade`" in capsys.readouterr().err
