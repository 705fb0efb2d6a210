"""A student's text inside a message read in Korean: translated in a bounded time, whatever it holds.

`autograder.i18n.translated` finds the template a filled English message came from and
translates its fields in turn. A field can hold what a student wrote: the name of a zip entry
(up to 65,535 characters), an exception message, a line of their code. Written as a chain of the
catalogue's own sentences, such a field made the translation nest one level per sentence
(RecursionError: the class run stopped after grading everyone, no grades.csv written); written to
make the templates' lazy fields backtrack, it made the translation of one message take a time
cubic in its length (a 65,000-character zip entry name: hours of the grading process, measured
20 s at 12,000). Every class in Korean is graded with these translations: the end screen,
summary.json, grades.csv and report.html all translate why an entry was not graded.
"""
from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.i18n import ENVIRONMENT_VARIABLE, translated, using_language
from autograder.kit import KIT_ROOT, MODULES

ZIP_ENTRY_NAME_LIMIT = 65535  # what a zip's central directory can hold for one name
# Sentences of the catalogue, chained: each level of the translation finds the next one.
NESTED = "a" + "; likely mistake: a" * 3000
# The separators of a catalogue template with three lazy fields, placed to make it backtrack:
# every ": the process running your code " before every " (", and never its ending.
BACKTRACKING = "x" + ": the process running your code " * 1000 + " (" * 16000


def _class(tmp_path: Path, entry_name: str) -> Path:
    submissions = tmp_path / "submissions"
    honest = submissions / "honest"
    honest.mkdir(parents=True)
    for module in MODULES:
        text = (KIT_ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
        (honest / f"{module}.py").write_text(text, encoding="utf-8")
    with zipfile.ZipFile(submissions / "mallory.zip", "w") as archive:
        archive.writestr(entry_name[:ZIP_ENTRY_NAME_LIMIT], "x = 1\n")
    return submissions


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8", newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def test_a_class_in_korean_is_graded_whatever_a_zip_entry_name_nests(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "en")  # main sets it to ko: put back after the test
    out = tmp_path / "out"
    with using_language(None):  # --lang ko holds for this run only, not the tests after it
        code = main(["grade", str(_class(tmp_path, NESTED)), "-o", str(out), "--jobs", "1", "--lang", "ko"])
    assert code == 0
    rows = _rows(out)
    assert rows["honest"]["total"] == "100"
    assert rows["mallory"]["status"] == "not graded"
    assert "zip 항목" in rows["mallory"]["reason"]  # why, in Korean
    assert (out / "report.html").is_file() and (out / "summary.json").is_file()


def test_a_message_built_to_backtrack_is_translated_in_korean() -> None:
    # Without a bound, this call does not return for hours (cubic in the name's length).
    message = f"the zip entry {BACKTRACKING!r} points outside the submission"
    with using_language("ko"):
        shown = translated(message)
    assert "the process running your code" in shown  # the student's text is kept as it is


def test_a_class_in_korean_is_graded_whatever_a_zip_entry_name_makes_backtrack(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "en")  # main sets it to ko: put back after the test
    out = tmp_path / "out"
    with using_language(None):
        code = main(["grade", str(_class(tmp_path, BACKTRACKING)), "-o", str(out), "--jobs", "1",
                     "--lang", "ko"])
    assert code == 0
    rows = _rows(out)
    assert rows["honest"]["total"] == "100"
    assert rows["mallory"]["status"] == "not graded" and "zip 항목" in rows["mallory"]["reason"]
