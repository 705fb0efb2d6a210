"""`autograder grade`: a small class graded into gradebook, per-student results and summary."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from autograder.bulk.discover import Entry, SubmissionProblem, discover, materialise, select_shard
from autograder.bulk.outputs import HIDDEN_FAILURE
from autograder.bulk.run import grade_class
from autograder.bulk.workers import GradingTask, WorkerPool
from autograder.cli import main
from autograder.kit import KIT_ROOT, MODULES, load_exercises
from autograder.sandbox.session import Limits
from conftest import copy_reference

SAMPLE = KIT_ROOT / "data" / "sample_class"
SAFE_SAMPLE = ["s001_kim", "s002_lee", "s003_park.zip", "s004_choi.py", "s005_jung.zip",
               "s006_kang", "s007_cho", "s008_yoon", "s009_jang", "s010_lim", "s011_han"]
EXPECTED = {"s001_kim": 100, "s002_lee": 100, "s003_park": 100, "s004_choi": 100,
            "s005_jung": 100, "s006_kang": 92, "s007_cho": 94, "s008_yoon": 89, "s009_jang": 91,
            "s010_lim": 82, "s011_han": 71, "t001_stub": 0, "t002_mse": 94}
NOT_GRADED = {"t101_badzip", "t102_traversal", "t103_notes.txt", "t104_empty"}
OPTIONS = ["--jobs", "2", "--timeout", "2"]


def reference_modules() -> dict[str, str]:
    return {m: (KIT_ROOT / "solutions" / f"{m}.py").read_text(encoding="utf-8") for m in MODULES}


def build_class(folder: Path) -> Path:
    """The sample class's safe submissions, a stub, a mistake and four unusable entries."""
    folder.mkdir(parents=True)
    for name in [*SAFE_SAMPLE, "README.md"]:
        source = SAMPLE / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    shutil.copytree(KIT_ROOT / "assignments", folder / "t001_stub",
                    ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    mistaken = folder / "t002_mse"
    mistaken.mkdir()
    for module, text in reference_modules().items():
        if module == "losses":
            text += "\n\ndef mean_squared_error(y, t):\n    return np.mean((y - t)**2)\n"
        (mistaken / f"{module}.py").write_text(text, encoding="utf-8")
    (folder / "t101_badzip.zip").write_bytes(b"this is not a zip")
    with zipfile.ZipFile(folder / "t102_traversal.zip", "w") as archive:
        archive.writestr("../escaped.py", "x = 1\n")
        archive.writestr("activations.py", "x = 1\n")
    (folder / "t103_notes.txt").write_text("not a submission\n")
    (folder / "t104_empty").mkdir()
    (folder / "t104_empty" / "notes.md").write_text("nothing here\n")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_rows(out: Path) -> list[dict]:
    """Every row of grades.csv: one per entry of SUBMISSIONS, graded or not."""
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_grades(out: Path) -> list[dict]:
    """The rows of grades.csv of the students who were graded."""
    return [row for row in read_rows(out) if row["status"] == "graded"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("grade")
    submissions = build_class(root / "class")
    before = tree_hash(submissions)
    out = root / "out"
    completed = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submissions),
                                "-o", str(out), *OPTIONS], capture_output=True, text=True,
                               check=False)
    return {"root": root, "submissions": submissions, "out": out, "before": before,
            "completed": completed}


def test_the_class_gets_the_expected_scores_and_exit_zero(graded):
    assert graded["completed"].returncode == 0, graded["completed"].stderr
    grades = {row["student"]: float(row["total"]) for row in read_grades(graded["out"])}
    assert grades == EXPECTED


def test_grades_csv_has_one_column_per_function_in_contract_order(graded):
    with (graded["out"] / "grades.csv").open(newline="") as file:
        header = next(csv.reader(file))
    assert header == ["student", "total", "max_total", *(e.function for e in load_exercises()),
                      "status", "reason", "status_text"]
    rows = {row["student"]: row for row in read_grades(graded["out"])}
    assert rows["s007_cho"]["mean_squared_error"] == "1"  # only "input unchanged" kept
    assert rows["s011_han"]["gradient_descent"] == "0"
    assert rows["s006_kang"]["softmax"] == "6"
    for row in rows.values():
        functions = sum(float(row[e.function]) for e in load_exercises())
        assert functions == float(row["total"]) and row["max_total"] == "100"


