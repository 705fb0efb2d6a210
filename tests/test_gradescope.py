"""Gradescope: the zip, run the way Gradescope runs it, in a folder standing in for /autograder."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, MODULES

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
MISTAKE = ("0.5 * np.sum((y - t)**2)", "np.mean((y - t)**2)")  # fails a hidden check too


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("zip") / "autograder.zip"
    assert main(["gradescope", str(path)]) == 0
    return path


def run_like_gradescope(autograder_zip: Path, root: Path, submission: dict[str, str],
                        prepare: Callable[[Path], None] | None = None) -> dict:
    """Unzip into root/source, put the files in root/submission, run run_autograder as root."""
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    for name, text in submission.items():
        (root / "submission" / name).write_text(text, encoding="utf-8")
    if prepare is not None:
        prepare(root / "submission")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environment["AUTOGRADER_ROOT"] = str(root)
    subprocess.run(["bash", str(root / "source" / "run_autograder")], env=environment, check=True,
                   capture_output=True, timeout=120)
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def reference(mistake: tuple[str, str] | None = None) -> dict[str, str]:
    files = {f"{m}.py": (KIT_ROOT / "solutions" / f"{m}.py").read_text(encoding="utf-8") for m in MODULES}
    if mistake:
        files["losses.py"] = files["losses.py"].replace(*mistake)
    return files


def assert_gradescope_format(results: dict) -> None:
    assert isinstance(results["execution_time"], int | float) and results["execution_time"] > 0
    assert isinstance(results["score"], int | float)
    assert set(results) <= {"score", "execution_time", "output", "output_format", "visibility",
                            "stdout_visibility", "extra_data", "tests", "leaderboard",
                            "test_output_format", "test_name_format"}
    for test in results["tests"]:
        assert {"name", "score", "max_score", "visibility"} <= set(test)
        assert test["visibility"] in VISIBILITIES
        assert isinstance(test["score"], int | float) and isinstance(test["max_score"], int | float)
        assert set(test) <= {"score", "max_score", "status", "name", "name_format", "number",
                             "output", "output_format", "tags", "visibility", "extra_data"}
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


def test_the_zip_has_setup_and_run_autograder_at_its_root(autograder_zip: Path) -> None:
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
    assert "bubblewrap" in setup and "'numpy" in setup
    assert "'matplotlib" in setup  # the book's gradients.py plots at import
    assert {"setup.sh", "run_autograder", "autograder/grading.py", "data/rubric.toml",
            "solutions/activations.py"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert not any("__pycache__" in n or n.startswith("data/sample_class") for n in names)


def test_the_reference_gets_full_marks_in_gradescopes_format(autograder_zip: Path, tmp_path: Path) -> None:
    results = run_like_gradescope(autograder_zip, tmp_path / "autograder", reference())
    assert_gradescope_format(results)
    assert results["score"] == 100
    assert sum(t["max_score"] for t in results["tests"]) == 100
    # the kit is closed to the unprivileged user that runs student code (Gradescope runs as root)
    source = tmp_path / "autograder" / "source"
    secrets = [source / "solutions" / "activations.py", source / "autograder" / "checks" / "hidden.py"]
    for path in secrets if os.getuid() == 0 else []:
        assert path.stat().st_mode & 0o077 == 0, path


def test_a_mistake_costs_what_autograder_grade_says_and_hides_hidden_inputs(
        autograder_zip: Path, tmp_path: Path) -> None:
    from autograder.ecosystem.notebooks import write_notebooks

    # submitted as the assignment's notebooks; graded against the .py twin
    notebooks = {p.name: p.read_text(encoding="utf-8").replace(*MISTAKE)
                 for p in write_notebooks(tmp_path / "notebooks")}
    results = run_like_gradescope(autograder_zip, tmp_path / "autograder", notebooks)
    assert_gradescope_format(results)
    twin = tmp_path / "twin"
    twin.mkdir()
    for name, text in reference(MISTAKE).items():
        (twin / name).write_text(text, encoding="utf-8")
    graded = grade_submission(twin)
    assert results["score"] == graded.total < 100
    hidden = [c for c in graded.checks() if c.visibility == "hidden" and not c.passed]
    assert hidden
    numbers = [n for c in hidden for n in re.findall(r"\d\.\d{6,}", c.failure.call + c.failure.expected)]
    text = json.dumps(results)
    assert numbers and [n for n in numbers if n in text] == []
    lost = {t["name"].split(":")[0] for t in results["tests"] if t["score"] < t["max_score"]}
    assert lost == {"mean_squared_error"}


def test_an_empty_submission_gets_a_clear_message(autograder_zip: Path, tmp_path: Path) -> None:
    results = run_like_gradescope(autograder_zip, tmp_path / "autograder", {})
    assert_gradescope_format(results)
    assert results["score"] == 0 and "could not grade" in results["output"]
    shutil.rmtree(tmp_path / "autograder")


@pytest.mark.skipif(os.getuid() != 0, reason="Gradescope runs run_autograder as root; so must this")
def test_student_code_runs_unprivileged_and_cannot_read_the_kit(autograder_zip: Path, tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    files = reference()
    files["activations.py"] += f'''

def relu(x):
    """The right answer only where the kit stays out of reach and the user is not root."""
    import os
    try:
        open({str(root / "source" / "solutions" / "activations.py")!r}).read()
        return x * 0 - 1
    except OSError:
        return np.maximum(0, x) if os.getuid() != 0 else x * 0 - 1
'''
    results = run_like_gradescope(autograder_zip, root, files)
    assert results["score"] == 100, [t["output"] for t in results["tests"] if t["score"] < t["max_score"]]


def run_prepared(autograder_zip: Path, root: Path, prepare) -> dict:
    """run_like_gradescope with an upload `prepare(source, submission)` makes (links, ...)."""
    run_like_gradescope(autograder_zip, root, {})  # unpacks the kit; an empty upload first
    shutil.rmtree(root / "submission")
    (root / "submission").mkdir()
    prepare(root / "source", root / "submission")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environment["AUTOGRADER_ROOT"] = str(root)
    subprocess.run(["bash", str(root / "source" / "run_autograder")], env=environment, check=True,
                   capture_output=True, timeout=120)
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_symbolic_links_into_the_autograder_s_own_folder_score_nothing(
        autograder_zip: Path, tmp_path: Path) -> None:
    def only_links(source: Path, submission: Path) -> None:
        for module in MODULES:
            (submission / f"{module}.py").symlink_to(source / "solutions" / f"{module}.py")

    results = run_prepared(autograder_zip, tmp_path / "links", only_links)
    assert_gradescope_format(results)
    assert results["score"] == 0 and "symbolic links" in results["output"]

    def folder_link(source: Path, submission: Path) -> None:
        (submission / "work").symlink_to(source / "solutions", target_is_directory=True)

    results = run_prepared(autograder_zip, tmp_path / "folder-link", folder_link)
    assert results["score"] == 0

    def one_link(source: Path, submission: Path) -> None:  # honest files, the wrong one a link
        for name, text in reference(MISTAKE).items():
            (submission / name).write_text(text, encoding="utf-8")
        (submission / "losses.py").unlink()
        (submission / "losses.py").symlink_to(source / "solutions" / "losses.py")

    results = run_prepared(autograder_zip, tmp_path / "one-link", one_link)
    lost = {t["name"].split(":")[0] for t in results["tests"] if t["score"] < t["max_score"]}
    assert lost == {"mean_squared_error", "cross_entropy_error"}  # losses.py is missing


def test_hard_linked_files_are_graded_by_their_content_and_left_unchanged(
        autograder_zip: Path, tmp_path: Path) -> None:
    originals = tmp_path / "originals"
    originals.mkdir()
    for name, text in reference(MISTAKE).items():
        (originals / name).write_text(text, encoding="utf-8")
    before = {p.name: (p.read_bytes(), p.stat().st_mode, p.stat().st_uid) for p in originals.iterdir()}

    def hard_links(source: Path, submission: Path) -> None:
        for path in originals.iterdir():
            os.link(path, submission / path.name)

    results = run_prepared(autograder_zip, tmp_path / "hard", hard_links)
    lost = {t["name"].split(":")[0] for t in results["tests"] if t["score"] < t["max_score"]}
    assert lost == {"mean_squared_error"} and 90 < results["score"] < 100
    after = {p.name: (p.read_bytes(), p.stat().st_mode, p.stat().st_uid) for p in originals.iterdir()}
    assert after == before


def test_an_upload_nested_in_a_thousand_folders_still_gets_a_result(autograder_zip: Path,
                                                                    tmp_path: Path) -> None:
    """1,100 folders, each holding the next, made the run crash (RecursionError): no results.json."""
    depth = 1100
    folders: list[Path] = []

    def nest(submission: Path) -> None:
        folder = submission
        for _ in range(depth):  # one mkdir at a time: Path.mkdir(parents=True) recurses too
            folder = folder / "a"
            folder.mkdir()
            folders.append(folder)
        (folder / "activations.py").write_text("def relu(x):\n    return x\n", encoding="utf-8")

    results = run_like_gradescope(autograder_zip, tmp_path / "autograder", {}, prepare=nest)
    assert_gradescope_format(results)
    assert results["score"] == 0 and "could not grade" in results["output"]
    assert "folders deep" in results["output"]
    (folders[-1] / "activations.py").unlink()
    for folder in reversed(folders):  # bottom up: shutil.rmtree recurses as deep as the tree
        folder.rmdir()


SLEEPS_ON_A_HIDDEN_INPUT = '''

def relu(x):
    import time
    if np.any(np.abs(np.asarray(x) - np.round(x, 6)) > 0):  # a random input: a hidden check's
        time.sleep(min(1.0, 0.5 * float(np.max(np.abs(x)))))  # as the input says (helper attack)
    return np.maximum(0, x)
'''


def test_the_time_a_student_is_shown_is_that_of_the_public_checks(autograder_zip: Path,
                                                                   tmp_path: Path) -> None:
    """execution_time told how long a hidden check took, so a relu that slept as long as its
    hidden input said read the input back from results.json (to the millisecond); the student
    sees the public checks' time only."""
    files = reference()
    files["activations.py"] += SLEEPS_ON_A_HIDDEN_INPUT
    results = run_like_gradescope(autograder_zip, tmp_path / "autograder", files)
    assert results["score"] == 100
    graded = tmp_path / "twin"
    graded.mkdir()
    for name, text in files.items():
        (graded / name).write_text(text, encoding="utf-8")
    result = grade_submission(graded)
    assert result.seconds > result.public_seconds + 0.5  # the hidden check did sleep
    assert results["execution_time"] < 0.5 * result.seconds
