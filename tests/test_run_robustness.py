"""A class run survives any one submission: attacks written by someone who has read the defences.

One class holds, beside honest students, every kind of entry that once stopped, hung or fooled
`autograder grade`: names that are not UTF-8 or hold control characters, FIFOs, device nodes and
sockets named like submissions or modules, symbolic links, a package folder, a compiled
extension and bytecode beside a wrong module, corrupted zips and notebooks, exceptions with
lone surrogates, answers that are not numbers, a student leaking a hidden check's input through
their own exception. It is graded once, by the command line, and each test checks one promise:
every attacker gets no more than their honest score, every other grade is unchanged, the run
completes, nothing is left behind and nothing under SUBMISSIONS changes.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import py_compile
import re
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from autograder.bulk.discover import content_hash, discover, read_snapshot
from autograder.bulk.run import MAX_CALLS, grade_class, rubric_hash, submission_seconds
from autograder.cli import main
from autograder.kit import KIT_ROOT, MODULES
from autograder.sandbox.session import Limits

SOLUTIONS = KIT_ROOT / "solutions"
WRONG_RELU = "\n\ndef relu(x):\n    return x\n"
SECRET = "SECRETINPUT"


def reference() -> dict[str, str]:
    return {f"{m}.py": (SOLUTIONS / f"{m}.py").read_text(encoding="utf-8") for m in MODULES}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def with_activations(extra: str) -> dict[str, str]:
    files = reference()
    files["activations.py"] += extra
    return files


def notebook(cells: list[str], version: int = 4) -> str:
    if version == 3:
        return json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [
            {"cells": [{"cell_type": "code", "input": text, "language": "python", "outputs": []}
                       for text in cells], "metadata": {}}]})
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": text} for text in cells]})


def compiled_extension(folder: Path, module: str, source: str) -> Path | None:
    """A real extension module `module` that runs `source` when imported (None without gcc)."""
    include = sysconfig.get_paths()["include"]
    if shutil.which("gcc") is None or not (Path(include) / "Python.h").is_file():
        return None
    c_file = folder.parent / f"{module}_ext.c"
    c_file.write_text(
        "#include <Python.h>\n"
        f"static struct PyModuleDef def = {{PyModuleDef_HEAD_INIT, \"{module}\", NULL, -1, NULL}};\n"
        f"PyMODINIT_FUNC PyInit_{module}(void) {{\n"
        "  PyObject *m = PyModule_Create(&def); if (!m) return NULL;\n"
        "  PyObject *d = PyModule_GetDict(m);\n"
        "  PyDict_SetItemString(d, \"__builtins__\", PyEval_GetBuiltins());\n"
        f"  PyObject *r = PyRun_String({json.dumps(source)}, Py_file_input, d, d);\n"
        "  if (!r) return NULL; Py_DECREF(r); return m;\n}\n")
    target = folder / f"{module}{sysconfig.get_config_var('EXT_SUFFIX')}"
    built = subprocess.run(["gcc", "-shared", "-fPIC", f"-I{include}", str(c_file), "-o", str(target)],
                           capture_output=True, check=False)
    return target if built.returncode == 0 else None


def tree_state(folder: Path) -> str:
    """A hash of a tree as it is on disk, links and special files included, never followed or
    opened (reading a FIFO would block)."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(os.fsencode(folder)):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(root, name)
            info = os.lstat(path)
            digest.update(path + f"{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode())
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as file:
                    digest.update(file.read())
            elif stat.S_ISLNK(info.st_mode):
                digest.update(os.readlink(path))
    return digest.hexdigest()


def rows_of(out: Path) -> dict[str, dict]:
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def build_hostile_class(root: Path) -> dict[str, object]:
    """The class: honest students, their baselines, and one entry per attack."""
    submissions = root / "class"
    submissions.mkdir()
    honest = {"h_ref": reference(), "h_mse": reference()}
    honest["h_mse"]["losses.py"] += "\n\ndef mean_squared_error(y, t):\n    return np.mean((y - t)**2)\n"
    for student, files in honest.items():
        write_folder(submissions / student, files)
    (submissions / "h_single.py").write_text(
        "\n".join(line for text in reference().values() for line in text.splitlines()
                  if not line.startswith(("from activations", "from gradients"))), encoding="utf-8")

    # Baselines: the honest score of the attackers below.
    write_folder(submissions / "base_relu", with_activations(WRONG_RELU))
    write_folder(submissions / "base_raise", with_activations(
        "\n\ndef relu(x):\n    raise ValueError('plain')\n"))

    # Shadowing: a correct package, extension or bytecode beside a wrong activations.py.
    right = reference()["activations.py"]
    write_folder(submissions / "shadow_pkg", with_activations(WRONG_RELU))
    write_folder(submissions / "shadow_pkg" / "activations", {"__init__.py": right})
    write_folder(submissions / "shadow_pyc", with_activations(WRONG_RELU))
    (submissions / "shadow_pyc" / "__pycache__").mkdir()
    (root / "right").mkdir()
    (root / "right" / "activations.py").write_text(right, encoding="utf-8")
    tag = sys.implementation.cache_tag
    py_compile.compile(str(root / "right" / "activations.py"),
                       cfile=str(submissions / "shadow_pyc" / "__pycache__" / f"activations.{tag}.pyc"),
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    py_compile.compile(str(root / "right" / "activations.py"),
                       cfile=str(submissions / "shadow_pyc" / "activations.pyc"))
    write_folder(submissions / "shadow_so", with_activations(WRONG_RELU))
    extension = compiled_extension(submissions / "shadow_so", "activations", right)
    with zipfile.ZipFile(submissions / "shadow_zip.zip", "w") as archive:
        for name, text in with_activations(WRONG_RELU).items():
            archive.writestr(name, text)
        archive.writestr("activations/__init__.py", right)
        archive.write(submissions / "shadow_pyc" / "__pycache__" / f"activations.{tag}.pyc",
                      f"__pycache__/activations.{tag}.pyc")

    # Links: never followed, on any path.
    (submissions / "links").mkdir()
    for module in MODULES:
        (submissions / "links" / f"{module}.py").symlink_to(SOLUTIONS / f"{module}.py")
    write_folder(submissions / "one_link", with_activations(WRONG_RELU))
    (submissions / "one_link" / "activations.py").unlink()
    (submissions / "one_link" / "activations.py").symlink_to(SOLUTIONS / "activations.py")
    (submissions / "dirlink").symlink_to(SOLUTIONS, target_is_directory=True)
    (submissions / "filelink.py").symlink_to(SOLUTIONS / "activations.py")

    # Special files named like a submission or a module: refused, never waited on.
    os.mkfifo(submissions / "fifo.py")
    write_folder(submissions / "fifo_in", reference())
    (submissions / "fifo_in" / "losses.py").unlink()
    os.mkfifo(submissions / "fifo_in" / "losses.py")
    devices = os.geteuid() == 0
    if devices:  # /dev/zero's numbers: an endless read
        os.mknod(submissions / "dev.py", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        write_folder(submissions / "dev_in", reference())
        (submissions / "dev_in" / "network.py").unlink()
        os.mknod(submissions / "dev_in" / "network.py", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(submissions / "sock.py"))
    server.close()

    # Names: not UTF-8, newlines, control characters, clashes once made printable.
    write_folder(Path(os.fsdecode(os.fsencode(submissions) + b"/caf\xe9")), reference())
    write_folder(submissions / "new\nline", reference())
    write_folder(submissions / "\x1b[2Jclear\r", reference())
    write_folder(submissions / "h ref", reference())  # would be "h_ref" once sanitised
    (submissions / "h_ref.txt").write_text("notes\n")  # same stem as a student

    # Zips and notebooks: corrupted or hostile.
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in reference().items():
            archive.writestr(name, text)
    data = good.getvalue()
    (submissions / "z_truncated.zip").write_bytes(data[: len(data) // 2])
    corrupt = bytearray(data)
    corrupt[60:80] = bytes(20)  # inside the first member's deflate stream
    (submissions / "z_corrupt.zip").write_bytes(bytes(corrupt))
    (submissions / "z_empty.zip").write_bytes(b"")
    with zipfile.ZipFile(submissions / "z_many.zip", "w") as archive:
        for i in range(3000):
            archive.writestr(f"f{i}.py", "")
    with zipfile.ZipFile(submissions / "z_bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activations.py", b"#" * (40 * 2**20))
    with zipfile.ZipFile(submissions / "z_link.zip", "w") as archive:
        link = zipfile.ZipInfo("activations.py")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, str(SOLUTIONS / "activations.py"))
    with zipfile.ZipFile(submissions / "z_escape.zip", "w") as archive:
        archive.writestr("../../escaped.py", "x = 1\n")
    (submissions / "nb_badjson.ipynb").write_text("{not json")
    (submissions / "nb_v3.ipynb").write_text(notebook(list(reference().values()), version=3))
    (submissions / "nb_cells_dict.ipynb").write_text(json.dumps({"nbformat": 4, "cells": {"a": 1}}))
    # cells that are no list stopped the class's assignment vote, so nobody was graded (round 10)
    (submissions / "nb_cells_number.ipynb").write_text(json.dumps({"nbformat": 4, "cells": 5}))
    (submissions / "nb_sheet_cells_true.ipynb").write_text(json.dumps(
        {"nbformat": 3, "worksheets": [{"cells": True}]}))
    (submissions / "nb_version_text.ipynb").write_text(json.dumps({"nbformat": "4", "cells": []}))
    (submissions / "nb_source_ints.ipynb").write_text(json.dumps(
        {"nbformat": 4, "cells": [{"cell_type": "code", "source": [1, 2, None]}]}))
    (submissions / "nb_nested.ipynb").write_text(notebook(
        [*reference().values(), "x = " + "(" * 5000 + ")" * 5000, "y = 1\x00"]))
    (submissions / "nb_not_utf8.ipynb").write_bytes(b'{"nbformat": 4, "cells": ["\xff"]}')

    # Output: surrogates and control characters, answers that are not numbers, a leak.
    write_folder(submissions / "surrogate", with_activations(
        "\n\ndef relu(x):\n    print('\\ud800\\x1b[2J\\r')\n"
        "    raise ValueError('\\ud800 \\x1b[31mred\\r')\n"))
    write_folder(submissions / "not_numbers", with_activations(
        "\n\ndef sigmoid(x):\n    return (1 / (1 + np.exp(-x))).astype(complex)\n"
        "\n\ndef relu(x):\n    return np.maximum(0, x).astype(str)\n"
        "\n\ndef step_function(x):\n    return np.array(x > 0, dtype=np.int64).astype([('v', 'i8')])\n"
        "\n\ndef identity_function(x):\n    return np.array(x, dtype=object)\n"))
    write_folder(submissions / "leak", with_activations(
        "\n\ndef relu(x):\n    x = np.asarray(x, dtype=float)\n"
        "    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):  # not a value a person would write\n"
        # the marker is built at run time: the student's own line may be shown, the message may not
        f"        raise ValueError('{SECRET[:6]}' + '{SECRET[6:]} ' + repr(x.tolist()))\n"
        "    return np.maximum(0, x)\n"))
    return {"submissions": submissions, "extension": extension, "devices": devices}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("hostile-run")
    built = build_hostile_class(root)
    submissions = built["submissions"]
    before = {"class": tree_state(submissions), "kit": tree_state(SOLUTIONS)}
    out = root / "out"
    process = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(submissions),
                                "-o", str(out), "--jobs", "2", "--timeout", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = process.communicate(timeout=900)
    after = {"class": tree_state(submissions), "kit": tree_state(SOLUTIONS)}
    return {**built, "root": root, "out": out, "before": before, "after": after,
            "returncode": process.returncode, "pid": process.pid, "stdout": stdout, "stderr": stderr,
            "rows": rows_of(out), "summary": json.loads((out / "summary.json").read_text())}


def total(hostile_run: dict, student: str) -> float:
    row = hostile_run["rows"][student]
    assert row["status"] == "graded", (student, row["reason"])
    return float(row["total"])


def test_the_run_completes_and_honest_students_keep_their_grades(hostile_run):
    assert hostile_run["returncode"] == 0, hostile_run["stderr"].decode(errors="replace")[-3000:]
    assert total(hostile_run, "h_ref") == 100 and total(hostile_run, "h_single") == 100
    assert total(hostile_run, "h_mse") == 94
    for student in ("caf\\xe9", "new\\nline", "\\x1b[2Jclear\\r"):
        assert hostile_run["rows"][student]["status"] == "not graded"  # a name to fix, a row
    assert total(hostile_run, "nb_v3") == 100  # nbformat 3 is a notebook like any other


def test_a_package_extension_or_bytecode_never_shadows_the_module(hostile_run):
    honest = total(hostile_run, "base_relu")
    assert honest < 100
    for student in ("shadow_pkg", "shadow_pyc", "shadow_zip"):
        assert total(hostile_run, student) == honest, student
    if hostile_run["extension"] is None:
        pytest.skip("no C compiler or Python headers to build an extension module")
    assert total(hostile_run, "shadow_so") == honest


def test_symbolic_links_are_never_followed(hostile_run):
    rows = hostile_run["rows"]
    for student in ("links", "one_link", "dirlink", "filelink.py"):
        assert rows[student]["status"] == "not graded", student
        assert "symbolic link" in rows[student]["reason"], rows[student]["reason"]


def test_fifos_devices_and_sockets_are_refused_not_read(hostile_run):
    rows = hostile_run["rows"]
    students = ["fifo.py", "fifo_in", "sock.py"] + (["dev.py", "dev_in"] if hostile_run["devices"] else [])
    for student in students:
        assert rows[student]["status"] == "not graded", student
        assert "not a regular file" in rows[student]["reason"], rows[student]["reason"]


def test_one_row_per_entry_and_a_bad_name_blocks_nobody(hostile_run):
    rows = hostile_run["rows"]
    assert total(hostile_run, "h_ref") == 100  # "h ref" and "h_ref.txt" block nothing
    assert rows["h ref"]["status"] == rows["h_ref.txt"]["status"] == "not graded"
    names = [name for name in os.listdir(os.fsencode(hostile_run["submissions"]))]
    assert len(rows) == len(names)  # every entry of SUBMISSIONS, once
    summary = hostile_run["summary"]
    assert summary["students"] == len(rows)
    assert summary["graded"] == sum(row["status"] == "graded" for row in rows.values())


def test_corrupted_and_hostile_zips_and_notebooks_are_problems_of_their_own(hostile_run):
    rows = hostile_run["rows"]
    for student in ("z_truncated", "z_corrupt", "z_empty", "z_many", "z_bomb", "z_link",
                    "z_escape", "nb_badjson", "nb_cells_dict", "nb_version_text",
                    "nb_not_utf8", "nb_cells_number", "nb_sheet_cells_true"):
        assert rows[student]["status"] == "not graded", student
        assert rows[student]["reason"], student
    assert not (hostile_run["root"] / "escaped.py").exists()
    assert total(hostile_run, "nb_nested") == 100  # the cells that are Python are graded
    assert hostile_run["rows"]["nb_source_ints"]["status"] == "not graded"  # no code: no module


def test_surrogates_and_control_characters_in_output_do_not_stop_the_run(hostile_run):
    assert total(hostile_run, "surrogate") == total(hostile_run, "base_raise")
    for stream in ("stdout", "stderr"):
        text = hostile_run[stream].decode("utf-8")  # strict: what was printed is valid UTF-8
        assert "\x1b" not in text and "\r" not in text, stream
    assert "caf\\xe9" in hostile_run["stdout"].decode() + hostile_run["stderr"].decode()


def test_answers_that_are_not_numbers_are_wrong_answers_with_a_clear_message(hostile_run):
    row = hostile_run["rows"]["not_numbers"]
    tops = {f: 0.0 for f in ("step_function", "sigmoid", "relu", "identity_function")}
    results = json.loads((hostile_run["out"] / "not_numbers" / "results.json").read_text())
    for test in results["tests"]:
        if test["extra_data"]["function"] in tops:
            tops[test["extra_data"]["function"]] += test["max_score"]
    for function, top in tops.items():
        assert float(row[function]) < top, function
    messages = " ".join(t["output"] for t in results["tests"])
    assert "complex128, not numbers" in messages and "not numbers" in messages


def test_a_hidden_check_never_shows_its_inputs_even_in_the_student_s_exception(hostile_run):
    folder = hostile_run["out"] / "leak"
    for name in ("results.json", "feedback.md", "feedback.html"):
        assert SECRET not in (folder / name).read_text(encoding="utf-8"), name
    results = json.loads((folder / "results.json").read_text())
    hidden = [t for t in results["tests"] if t["visibility"] != "visible" and t["status"] == "failed"]
    assert hidden and all("raised ValueError" in t["output"] for t in hidden)


def test_nothing_under_submissions_changes_and_no_scratch_folder_is_left(hostile_run):
    assert hostile_run["after"] == hostile_run["before"]
    leftovers = list(Path("/dev/shm").glob(f"dlfs-grade-{hostile_run['pid']}-*")) + \
        list(Path("/tmp").glob(f"dlfs-grade-{hostile_run['pid']}-*"))
    assert leftovers == []


def test_the_report_and_summary_list_exactly_the_students_of_grades_csv(hostile_run):
    rows = hostile_run["rows"]
    summary = hostile_run["summary"]
    graded = {s for s, row in rows.items() if row["status"] == "graded"}
    assert {p["student"] for p in summary["problems"]} == set(rows) - graded
    report = (hostile_run["out"] / "report.html").read_text(encoding="utf-8")
    linked = {unquote(link) for link in re.findall(r'href="([^"]+)/feedback\.html"', report)}
    assert linked == graded


# A student who leaves the class disappears from the report; a file changed during the run.

def test_a_student_who_left_is_not_in_the_report_of_the_next_run(tmp_path):
    submissions = tmp_path / "class"
    for student in ("s1", "s2"):
        write_folder(submissions / student, reference())
    grade_class(submissions, tmp_path / "out", jobs=1, stream=io.StringIO())
    shutil.rmtree(submissions / "s2")
    summary = grade_class(submissions, tmp_path / "out", jobs=1, stream=io.StringIO())
    report = (tmp_path / "out" / "report.html").read_text()
    report = re.sub(r'data:image/png;base64,[^"]*', "data:", report)  # "s2/" can be in a plot's base64
    assert list(rows_of(tmp_path / "out")) == ["s1"] and summary["students"] == 1
    assert 'href="s1/feedback.html"' in report and ">s2<" not in report and "s2/" not in report


def test_the_hash_recorded_is_that_of_the_bytes_graded(tmp_path):
    from autograder.bulk.workers import GradingTask, grade_entry
    from autograder.sandbox.session import ProcessLauncher

    student = write_folder(tmp_path / "class" / "s1", reference())
    (entry,) = discover(tmp_path / "class")
    stale = content_hash(entry)
    (student / "losses.py").write_text(reference()["losses.py"] + WRONG_RELU)  # changed mid-run
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    launcher = ProcessLauncher()
    reply = grade_entry(GradingTask(entry, stale, "rubric"), launcher, Limits(), scratch)
    recorded = json.loads(reply["results"])["extra_data"]["content_hash"]
    assert recorded == read_snapshot(entry).hash != stale
    assert list(scratch.iterdir()) == []


def test_resume_keys_on_every_option_that_changes_a_grade():
    base = rubric_hash(Limits())
    assert rubric_hash(Limits(import_seconds=20)) != base
    assert rubric_hash(Limits(processes=8)) != base
    assert rubric_hash(Limits(), "process") != base
    assert rubric_hash(Limits()) == base


def test_a_submission_within_its_per_call_limits_is_never_stopped_for_its_total(tmp_path):
    """MAX_CALLS bounds the calls grading makes on the submissions that make the most."""
    import autograder.grading as grading

    counted: list = []

    class Counting(grading.SubmissionSession):
        def __enter__(self):
            counted.append(self)
            return super().__enter__()

    off_by_one_percent = {name: text.replace("return ", "return 1.01 * ")
                          for name, text in reference().items()}
    stubs = {f"{m}.py": (KIT_ROOT / "assignments" / f"{m}.py").read_text() for m in MODULES}
    original = grading.SubmissionSession
    grading.SubmissionSession = Counting
    try:
        for name, files in (("off", off_by_one_percent), ("stubs", stubs), ("ref", reference())):
            grading.grade_submission(write_folder(tmp_path / name, files), plots="failing")
    finally:
        grading.SubmissionSession = original
    most = max(len(session.calls_made) for session in counted)
    assert 0 < most <= MAX_CALLS
    limits = Limits(call_seconds=2.5, import_seconds=7)
    # each module imported in the checks' child and again in the fresh one for the feedback
    assert submission_seconds(limits) >= most * limits.call_seconds + 2 * len(MODULES) * limits.import_seconds


# A full output disk: the run stops cleanly, keeps what it wrote, and the next run goes on.

@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_output_disk_stops_the_run_cleanly_and_the_next_run_resumes(tmp_path):
    submissions = tmp_path / "class"
    for i in range(8):
        files = reference() if i % 2 else with_activations(WRONG_RELU)
        write_folder(submissions / f"s{i}", files)
    out = tmp_path / "out"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=120k", "tmpfs", str(out)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        before = tree_state(submissions)
        process = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(submissions),
                                    "-o", str(out), "--jobs", "2"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 2, stderr
        assert "full" in stderr and "run the same command again" in stderr
        assert "Traceback" not in stderr
        kept = [p.parent.name for p in out.glob("*/results.json")]
        for path in out.glob("*/results.json"):
            json.loads(path.read_text())  # whole, never half-written
        assert not list(out.rglob(".*.tmp"))
        assert not list(Path("/dev/shm").glob(f"dlfs-grade-{process.pid}-*"))
        assert tree_state(submissions) == before

        subprocess.run(["mount", "-o", "remount,size=50m", str(out)], check=True)
        stream = io.StringIO()
        grade_class(submissions, out, jobs=2, stream=stream)
        if kept:
            assert f"{len(kept)} submissions unchanged" in stream.getvalue()
        totals = {s: float(r["total"]) for s, r in rows_of(out).items()}
        honest = {f"s{i}": 100.0 if i % 2 else totals["s0"] for i in range(8)}
        assert totals == honest and totals["s0"] < 100
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_a_full_scratch_disk_is_reported_as_a_full_disk_not_as_the_student_s_fault(
        tmp_path, monkeypatch):
    import errno

    import autograder.bulk.workers as workers
    from autograder.sandbox.session import ProcessLauncher

    write_folder(tmp_path / "class" / "s1", reference())
    (entry,) = discover(tmp_path / "class")

    def full(entry, destination):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workers, "materialise", full)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    reply = workers.grade_entry(workers.GradingTask(entry, "", ""), ProcessLauncher(), Limits(), scratch)
    assert "problem" not in reply and "No space left" in reply["disk_full"]
    assert list(scratch.iterdir()) == []


# Errors an instructor or a student meets.

def test_nbgrader_s_submitted_layout_is_graded_as_it_is(tmp_path):
    submitted = tmp_path / "course" / "submitted"
    for student in ("alice", "bob"):
        folder = submitted / student / "dlfs"
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-11-30 01:00:00")
        for name, text in reference().items():
            if student == "bob" and name == "activations.py":
                text = text.replace("def softmax(a):", "def softmax(a:")
            (folder / name.replace(".py", ".ipynb")).write_text(notebook([text]))
    assert main(["grade", str(submitted), "-o", str(tmp_path / "out")]) == 0
    rows = rows_of(tmp_path / "out")
    assert float(rows["alice"]["total"]) == 100 and float(rows["bob"]["total"]) < 100
    results = json.loads((tmp_path / "out" / "bob" / "results.json").read_text())
    assert "activations.ipynb, cell 1, line" in results["output"]
    outputs = " ".join(t["output"] for t in results["tests"])
    assert "syntax error at line" in outputs and "defines no function" not in outputs


def test_a_syntax_error_in_a_single_py_names_that_file_and_line(tmp_path):
    submissions = tmp_path / "class"
    submissions.mkdir()
    text = "\n".join(line for t in reference().values() for line in t.splitlines()
                     if not line.startswith(("from activations", "from gradients")))
    (submissions / "s1.py").write_text(text + "\n\ndef oops(:\n    pass\n")
    line = text.count("\n") + 3
    grade_class(submissions, tmp_path / "out", jobs=1, stream=io.StringIO())
    results = json.loads((tmp_path / "out" / "s1" / "results.json").read_text())
    outputs = " ".join(t["output"] for t in results["tests"])
    assert f"s1.py, line {line}" in outputs
    assert "activations.py" not in outputs and "defines no function" not in outputs


def test_a_module_named_with_the_wrong_case_gets_a_suggestion(tmp_path, capsys):
    folder = write_folder(tmp_path / "class" / "s1", reference())
    (folder / "activations.py").rename(folder / "Activations.py")
    grade_class(tmp_path / "class", tmp_path / "out", jobs=1, stream=io.StringIO())
    results = json.loads((tmp_path / "out" / "s1" / "results.json").read_text())
    assert "rename it to activations.py" in results["output"]
    main(["check", str(folder), "--function", "relu"])
    assert "Activations.py is not graded: rename it to activations.py" in capsys.readouterr().err


def test_check_with_a_misspelt_function_is_a_usage_error_with_suggestions(capsys):
    assert main(["check", str(SOLUTIONS), "--function", "softmaxx"]) == 2
    error = capsys.readouterr().err
    assert "did you mean softmax" in error and "Traceback" not in error


def test_absurd_limits_are_refused_or_warned_before_grading(tmp_path, capsys):
    write_folder(tmp_path / "class" / "s1", reference())
    assert main(["grade", str(tmp_path / "class"), "-o", str(tmp_path / "out"), "--memory", "16"]) == 2
    assert "--memory 16 MB is too small" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert main(["grade", str(tmp_path / "class"), "-o", str(tmp_path / "out"),
                 "--jobs", str((os.cpu_count() or 1) + 7)]) == 0
    assert "is more than the" in capsys.readouterr().err
    for option in ("--timeout", "--memory", "--jobs"):
        with pytest.raises(SystemExit) as stopped:
            main(["grade", str(tmp_path / "class"), "-o", str(tmp_path / "out"), option, "nan"])
        assert stopped.value.code == 2


def test_an_internal_error_exits_2_not_1(tmp_path, capsys, monkeypatch):
    import autograder.grading

    def broken(*args, **kwargs):
        raise RuntimeError("a defect of the kit")

    monkeypatch.setattr(autograder.grading, "grade_submission", broken)
    assert main(["check", str(SOLUTIONS)]) == 2
    error = capsys.readouterr().err
    assert "could not run" in error and "a defect of the kit" in error