def test_results_json_is_in_gradescope_format(graded):
    data = json.loads((graded["out"] / "s008_yoon" / "results.json").read_text())
    assert data["score"] == 89 and isinstance(data["execution_time"], float)
    assert isinstance(data["output"], str)
    # a student's text never renders as HTML or Markdown on Gradescope's pages
    assert data["output_format"] == data["test_output_format"] == data["test_name_format"] == "text"
    for test in data["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "visibility", "status",
                             "tags", "extra_data"}
        assert set(test["extra_data"]) == {"check_id", "function", "mistake"}
        assert test["status"] == ("passed" if test["score"] == test["max_score"] else "failed")
        assert test["tags"] == [test["extra_data"]["function"]]
    assert sum(t["score"] for t in data["tests"]) == data["score"]
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert failed and all(t["tags"] == ["gradient_descent"] for t in failed)


def test_hidden_checks_never_show_their_inputs(graded):
    hidden_failures = 0
    for path in graded["out"].glob("*/results.json"):
        for test in json.loads(path.read_text())["tests"]:
            if test["status"] == "failed" and test["visibility"] != "visible":
                hidden_failures += 1
                assert test["output"].startswith(HIDDEN_FAILURE)
                own_values = [line for line in test["output"].splitlines()
                              if line.startswith(("input:", "expected:", "actual:"))]
                assert own_values == [], test["output"]
    assert hidden_failures >= 5
    feedback = (graded["out"] / "s009_jang" / "feedback.md").read_text()
    assert "hidden check with random inputs failed" in feedback
    assert "forward" in feedback and "10 / 10" not in feedback.split("forward")[1][:20]


def test_every_student_gets_a_feedback_page_and_the_class_a_report(graded):
    report = (graded["out"] / "report.html").read_text(encoding="utf-8")
    for student, total in EXPECTED.items():
        page = (graded["out"] / student / "feedback.html").read_text(encoding="utf-8")
        assert f"{total:g} / 100" in page, student
        assert f'href="{student}/feedback.html"' in report, student
    mistaken = (graded["out"] / "s006_kang" / "feedback.html").read_text(encoding="utf-8")
    assert "softmax" in mistaken and "data:image/png;base64," in mistaken  # its softmax plotted
    correct = (graded["out"] / "s001_kim" / "feedback.html").read_text(encoding="utf-8")
    assert "data:image/png" not in correct  # a class's pages plot only what lost points
    for student in NOT_GRADED:
        assert student in report and not (graded["out"] / student).exists()


def test_a_mistake_that_costs_several_functions_counts_its_student_once(graded):
    summary = json.loads((graded["out"] / "summary.json").read_text())
    ids = [m["id"] for m in summary["mistakes"]]
    assert len(ids) == len(set(ids))
    syntax = next(m for m in summary["mistakes"] if m["id"] == "import.syntax_error")
    assert syntax["function"] == "mean_squared_error, cross_entropy_error"  # s010_lim's losses.py
    assert syntax["students"] == 1


def test_summary_has_the_schema_the_report_reads(graded):
    summary = json.loads((graded["out"] / "summary.json").read_text())
    assert list(summary) == ["assignment", "students", "graded", "problems", "mean", "median",
                             "max_total", "score_distribution", "pass_rates", "mistakes", "slowest",
                             "seconds", "isolation", "jobs", "secret"]
    assert summary["assignment"] == "basics"  # what merge takes its columns from
    assert summary["secret"] == "$AUTOGRADER_SECRET"  # where the secret is, never what (conftest)
    assert summary["students"] == len(EXPECTED) + len(NOT_GRADED)
    assert summary["graded"] == len(EXPECTED)
    assert {p["student"] for p in summary["problems"]} == NOT_GRADED
    assert all(p["message"] for p in summary["problems"])
    assert summary["median"] == 94 and summary["max_total"] == 100
    assert summary["mean"] == pytest.approx(sum(EXPECTED.values()) / len(EXPECTED), abs=1e-3)
    assert sum(b["students"] for b in summary["score_distribution"]) == len(EXPECTED)
    assert summary["score_distribution"][-1] == {"range": "90-100", "students": 9}
    assert summary["pass_rates"]["gradient_descent"] == pytest.approx(10 / 13, abs=1e-4)
    assert len(summary["slowest"]) == 10 and summary["jobs"] == 2
    assert summary["isolation"] and summary["seconds"] > 0


