"""The training assignment: TwoLayerNet and the mini-batch loop of chapter 4, graded.

The corpus under tests/submissions/training/ is written like the basics corpus
(tests/submissions/README.md): each file of mistakes/ is one learner's mistake added to (or,
with `replace: true`, put in place of) a module of solutions/training/; correct/ holds correct
code written differently; book/ the book's own ch04 code adapted to the contract's names.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import StudentCode
from autograder.grading import grade_submission
from autograder.kit import (
    KIT_ROOT,
    assignment,
    load_exercises,
    load_known_cases,
    load_mistakes,
    use_assignment,
)
from autograder.mistakes import signs_hold
from autograder.sandbox.session import Limits, SubmissionSession
from conftest import Override

CORPUS = Path(__file__).parent / "submissions" / "training"
TRAINING = assignment("training")
PATIENT = Limits(call_seconds=20.0)  # correctness, not speed, is tested here


def overrides(kind: str) -> list[Override]:
    return [Override.read(p) for p in sorted((CORPUS / kind).glob("*.py"))]


def build(submission: Override, destination: Path) -> Path:
    """solutions/training/*.py with the submission's change applied (as Override.build does)."""
    destination.mkdir(parents=True)
    for name in TRAINING.modules:
        shutil.copy(TRAINING.solutions_dir / f"{name}.py", destination / f"{name}.py")
    target = destination / submission.file
    body = submission.path.read_text(encoding="utf-8")
    if submission.replace:
        target.write_text(body, encoding="utf-8")
    else:
        target.write_text(target.read_text(encoding="utf-8") + "\n\n" + body, encoding="utf-8")
    return destination


def grade(folder: Path):
    return grade_submission(folder, limits=PATIENT, assignment="training")


MISTAKES = overrides("mistakes")
CORRECT = overrides("correct")


def test_the_corpus_holds_20_mistakes_and_5_correct_variants():
    assert len(MISTAKES) >= 20 and len({m.mistake for m in MISTAKES}) >= 20
    assert len(CORRECT) >= 5
    known = {m.id for m in load_mistakes("training")}
    assert {name for m in MISTAKES for name in m.mistakes} <= known


@pytest.mark.parametrize("submission", MISTAKES, ids=lambda o: o.path.stem)
def test_a_training_mistake_loses_points_on_its_function_and_is_named(submission: Override,
                                                                      tmp_path: Path):
    result = grade(build(submission, tmp_path / "s"))
    for name, function in result.functions.items():
        if name in submission.loses:
            assert function.score < function.max_score, f"{name} should lose points"
        elif name not in submission.may_lose:
            assert function.score == function.max_score, f"{name} lost points: {function.status}"
    failing = [c for name in submission.loses for c in result.functions[name].checks if c.failure]
    assert {c.failure.mistake for c in failing} == set(submission.mistakes), \
        [(c.id, c.failure.mistake, c.failure.message) for c in failing]


@pytest.mark.parametrize("submission", CORRECT, ids=lambda o: o.path.stem)
def test_a_correct_training_variant_gets_full_marks_and_no_mistake(submission: Override,
                                                                   tmp_path: Path):
    folder = build(submission, tmp_path / "s")
    result = grade(folder)
    assert {n: f.status for n, f in result.functions.items() if f.score < f.max_score} == {}
    assert result.total == result.max_total == 100
    assert mistakes_seen_in(folder) == {}


def test_the_book_s_chapter_4_code_gets_full_marks():
    result = grade(CORPUS / "book")
    lost = {name: [c.message for c in f.checks if c.failure]
            for name, f in result.functions.items() if f.score < f.max_score}
    assert lost == {}
    assert result.total == 100


HOSTILE = [Override.read(p) for p in sorted((CORPUS.parent / "hostile" / "training").glob("*.py"))]
HONEST_COUNTERPART = {  # the same code without the attack
    "forged_training_log": CORPUS / "mistakes" / "train_first_rows.py",  # the log untouched
    "fits_the_test_digits": CORPUS.parent / "hostile" / "training" / "honest" / "made_up_curves.py",
    "keeps_the_reference_class": CORPUS.parent / "hostile" / "training" / "honest" / "computes_nothing.py",
}
FAILS_TOO = {"forged_training_log": "train.random_batches"}  # what the attack must not hide


@pytest.mark.parametrize("submission", HOSTILE, ids=lambda o: o.path.stem)
def test_a_training_attack_earns_no_more_than_the_same_code_honestly(submission: Override,
                                                                     tmp_path: Path):
    honest = Override.read(HONEST_COUNTERPART[submission.path.stem])
    attacked = grade(build(submission, tmp_path / "attack"))
    baseline = grade(build(honest, tmp_path / "honest"))
    for name in submission.loses:
        assert attacked.functions[name].score <= baseline.functions[name].score < \
            attacked.functions[name].max_score, (name, attacked.functions[name].status)
    assert attacked.total <= baseline.total
    failed = {c.id for f in attacked.functions.values() for c in f.checks if c.failure}
    assert FAILS_TOO.get(submission.path.stem, "") in failed | {""}


def test_the_log_names_every_training_row_and_the_graded_digits_are_the_book_s_within_a_millionth():
    from autograder.checks.training import _digits
    from autograder.datasets import load_digits
    from autograder.sandbox.child import row_keys
    (x_train, _), _ = _digits()
    (raw, _), _ = load_digits(normalize=True, flatten=True, one_hot_label=True)
    assert len(np.unique(row_keys(x_train))) == len(x_train)  # the replay knows each batch's rows
    assert len(np.unique(row_keys(raw))) < len(raw)  # which the raw pixels' keys would not say
    changed = np.flatnonzero(np.any(x_train != raw, axis=1))
    assert 0 < len(changed) <= 10 and np.max(np.abs(x_train - raw)) <= 2.0 ** -20


def test_the_reference_gets_100_and_the_stubs_0():
    reference = grade(TRAINING.solutions_dir)
    assert reference.total == reference.max_total == 100
    stubs = grade(TRAINING.stubs_dir)
    assert stubs.total == 0
    assert all(f.status == "not implemented" for f in stubs.functions.values())


def mistakes_seen_in(folder: Path) -> dict[str, str]:
    """Every function's recognised mistake, looked for even though the function passes."""
    with use_assignment("training"), SubmissionSession(folder, limits=PATIENT) as session:
        student = StudentCode(session)
        found = {e.function: next((m for m in load_mistakes() if signs_hold(student, e.function, m)),
                                  None) for e in load_exercises()}
    return {function: mistake.id for function, mistake in found.items() if mistake is not None}


def test_the_known_values_are_the_reference_s():
    sys.path.insert(0, str(Path(__file__).parent / "training"))
    try:
        import known_values_source
    finally:
        sys.path.pop(0)
    written = (TRAINING.data_dir / "known_values.toml").read_text(encoding="utf-8")
    assert written == known_values_source.render()
    assert set(load_known_cases("training")) == {c["id"] for c in known_values_source.cases()}


# ---- the front doors: check, grade (a course holding both assignments), the bundle ------------


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=600)


def test_check_finds_the_assignment_from_the_folder_and_takes_it_as_an_option():
    reference = run_cli("check", str(TRAINING.solutions_dir), "--json")
    assert reference.returncode == 0, reference.stderr
    assert json.loads(reference.stdout)["total"] == 100
    stubs = run_cli("check", "--assignment", "training")
    assert stubs.returncode == 1
    assert "TwoLayerNet.gradient" in stubs.stdout and "0 / 100" in stubs.stdout
    wrong = run_cli("check", str(TRAINING.solutions_dir), "--assignment", "basics")
    assert wrong.returncode == 2 and "holds none of activations.py" in wrong.stderr


def test_grade_a_course_folder_holding_both_assignments(tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(KIT_ROOT / "solutions", course / "basics" / "s01_ref",
                    ignore=shutil.ignore_patterns("training", "__pycache__"))
    shutil.copytree(KIT_ROOT / "assignments", course / "basics" / "s02_stub",
                    ignore=shutil.ignore_patterns("training", "__pycache__"))
    build(next(m for m in MISTAKES if m.path.stem == "train_same_batch"), course / "training" / "s01_ref")
    shutil.copytree(CORPUS / "book", course / "training" / "s03_book")
    out = tmp_path / "out"
    done = run_cli("grade", str(course), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = (out / "grades.csv").read_text().splitlines()
    assert rows[0] == "student,basics,training,total,max_total"
    assert rows[1:] == ["s01_ref,100,86,186,200", "s02_stub,0,0,0,200", "s03_book,0,100,100,200"]
    training = json.loads((out / "training" / "s01_ref" / "results.json").read_text())
    failed = [t for t in training["tests"] if t["status"] == "failed"]
    assert {t["extra_data"]["mistake"] for t in failed} == {"train.same_batch"}
    assert "TwoLayerNet.gradient" in (out / "training" / "grades.csv").read_text().splitlines()[0]
    assert (out / "training" / "report.html").exists() and (out / "basics" / "report.html").exists()


def test_grade_takes_the_assignment_as_an_option(tmp_path: Path):
    submissions = tmp_path / "class"
    shutil.copytree(TRAINING.solutions_dir, submissions / "ref", ignore=shutil.ignore_patterns("__pycache__"))
    done = run_cli("grade", str(submissions), "-o", str(tmp_path / "out"), "--assignment", "training")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "grades.csv").read_text().splitlines()[1].startswith("ref,100,100,10,")


def test_grade_finds_the_assignment_the_students_folders_hold_and_says_so(tmp_path: Path):
    """A class of training folders graded without --assignment is graded as training, not
    refused student by student for holding none of basics' modules."""
    submissions = tmp_path / "class"
    shutil.copytree(TRAINING.solutions_dir, submissions / "ref", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(TRAINING.solutions_dir, submissions / "nested" / "training",
                    ignore=shutil.ignore_patterns("__pycache__"))  # unpacked one level down
    with zipfile.ZipFile(submissions / "zipped.zip", "w") as archive:  # as an LMS hands it in
        for module in TRAINING.modules:
            archive.write(TRAINING.solutions_dir / f"{module}.py", f"zipped/{module}.py")
    done = run_cli("grade", str(submissions), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "graded as training (--assignment chooses)" in done.stderr
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()
    assert "TwoLayerNet.gradient" in rows[0]
    assert [row.split(",")[:2] for row in rows[1:]] == [["nested", "100"], ["ref", "100"], ["zipped", "100"]]
    zips = tmp_path / "zips"  # a class of zips only says it too
    zips.mkdir()
    shutil.copy(submissions / "zipped.zip", zips / "z1.zip")
    done = run_cli("grade", str(zips), "-o", str(tmp_path / "out_zips"))
    assert done.returncode == 0 and "graded as training" in done.stderr, done.stderr
    basics = tmp_path / "basics"
    shutil.copytree(KIT_ROOT / "solutions", basics / "ref",
                    ignore=shutil.ignore_patterns("training", "__pycache__"))
    done = run_cli("grade", str(basics), "-o", str(tmp_path / "out_basics"))
    assert done.returncode == 0 and "--assignment chooses" not in done.stderr

def test_the_student_bundle_holds_both_assignments_without_answers(tmp_path: Path):
    bundle = tmp_path / "kit"
    assert run_cli("bundle", str(bundle)).returncode == 0
    for hidden in ("training_hidden.py", "recording_net.py", "hidden.py", "reference.py"):
        assert not list(bundle.rglob(hidden)), hidden
    assert not (bundle / "data" / "training" / "hidden_runs.toml").exists()
    assert "BEGIN SOLUTION" not in (bundle / "assignments" / "training" / "two_layer_net.py").read_text()
    assert "np.sum(dz1, axis=0)" not in "".join(p.read_text() for p in bundle.rglob("*.py"))
    for name in TRAINING.modules:  # a student who finished, checking in the bundle
        shutil.copy(TRAINING.solutions_dir / f"{name}.py", bundle / "assignments" / "training")
    env = {"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"}
    done = run_cli("check", "assignments/training", "--json", cwd=bundle, env=env)
    assert done.returncode == 0, done.stderr + done.stdout
    result = json.loads(done.stdout)
    assert result["total"] == result["max_total"] == 73  # the public checks only
    stubs = run_cli("check", cwd=bundle, env=env)  # basics' stubs, the default
    assert stubs.returncode == 1 and "step_function" in stubs.stdout


def test_only_training_in_a_bundle_is_the_default_there(tmp_path: Path):
    bundle = tmp_path / "kit"
    assert run_cli("bundle", str(bundle), "--assignment", "training").returncode == 0
    assert not (bundle / "assignments" / "activations.py").exists()
    env = {"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"}
    done = run_cli("check", "assignments/training", cwd=bundle, env=env)
    assert done.returncode == 1 and "TwoLayerNet" in done.stdout, done.stderr


def test_the_reference_learns_well_above_the_threshold_on_every_seed():
    """The threshold of train.learns leaves room: the reference loop, seeds 0 to 19."""
    sys.path.insert(0, str(TRAINING.solutions_dir))
    try:
        from train import train
        from two_layer_net import TwoLayerNet
    finally:
        sys.path.pop(0)
    from autograder.checks.training import training_settings
    from autograder.datasets import load_digits
    with use_assignment("training"):
        settings = training_settings()
    (x_train, t_train), (x_test, t_test) = load_digits(one_hot_label=True)
    rows = settings["train_rows"]
    accuracies = []
    for seed in range(20):
        np.random.seed(seed)
        network = TwoLayerNet(64, settings["hidden_size"], 10)
        train(network, x_train[:rows], t_train[:rows], x_test, t_test, settings["iters_num"],
              settings["batch_size"], settings["learning_rate"], np.random.default_rng(seed))
        accuracies.append(network.accuracy(x_test, t_test))
    assert min(accuracies) >= settings["min_test_accuracy"] + 0.05, accuracies


def test_the_digits_loader_is_the_book_s_load_mnist_in_small():
    from autograder.datasets import load_digits
    (x_train, t_train), (x_test, t_test) = load_digits(normalize=False, flatten=False)
    assert x_train.shape == (1437, 1, 8, 8) and x_test.shape == (360, 1, 8, 8)
    assert x_train.dtype == np.uint8 and x_train.max() == 16 and t_train.dtype == np.uint8
    (x_train, t_train), _ = load_digits(one_hot_label=True)
    assert x_train.shape == (1437, 64) and x_train.min() >= 0 and x_train.max() == 1.0
    assert t_train.shape == (1437, 10) and np.all(t_train.sum(axis=1) == 1)
    assert "CC BY 4.0" in (TRAINING.data_dir / "DATA_LICENSE.md").read_text()


def test_the_feedback_page_shows_the_curves_the_digits_and_the_gradient_table(tmp_path: Path):
    from autograder.checks.training import training_settings
    from autograder.feedback import write_feedback_html

    mistakes = {m.path.stem: m for m in MISTAKES}
    folder = build(mistakes["grad_no_batch_divide"], tmp_path / "s")
    result = grade_submission(folder, limits=PATIENT, assignment="training", plots=True)
    kinds = [p.kind for p in result.plots]
    assert kinds.count("training_curves") == 1 and kinds.count("digit_grid") == 1
    curves = next(p for p in result.plots if p.kind == "training_curves").series
    with use_assignment("training"):
        iterations = training_settings()["iters_num"]
    assert len(curves["loss"]) == len(curves["reference"]["loss"]) == iterations
    with use_assignment("training"):
        page = write_feedback_html(result, tmp_path / "feedback.html", folder=folder).read_text()
    assert page.count("data:image/png;base64,") >= 2
    assert "relative error" in page and "FAILS" in page  # the gradient check, per parameter
    assert "the gradient not divided by the batch size" in page


# ---- Gradescope and GitHub Classroom --------------------------------------------------------------


def test_the_gradescope_zip_for_training_grades_an_upload_like_gradescope(tmp_path: Path):
    from test_gradescope import assert_gradescope_format, run_like_gradescope

    autograder_zip = tmp_path / "autograder.zip"
    assert run_cli("gradescope", str(autograder_zip), "--assignment", "training").returncode == 0
    files = {f"{m}.py": (TRAINING.solutions_dir / f"{m}.py").read_text() for m in TRAINING.modules}
    results = run_like_gradescope(autograder_zip, tmp_path / "reference", files)
    assert_gradescope_format(results)
    assert results["score"] == 100
    mistakes = {m.path.stem: m for m in MISTAKES}
    wrong = build(mistakes["train_first_rows"], tmp_path / "wrong")
    files = {f"{m}.py": (wrong / f"{m}.py").read_text() for m in TRAINING.modules}
    results = run_like_gradescope(autograder_zip, tmp_path / "mistake", files)
    failed = [t for t in results["tests"] if t["score"] < t["max_score"]]
    assert failed and {t["extra_data"]["function"] for t in failed} == {"train"}
    assert {t["extra_data"]["mistake"] for t in failed} == {"train.first_rows"}
    assert results["score"] == grade(wrong).total


def test_the_classroom_workflow_for_training_passes_the_reference_only(tmp_path: Path):
    import yaml

    from autograder.ecosystem.notebooks import function_points

    template = tmp_path / "template"
    assert run_cli("bundle", str(template), "--assignment", "training").returncode == 0
    assert run_cli("classroom", str(template), "--assignment", "training").returncode == 0
    steps = yaml.safe_load((template / ".github" / "workflows" / "classroom.yml").read_text())[
        "jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if "command" in s.get("with", {})]
    with use_assignment("training"):
        assert {s["with"]["test-name"]: s["with"]["max-score"] for s in graders} == function_points()
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", s["id"]) for s in graders)
    assert all("assignments/training" in s["with"]["command"] for s in graders)

    def run_all(answers: Path) -> dict[str, int]:
        for name in TRAINING.modules:
            shutil.copy(answers / f"{name}.py", template / "assignments" / "training" / f"{name}.py")
        env = {**os.environ, "PYTHONPATH": str(template)}
        return {s["with"]["test-name"]: subprocess.run(
                    [sys.executable, *s["with"]["command"].split()[1:]], cwd=template, env=env,
                    capture_output=True).returncode for s in graders}

    assert set(run_all(TRAINING.solutions_dir).values()) == {0}
    assert set(run_all(TRAINING.stubs_dir).values()) == {1}


def test_slices_of_a_training_class_merge_with_its_columns(tmp_path: Path):
    submissions = tmp_path / "class"
    for name in ("a", "b"):
        shutil.copytree(TRAINING.solutions_dir, submissions / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for shard in ("1/2", "2/2"):
        done = run_cli("grade", str(submissions), "-o", str(tmp_path / shard.replace("/", "-")),
                       "--assignment", "training", "--shard", shard)
        assert done.returncode == 0, done.stderr
    merged = run_cli("merge", str(tmp_path / "1-2"), str(tmp_path / "2-2"), "-o", str(tmp_path / "all"),
                     "--assignment", "training")
    assert merged.returncode == 0, merged.stderr
    rows = (tmp_path / "all" / "grades.csv").read_text().splitlines()
    assert rows[0].split(",")[3:] == [*(e.function for e in load_exercises("training")), "status", "reason",
                                       "status_text"]
    assert [r.split(",")[1] for r in rows[1:]] == ["100", "100"]


# ---- the notebook: check() and points_for() in Jupyter, the live loss curve ----------------------


def test_the_training_notebook_runs_headless_with_full_marks_and_a_live_loss_curve(tmp_path: Path):
    import nbformat
    from nbclient import NotebookClient

    from autograder.ecosystem.notebooks import function_points
    from autograder.ecosystem.training_notebook import write_training_notebook

    path = write_training_notebook(tmp_path)
    client = NotebookClient(nbformat.read(str(path), as_version=4), timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    with use_assignment("training"):
        expected = function_points()
    graded = {}
    for cell in client.nb.cells:
        if cell.cell_type != "code":
            continue
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert ("error", None) not in kinds, cell.source
        marks = cell.metadata.get("nbgrader", {})
        if marks.get("grade"):
            result = next(o for o in cell.outputs if o.output_type == "execute_result")
            graded[marks["grade_id"]] = float(result.data["text/plain"])
    assert sum(graded.values()) == sum(expected.values()) == 100
    figure = next(c for c in client.nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "figure")
    assert any("image/png" in o.get("data", {}) for o in figure.outputs)
    assert "test accuracy after 150 iterations" in "".join(o.get("text", "") for o in figure.outputs)
    last = client.nb.cells[-1].outputs[0].data
    assert "TwoLayerNet.gradient" in last["text/plain"] and "100 / 100" in last["text/plain"]


def test_check_in_a_notebook_grades_a_class_defined_there(tmp_path: Path):
    import runpy

    sources = {m: (TRAINING.solutions_dir / f"{m}.py").read_text() for m in TRAINING.modules}
    network = sources["two_layer_net"].split("\n\n\n", 1)[1].replace(
        "dy = (y - t) / batch_num", "dy = y - t")  # the mistake: not divided by the batch size
    script = tmp_path / "notebook.py"
    script.write_text(sources["functions"] + "\n\n" + network + "\n\n" +
                      sources["train"].split("\n\n\n", 1)[1] +
                      "\n\nfrom autograder import check\nresult = check()\n", encoding="utf-8")
    result = runpy.run_path(str(script), run_name="__main__")["result"]
    assert list(result.functions) == [e.function for e in load_exercises("training")]
    lost = {n for n, f in result.functions.items() if f.score < f.max_score}
    assert lost == {"TwoLayerNet.gradient"}
    assert "not divided by the batch size" in result.table()


def test_the_real_nbgrader_round_trip_of_the_training_notebook(tmp_path: Path):
    """generate_assignment, two students submit, autograde: the points autograder grade gives."""
    import nbformat
    from nbgrader.api import Gradebook

    course = tmp_path / "course"

    def nbgrader(*command: str) -> None:
        done = subprocess.run(["nbgrader", *command, "--force"], cwd=course, capture_output=True,
                              text=True, env={**os.environ, "PATH": f"{Path(sys.executable).parent}:"
                                              + os.environ.get("PATH", "")})
        assert done.returncode == 0, done.stdout + done.stderr

    assert run_cli("nbgrader", str(course), "--assignment", "training").returncode == 0
    nbgrader("generate_assignment", "training")
    released = course / "release" / "training" / "training.ipynb"
    text = released.read_text()
    assert "BEGIN SOLUTION" not in text and "np.sum(dz1, axis=0)" not in text
    source = nbformat.read(str(course / "source" / "training" / "training.ipynb"), as_version=4)
    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    mistake = ("dy = (y - t) / batch_num", "dy = y - t")
    for student, change in (("ref", None), ("mistaken", mistake)):
        notebook = nbformat.read(str(released), as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id].replace(*change) if change else answers[grade_id]
        (course / "submitted" / student / "training").mkdir(parents=True)
        nbformat.write(notebook, str(course / "submitted" / student / "training" / "training.ipynb"))
    nbgrader("autograde", "training")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission("training", s).score for s in ("ref", "mistaken")}
    assert scores["ref"] == 100
    mistaken = build(next(m for m in MISTAKES if m.path.stem == "grad_no_batch_divide"), tmp_path / "twin")
    assert scores["mistaken"] == grade(mistaken).total == 80


def test_grade_takes_a_training_notebook_as_a_submission(tmp_path: Path):
    from autograder.ecosystem.training_notebook import write_training_notebook

    submissions = tmp_path / "class"
    submissions.mkdir()
    shutil.copy(write_training_notebook(tmp_path / "source"), submissions / "s1.ipynb")
    done = run_cli("grade", str(submissions), "-o", str(tmp_path / "out"), "--assignment", "training")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "grades.csv").read_text().splitlines()[1].startswith("s1,100,100,")


def test_grade_finds_the_assignment_of_single_files_and_notebooks_by_what_they_define(tmp_path: Path):
    """A single .py or notebooks name no module, so the exercises they define say which
    assignment they are: a class of them is graded as training without --assignment, not
    given 0 in every basics column."""
    from autograder.ecosystem.training_notebook import write_training_notebook

    submissions = tmp_path / "class"
    submissions.mkdir()
    shutil.copy(write_training_notebook(tmp_path / "source"), submissions / "s1.ipynb")
    nbgrader_layout = submissions / "s2" / "training"  # submitted/<student>/<assignment>/
    nbgrader_layout.mkdir(parents=True)
    shutil.copy(submissions / "s1.ipynb", nbgrader_layout / "training.ipynb")
    (submissions / "s3.py").write_text("\n\n".join(  # everything in one file
        (TRAINING.solutions_dir / f"{module}.py").read_text() for module in TRAINING.modules))
    done = run_cli("grade", str(submissions), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "graded as training (--assignment chooses)" in done.stderr
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()
    assert [row.split(",")[:2] for row in rows[1:]] == [["s1", "100"], ["s2", "100"], ["s3", "100"]]
    basics = tmp_path / "basics"  # basics' functions in one file (training's pasted ones too)
    basics.mkdir()
    (basics / "b1.py").write_text("\n\n".join(
        (KIT_ROOT / "solutions" / f"{module}.py").read_text() for module in assignment("basics").modules))
    done = run_cli("grade", str(basics), "-o", str(tmp_path / "out_basics"))
    assert done.returncode == 0 and "--assignment chooses" not in done.stderr, done.stderr
    assert (tmp_path / "out_basics" / "grades.csv").read_text().splitlines()[1].startswith("b1,100,100,")
    shutil.copy(submissions / "s3.py", basics / "a0.py")  # one vote each: a tie is basics'
    done = run_cli("grade", str(basics), "-o", str(tmp_path / "out_tie"))
    assert "--assignment chooses" not in done.stderr, done.stderr
    assert (tmp_path / "out_tie" / "grades.csv").read_text().splitlines()[2].startswith("b1,100,100,")


def test_training_folders_with_notebooks_beside_their_modules_are_training(tmp_path: Path):
    """A training folder holding a notebook too (classed as notebooks under basics) votes by its
    module files; a notebook's markdown that says "def sigmoid" casts no vote: a helper's attack
    turned such a class over to basics, every student refused."""
    import nbformat

    submissions = tmp_path / "class"
    for student in ("alice", "bob", "carol"):
        shutil.copytree(TRAINING.solutions_dir, submissions / student,
                        ignore=shutil.ignore_patterns("__pycache__"))
        notebook = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell("Recall from chapter 3:\ndef sigmoid(x) squashes values."),
            nbformat.v4.new_code_cell("from two_layer_net import TwoLayerNet")])
        nbformat.write(notebook, str(submissions / student / "experiments.ipynb"))
    prose = tmp_path / "prose"  # notebooks whose only "def" is prose say nothing
    prose.mkdir()
    shutil.copy(submissions / "alice" / "experiments.ipynb", prose / "p1.ipynb")
    done = run_cli("grade", str(submissions), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "graded as training (--assignment chooses)" in done.stderr
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()
    assert [row.split(",")[:2] for row in rows[1:]] == [["alice", "100"], ["bob", "100"], ["carol", "100"]]
    done = run_cli("grade", str(prose), "-o", str(tmp_path / "out_prose"))
    assert "no submission shows which assignment it is" in done.stderr, done.stderr


def test_check_takes_a_notebook_in_any_case_and_never_a_hidden_one(tmp_path: Path):
    from autograder.ecosystem.training_notebook import write_training_notebook

    made = write_training_notebook(tmp_path / "source")
    upper = tmp_path / "upper"
    upper.mkdir()
    shutil.copy(made, upper / "homework.IPYNB")
    done = run_cli("check", str(upper))
    assert done.returncode == 0 and "TwoLayerNet.gradient" in done.stdout, done.stderr + done.stdout
    hidden = tmp_path / "hidden"  # a dotfile is never graded, so it does not choose either
    hidden.mkdir()
    shutil.copy(made, hidden / ".hw.ipynb")
    done = run_cli("check", str(hidden))
    assert done.returncode == 2 and "activations.py" in done.stderr, done.stderr


def test_a_notebook_s_name_never_decides_its_assignment_only_its_code(tmp_path: Path):
    """`check` and `grade` follow one rule: module files vote by name, notebooks by the code
    they define. A basics notebook a learner called functions.ipynb (a training module's name)
    is basics for both; `check` used to take it for training by its name."""
    from autograder.ecosystem.notebooks import write_notebooks

    activations = write_notebooks(tmp_path / "made")[0]  # sigmoid, softmax, ... of basics
    assert activations.name == "activations.ipynb"
    student = tmp_path / "class" / "s1"
    student.mkdir(parents=True)
    shutil.copy(activations, student / "functions.ipynb")
    done = run_cli("check", str(student))
    assert done.returncode in (0, 1) and "softmax" in done.stdout, done.stderr + done.stdout
    assert "TwoLayerNet" not in done.stdout, done.stdout
    done = run_cli("grade", str(student.parent), "-o", str(tmp_path / "out"))
    assert done.returncode in (0, 1) and "--assignment chooses" not in done.stderr, done.stderr
    assert "softmax" in (tmp_path / "out" / "grades.csv").read_text().splitlines()[0]
