"""GitHub Classroom: the workflow Classroom records; each grader step passes on the reference only."""
from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from autograder.cli import main
from autograder.ecosystem.notebooks import function_points
from autograder.kit import KIT_ROOT, MODULES


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assignment's template repository: the student bundle with the workflow in it."""
    folder = tmp_path_factory.mktemp("classroom") / "template"
    assert main(["bundle", str(folder)]) == 0
    assert main(["classroom", str(folder)]) == 0
    return folder


def workflow(template: Path) -> dict:
    return yaml.safe_load((template / ".github" / "workflows" / "classroom.yml").read_text())


def test_the_workflow_has_the_shape_classroom_records(template: Path) -> None:
    document = workflow(template)
    assert document["name"] == "Autograding Tests"
    steps = document["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if s.get("uses") == "classroom-resources/autograding-command-grader@v1"]
    assert [s["with"]["test-name"] for s in graders] == list(function_points())
    assert {s["with"]["test-name"]: s["with"]["max-score"] for s in graders} == function_points()
    assert sum(s["with"]["max-score"] for s in graders) == 100
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in graders]
    for step in graders:
        key = step["id"].upper() + "_RESULTS"
        assert reporter["env"][key] == "${{steps." + step["id"] + ".outputs.result}}"
        assert {"setup-command", "command", "timeout", "max-score"} <= set(step["with"])


def run_steps(template: Path, answers: Path) -> dict[str, int]:
    """Each grader step's command in the repository holding `answers` as assignments/."""
    for module in MODULES:
        shutil.copy(answers / f"{module}.py", template / "assignments" / f"{module}.py")
    graders = [s for s in workflow(template)["jobs"]["run-autograding-tests"]["steps"]
               if "command" in s.get("with", {})]

    def run(step: dict) -> tuple[str, int]:
        done = subprocess.run(step["with"]["command"], shell=True, cwd=template, capture_output=True)
        return step["with"]["test-name"], done.returncode

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, graders))


def test_every_grader_step_passes_on_the_reference(template: Path) -> None:
    assert set(run_steps(template, KIT_ROOT / "solutions").values()) == {0}


def test_every_grader_step_fails_on_the_stubs(template: Path, tmp_path: Path) -> None:
    assert main(["stubs", str(tmp_path / "stubs")]) == 0
    codes = run_steps(template, tmp_path / "stubs")
    assert sorted(codes) == sorted(function_points())
    assert all(code != 0 for code in codes.values()), codes