def test_the_end_screen_and_progress_are_printed(graded):
    stdout, stderr = graded["completed"].stdout, graded["completed"].stderr
    assert "mean 85.615, median 94" in stdout and "isolation:" in stdout and "t101_badzip" in stdout
    assert "[16/16]" in stderr and "s008_yoon: 89 / 100" in stderr


def test_unusable_entries_are_reported_not_graded(graded):
    problems = {p["student"]: p["message"]
                for p in json.loads((graded["out"] / "summary.json").read_text())["problems"]}
    rows = {row["student"]: row for row in read_rows(graded["out"])}
    assert set(rows) == set(EXPECTED) | set(problems)  # every entry of SUBMISSIONS has a row
    for student, message in problems.items():
        assert (rows[student]["status"], rows[student]["reason"], rows[student]["total"]) == \
            ("not graded", message, "")
    assert "cannot be read" in problems["t101_badzip"]
    assert "outside the submission" in problems["t102_traversal"]
    assert "not a submission" in problems["t103_notes.txt"]
    assert "none of activations.py" in problems["t104_empty"]
    assert not (graded["out"] / "t102_traversal").exists()
    assert not (graded["root"] / "escaped.py").exists()


def test_nothing_under_submissions_changes(graded):
    assert tree_hash(graded["submissions"]) == graded["before"]
    assert not list(graded["submissions"].rglob("__pycache__"))


def test_a_rerun_skips_unchanged_submissions_and_regrades_changed_ones(graded, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*/results.json")}
    stream = io.StringIO()
    grade_class(graded["submissions"], out, jobs=2, timeout=2, stream=stream)
    assert "13 submissions unchanged" in stream.getvalue()
    assert all(p.stat().st_mtime_ns == stamp for p, stamp in stamps.items())

    submissions = tmp_path / "class"
    shutil.copytree(graded["submissions"], submissions)
    losses = submissions / "s007_cho" / "losses.py"
    losses.write_text((KIT_ROOT / "solutions" / "losses.py").read_text())
    summary = grade_class(submissions, out, jobs=2, timeout=2, stream=io.StringIO())
    changed = [p for p, stamp in stamps.items() if p.stat().st_mtime_ns != stamp]
    assert [p.parent.name for p in changed] == ["s007_cho"]
    assert {row["student"]: float(row["total"]) for row in read_grades(out)}["s007_cho"] == 100
    assert summary["graded"] == len(EXPECTED)

    grade_class(submissions, out, jobs=2, timeout=2, force=True, stream=io.StringIO())
    assert all(p.stat().st_mtime_ns != stamp for p, stamp in stamps.items())


def test_killing_the_run_and_running_again_gives_the_same_gradebook(graded, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(graded["submissions"]), "-o",
               str(out), "--jobs", "1", "--timeout", "2"]  # one job: slow enough to stop midway
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*/results.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list(out.glob("*/results.json")))
    assert 3 <= finished < len(EXPECTED), "the run should have been stopped midway"
    assert not (out / "grades.csv").exists()
    for path in out.glob("*/results.json"):
        json.loads(path.read_text())  # every file that exists is whole
    stream = io.StringIO()
    grade_class(graded["submissions"], out, jobs=2, timeout=2, stream=stream)
    assert f"{finished} submissions unchanged" in stream.getvalue()
    assert not list(out.rglob(".*.tmp"))
    assert (out / "grades.csv").read_text() == (graded["out"] / "grades.csv").read_text()


def test_bad_paths_and_shards_give_a_clear_message_and_exit_2(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    submissions = tmp_path / "class"
    submissions.mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["grade", str(submissions), "-o", str(blocker / "out")]) == 2
    assert "cannot write to" in capsys.readouterr().err
    assert main(["grade", str(submissions), "-o", str(submissions / "out")]) == 2
    assert "inside the submissions folder" in capsys.readouterr().err
    for shard in ("3/2", "0/2", "two"):
        assert main(["grade", str(submissions), "-o", str(tmp_path / "out"), "--shard", shard]) == 2
        assert "--shard" in capsys.readouterr().err


