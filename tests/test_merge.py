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


def test_a_slice_whose_summary_is_damaged_is_named_and_nothing_is_written(runs, tmp_path, capsys):
    damaged = tmp_path / "slice2-damaged"
    shutil.copytree(runs["2"], damaged)
    (damaged / "summary.json").write_text('{"students": 3, "problems": [', encoding="utf-8")
    assert main(["merge", str(runs["1"]), str(damaged), "-o", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert f"{damaged} holds a grades.csv or summary.json that cannot be read" in err, err
    assert "grade that slice again" in err and not (tmp_path / "m").exists()


@pytest.fixture(scope="module")
def training_slices(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("merge-training")
    training = KIT_ROOT / "solutions" / "training"
    for student in ("t1", "t2", "t3"):
        shutil.copytree(training, root / "class" / student, ignore=shutil.ignore_patterns("__pycache__"))
    slices = [root / "slice1", root / "slice2"]
    for k, folder in enumerate(slices, start=1):
        grade_class(root / "class", folder, jobs=1, shard=(k, 2), assignment="training",
                    stream=io.StringIO())
    return slices


def test_training_slices_merge_as_training_without_being_told(training_slices, tmp_path, capsys):
    """summary.json says which assignment a slice was graded as: the merged gradebook has its
    functions' columns and full marks, not basics' columns at 0."""
    out = tmp_path / "merged"
    assert main(["merge", *map(str, training_slices), "-o", str(out)]) == 0
    header, *rows = (out / "grades.csv").read_text().splitlines()
    assert "TwoLayerNet.gradient" in header and "softmax" not in header
    assert [row.split(",")[:3] for row in rows] == [[s, "100", "100"] for s in ("t1", "t2", "t3")]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["assignment"] == "training" and set(summary["pass_rates"].values()) == {1.0}


def test_slices_of_another_assignment_than_asked_or_of_two_are_refused(runs, training_slices, tmp_path,
                                                                      capsys):
    assert main(["merge", *map(str, training_slices), "-o", str(tmp_path / "m"),
                 "--assignment", "basics"]) == 2
    assert "graded as training, not basics" in capsys.readouterr().err
    assert main(["merge", str(runs["1"]), str(training_slices[1]), "-o", str(tmp_path / "m")]) == 2
    assert "graded as different assignments" in capsys.readouterr().err
    assert not (tmp_path / "m" / "grades.csv").exists()