def test_an_empty_class_writes_an_empty_gradebook_and_exits_1(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    summary = grade_class(tmp_path / "class", tmp_path / "out", stream=io.StringIO())
    assert summary["students"] == 0 and summary["mean"] is None
    assert read_rows(tmp_path / "out") == []
    assert main(["grade", str(tmp_path / "class"), "-o", str(tmp_path / "out")]) == 1
    assert "holds no submission" in capsys.readouterr().err


def test_a_class_with_nothing_gradable_exits_1_and_lists_every_entry(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "s1.zip").write_bytes(b"not a zip")
    (tmp_path / "class" / "notes.txt").write_text("hello")
    assert main(["grade", str(tmp_path / "class"), "-o", str(tmp_path / "out")]) == 1
    assert "none of the 2 entries could be graded" in capsys.readouterr().err
    assert [(r["student"], r["status"]) for r in read_rows(tmp_path / "out")] == [
        ("notes.txt", "not graded"), ("s1", "not graded")]


# Discovery and materialisation, without grading.

def entry_for(path: Path) -> Entry:
    (entry,) = discover(path.parent)
    return entry


def test_a_zip_with_one_top_level_folder_is_unpacked_at_the_root(tmp_path):
    (tmp_path / "class").mkdir()
    with zipfile.ZipFile(tmp_path / "class" / "s1.zip", "w") as archive:
        for module, text in reference_modules().items():
            archive.writestr(f"s1_work/{module}.py", text)
        archive.writestr("__MACOSX/._activations.py", "junk")
    entry = entry_for(tmp_path / "class" / "s1.zip")
    assert (entry.student, entry.kind) == ("s1", "zip")
    (tmp_path / "built").mkdir()
    materialise(entry, tmp_path / "built")
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == sorted(f"{m}.py" for m in MODULES)


@pytest.mark.parametrize("member, message", [
    ("/etc/evil.py", "outside the submission"),
    ("a/../../evil.py", "outside the submission"),
])
def test_a_zip_pointing_outside_is_refused(tmp_path, member, message):
    (tmp_path / "class").mkdir()
    with zipfile.ZipFile(tmp_path / "class" / "s1.zip", "w") as archive:
        archive.writestr(member, "x = 1\n")
    (tmp_path / "built").mkdir()
    with pytest.raises(SubmissionProblem, match=message):
        materialise(entry_for(tmp_path / "class" / "s1.zip"), tmp_path / "built")
    assert not list((tmp_path / "built").iterdir())


def test_links_and_bombs_in_a_zip_are_refused(tmp_path):
    (tmp_path / "class").mkdir()
    link = zipfile.ZipInfo("activations.py")
    link.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(tmp_path / "class" / "s1.zip", "w") as archive:
        archive.writestr(link, "/work/main/solutions/activations.py")
    (tmp_path / "built").mkdir()
    with pytest.raises(SubmissionProblem, match="symbolic link"):
        materialise(entry_for(tmp_path / "class" / "s1.zip"), tmp_path / "built")
    with zipfile.ZipFile(tmp_path / "class" / "s1.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activations.py", b"\0" * (64 * 2**20))
    with pytest.raises(SubmissionProblem, match="too large"):
        materialise(entry_for(tmp_path / "class" / "s1.zip"), tmp_path / "built")


def test_a_symbolic_link_in_a_folder_is_refused(tmp_path):
    student = tmp_path / "class" / "s1"
    student.mkdir(parents=True)
    (student / "activations.py").symlink_to(KIT_ROOT / "solutions" / "activations.py")
    (tmp_path / "built").mkdir()
    with pytest.raises(SubmissionProblem, match="symbolic link"):
        materialise(entry_for(student), tmp_path / "built")


def test_a_single_file_becomes_every_module(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "s1.py").write_text("def relu(x):\n    return x\n")
    (tmp_path / "built").mkdir()
    materialise(entry_for(tmp_path / "class" / "s1.py"), tmp_path / "built")
    for module in MODULES:
        assert (tmp_path / "built" / f"{module}.py").read_text().startswith("def relu")


def test_duplicate_and_odd_names_are_problems_not_crashes(tmp_path):
    (tmp_path / "s1").mkdir()
    (tmp_path / "s1.zip").write_bytes(b"")
    (tmp_path / "bad name.py").write_text("")
    (tmp_path / "README.txt").write_text("")
    entries = {e.student: e for e in discover(tmp_path)}
    assert set(entries) == {"s1", "bad name.py"}
    assert "several entries" in entries["s1"].problem
    assert "student id" in entries["bad name.py"].problem


def test_shards_are_deterministic_disjoint_slices(tmp_path):
    entries = [Entry(f"s{i:03d}", tmp_path, "folder") for i in range(10)]
    slices = [select_shard(list(reversed(entries)), k, 3) for k in (1, 2, 3)]
    assert [e.student for part in slices for e in part] == [e.student for e in entries]
    assert [len(part) for part in slices] == [3, 3, 4]


# A class with hostile submissions, graded only inside the real sandbox.

ATTACKS = ("kill_parent_and_group", "overwrite_other_students", "forged_results",
           "fork_children_and_daemon")
SAMPLE_EXPECTED = {**{k: v for k, v in EXPECTED.items() if k.startswith("s")},
                   "s012_oh": 94, "s013_seo": 87, "s014_kwon": 100}


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory) -> dict:
    from autograder.sandbox.isolation import make_launcher
    from conftest import SUBMISSIONS, Override

    probe = make_launcher("best")
    mode = probe.mode
    probe.close()
    if mode == "process":
        pytest.skip("hostile submissions are graded only inside bubblewrap or namespaces")
    root = tmp_path_factory.mktemp("hostile-class")
    submissions = root / "class"
    shutil.copytree(SAMPLE, submissions)
    attacks = {name: Override.read(SUBMISSIONS / "hostile" / f"{name}.py") for name in ATTACKS}
    for name, attack in attacks.items():
        attack.build(submissions / f"h_{name}")
    before = {"class": tree_hash(submissions), "kit": tree_hash(KIT_ROOT / "solutions"),
              "sample": tree_hash(SAMPLE)}
    out = root / "out"
    summary = grade_class(submissions, out, jobs=2, timeout=1.5, stream=io.StringIO())
    after = {"class": tree_hash(submissions), "kit": tree_hash(KIT_ROOT / "solutions"),
             "sample": tree_hash(SAMPLE)}
    return {"root": root, "out": out, "summary": summary, "before": before, "after": after,
            "attacks": attacks}


def test_hostile_students_get_their_honest_score_and_others_are_untouched(hostile_class):
    rows = {row["student"]: row for row in read_grades(hostile_class["out"])}
    assert {s: float(rows[s]["total"]) for s in SAMPLE_EXPECTED} == SAMPLE_EXPECTED
    full = rows["s001_kim"]
    for name, attack in hostile_class["attacks"].items():
        row = rows[f"h_{name}"]
        kept = [e.function for e in load_exercises() if e.function not in attack.may_lose]
        assert [row[f] for f in kept] == [full[f] for f in kept], name
    assert hostile_class["summary"]["problems"] == []
    assert hostile_class["summary"]["isolation"].startswith(("bubblewrap", "namespaces"))


def test_hostile_students_change_no_file_and_leave_nothing_running(hostile_class):
    assert hostile_class["after"] == hostile_class["before"]
    out = hostile_class["out"]
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    students = {p.name for p in out.iterdir() if p.is_dir()}
    assert names == {"grades.csv", "summary.json", "report.html"} | {
        f"{s}/{f}" for s in students for f in ("results.json", "feedback.md", "feedback.html")}
    assert not any(b"dlfs-hostile" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert not list(hostile_class["root"].glob("*.csv"))
    assert not Path("/tmp/dlfs_sample_s014_kwon_was_here").exists()
    leftovers = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"dlfs-hostile-fork" in path.read_bytes():
                leftovers.append(path)
        except OSError:
            continue
    assert leftovers == []


def notebook(cells: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": text} for text in cells]})


def test_notebooks_are_graded_like_modules(tmp_path):
    pytest.importorskip("autograder.ecosystem.notebook_code")
    submissions = tmp_path / "class"
    (submissions / "s2_folder").mkdir(parents=True)
    modules = reference_modules()
    (submissions / "s1_single.ipynb").write_text(notebook(list(modules.values())))
    for module, text in modules.items():
        (submissions / "s2_folder" / f"{module}.ipynb").write_text(notebook([text]))
    (submissions / "s3_broken.ipynb").write_text("{not json")
    summary = grade_class(submissions, tmp_path / "out", jobs=2, stream=io.StringIO())
    grades = {row["student"]: float(row["total"]) for row in read_grades(tmp_path / "out")}
    assert grades == {"s1_single": 100, "s2_folder": 100}
    assert [p["student"] for p in summary["problems"]] == ["s3_broken"]


def test_notebooks_feedback_names_the_notebook_cell_and_line(tmp_path):
    """A notebook submission's feedback named 'activations.py, line 18', a file made by the kit;
    it names the notebook, the cell (counted among all cells, Markdown too) and the line in it."""
    pytest.importorskip("autograder.ecosystem.notebook_code")
    submissions = tmp_path / "class"
    (submissions / "s2_folder").mkdir(parents=True)
    modules = reference_modules()
    modules["activations"] = modules["activations"].replace(
        "    return np.array(x > 0, dtype=np.int64)", "    return np.array(x > 0, dtype=np.int)")
    line = modules["activations"].splitlines().index("    return np.array(x > 0, dtype=np.int)") + 1
    with_title = json.loads(notebook(list(modules.values())))
    with_title["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "# Homework"})
    (submissions / "s1_single.ipynb").write_text(json.dumps(with_title))
    for module, text in modules.items():
        cells = json.loads(notebook([text]))
        cells["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": f"# {module}"})
        (submissions / "s2_folder" / f"{module}.ipynb").write_text(json.dumps(cells))
    grade_class(submissions, tmp_path / "out", jobs=2, stream=io.StringIO())
    for student, where in (("s1_single", f"s1_single.ipynb, cell 2, line {line}"),
                           ("s2_folder", f"activations.ipynb, cell 2, line {line}")):
        feedback = (tmp_path / "out" / student / "feedback.md").read_text(encoding="utf-8")
        results = (tmp_path / "out" / student / "results.json").read_text(encoding="utf-8")
        assert f"your line: {where}: return np.array(x > 0, dtype=np.int)" in feedback, feedback
        assert f"the function raised AttributeError ({where})" in feedback  # the hidden check's
        assert where in json.loads(results)["tests"][0]["output"]
        assert ".py, line" not in feedback + results
        step = feedback.split("step_function:")[1].split("\n\n")[0]
        assert step.count("has no attribute 'int'") == 1 and "deprecated alias" not in feedback


def test_an_output_folder_around_the_submissions_never_writes_into_them(tmp_path):
    submissions = tmp_path / "class"
    shutil.copytree(SAMPLE / "s007_cho", submissions / "class")  # a student named like the folder
    (submissions / "class" / "results.json").write_text("the student's own file\n")
    before = tree_hash(submissions)
    summary = grade_class(submissions, tmp_path, jobs=1, stream=io.StringIO())
    assert [p["student"] for p in summary["problems"]] == ["class"]
    assert "choose another output folder" in summary["problems"][0]["message"]
    assert tree_hash(submissions) == before


def test_a_folder_with_the_modules_one_level_down_is_graded_from_there(tmp_path):
    inner = tmp_path / "class" / "s1" / "s1_homework"
    inner.mkdir(parents=True)
    for module, text in reference_modules().items():
        (inner / f"{module}.py").write_text(text)
    (tmp_path / "built").mkdir()
    materialise(entry_for(tmp_path / "class" / "s1"), tmp_path / "built")
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == sorted(f"{m}.py" for m in MODULES)


def test_a_plain_process_is_used_only_when_asked_for():
    from autograder.bulk.workers import WorkerStartError, refuse_unasked_weak_isolation

    weak = "process: separate session, uid 65534, rlimits, fresh scratch copy"
    with pytest.raises(WorkerStartError, match="--isolation process"):
        refuse_unasked_weak_isolation("best", "process", weak)
    refuse_unasked_weak_isolation("process", "process", weak)  # asked for: the instructor's choice
    refuse_unasked_weak_isolation("best", "bubblewrap", "bubblewrap: private read-only filesystem")


def test_grading_workers_start_with_one_blas_thread_unless_the_instructor_chose(monkeypatch):
    """A worker's BLAS would otherwise start a thread per core that spins between the judge's
    small products, taking the CPU the other worker and the sandboxes need."""
    from autograder.bulk.workers import _one_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")  # the instructor's choice
    with _one_blas_thread():
        started_with = {name: os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS",
                                                                  "OMP_NUM_THREADS")}
    assert started_with == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "4"}
    assert "OPENBLAS_NUM_THREADS" not in os.environ  # the run's own environment is left as it was
    assert os.environ["OMP_NUM_THREADS"] == "4"


def three_reference_students(folder: Path) -> list[GradingTask]:
    """s1, s2 and s3, each handing in the reference, as a pool grades them."""
    for name in ("s1", "s2", "s3"):
        copy_reference(folder / name)
    return [GradingTask(entry, "hash", "rubric") for entry in discover(folder)]


def test_a_worker_gets_its_next_submission_before_the_last_one_is_recorded(tmp_path):
    """The run writes a student's files while their worker already grades the next student:
    writing them never holds up the grading."""
    tasks = three_reference_students(tmp_path / "class")
    busy_when_recorded = []
    with WorkerPool(1, Limits(), tmp_path, "process") as pool:
        for _task, reply in pool.grade(tasks):
            assert "results" in reply, reply
            busy_when_recorded.append(pool.workers[0].task is not None)
    assert busy_when_recorded == [True, True, False]  # the last one has nothing after it


def test_a_worker_lost_mid_submission_costs_that_submission_only(tmp_path):
    """The submission its worker was grading gets a problem; the students after it are graded
    by a new worker."""
    tasks = three_reference_students(tmp_path / "class")
    slow = tmp_path / "class" / "s2" / "activations.py"  # time for the worker to be lost in it
    slow.write_text("import time\ntime.sleep(2)\n" + slow.read_text(encoding="utf-8"), encoding="utf-8")
    replies = {}
    with WorkerPool(1, Limits(), tmp_path, "process") as pool:
        for task, reply in pool.grade(tasks):
            replies[task.entry.student] = reply
            if task.entry.student == "s1":
                pool.workers[0].process.kill()  # while it grades s2, handed out with s1's reply
    assert sorted(replies) == ["s1", "s2", "s3"]
    assert "results" in replies["s1"] and "results" in replies["s3"]
    assert "died while grading" in replies["s2"]["problem"]


class _RaisesWhenDropped:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __del__(self) -> None:
        raise self.error  # where Python cannot raise: it goes to sys.unraisablehook


def test_a_stopping_worker_drops_the_interrupt_python_cannot_raise_without_a_traceback(
        monkeypatch, capsys):
    """A run that stops (a full disk) ends its busy workers with SIGTERM; the interrupt that
    lands in a weakref callback printed a traceback on the instructor's terminal."""
    import threading

    from autograder.bulk import workers

    monkeypatch.setattr(sys, "unraisablehook", workers._unraisable)
    monkeypatch.setattr(workers, "_STOPPING", threading.Event())
    _RaisesWhenDropped(KeyboardInterrupt())  # not told to stop: reported as Python does
    assert "KeyboardInterrupt" in capsys.readouterr().err
    workers._STOPPING.set()
    _RaisesWhenDropped(KeyboardInterrupt())
    _RaisesWhenDropped(ValueError("a defect of the kit"))
    told = capsys.readouterr().err
    assert "KeyboardInterrupt" not in told and "a defect of the kit" in told


def test_values_near_the_largest_float_are_judged_without_a_warning_on_the_screen(tmp_path):
    """The checks, diagnoses and plots compute on a student's values: where those overflow, that
    is a wrong answer to report, not NumPy's warnings on the instructor's (or student's) screen."""
    student = tmp_path / "class" / "s1"
    student.mkdir(parents=True)
    for module, text in reference_modules().items():
        if module == "activations":
            text += "\n\ndef softmax(a):\n    return np.full(np.shape(a), 1.7e308)\n"
        (student / f"{module}.py").write_text(text, encoding="utf-8")
    graded = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path / "class"),
                             "-o", str(tmp_path / "out"), *OPTIONS], capture_output=True,
                            text=True, check=False)
    checked = subprocess.run([sys.executable, "-m", "autograder", "check", str(student), "--html",
                              str(tmp_path / "page.html")], capture_output=True, text=True,
                             check=False)
    assert graded.returncode == 0 and checked.returncode == 1, graded.stderr + checked.stderr
    (row,) = read_grades(tmp_path / "out")
    assert row["status"] == "graded" and float(row["total"]) < 100
    assert "Warning" not in graded.stderr + checked.stderr, graded.stderr + checked.stderr
