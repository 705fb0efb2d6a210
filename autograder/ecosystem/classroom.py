"""GitHub Classroom: the autograding workflow Classroom records, one grader step per function.

Each step runs `autograder check` on one exercise function and earns that function's points
(from data/rubric.toml) when every check the repository holds passes; the reporter step comes
last. The template repository is what students receive (`autograder bundle`): only public checks
run there, since anything in a student's repository is visible to the student.
"""
from __future__ import annotations

from pathlib import Path

from autograder.ecosystem.notebooks import function_points
from autograder.i18n import language
from autograder.kit import KIT_ROOT, assignment, use_assignment

__all__ = ["grader_steps", "step_id", "workflow_text", "write_classroom_workflow"]

SETUP = "python3 -m pip install -q 'numpy>=1.24'"
TIMEOUT_MINUTES = 2

HEADER = """name: Autograding Tests
'on':
- push
- repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - name: Checkout code
      uses: actions/checkout@v4
"""

STEP = """    - name: {name}
      id: {id}
      uses: classroom-resources/autograding-command-grader@v1
      with:
        test-name: {name}
        setup-command: {setup}
        command: {command}
        timeout: {timeout}
        max-score: {points}
"""


def step_id(function: str) -> str:
    """Classroom's step id for a test name: lower case, hyphens."""
    return function.lower().replace("_", "-").replace(".", "-")


def grader_steps(submission: str = "assignments") -> list[dict[str, str | int | float]]:
    """One grader step per exercise function: name, id, command and points."""
    return [{"name": function, "id": step_id(function),
             "command": (f"python3 -m autograder check {submission} --function {function} "
                         f"--lang {language()}"),
             "points": int(points) if float(points).is_integer() else points}
            for function, points in function_points().items()]


def workflow_text(submission: str = "assignments") -> str:
    """The workflow file: checkout, a grader step per function, the reporter last."""
    steps = grader_steps(submission)
    text = HEADER + "".join(STEP.format(setup=SETUP, timeout=TIMEOUT_MINUTES, **step)
                            for step in steps)
    text += ("    - name: Autograding Reporter\n"
             "      uses: classroom-resources/autograding-grading-reporter@v1\n"
             "      env:\n")
    text += "".join(f'        {str(s["id"]).upper()}_RESULTS: "${{{{steps.{s["id"]}.outputs.result}}}}"\n'
                    for s in steps)
    text += "      with:\n        runners: " + ",".join(str(s["id"]) for s in steps) + "\n"
    return text


def write_classroom_workflow(folder: Path, submission: str | None = None,
                             assignment_name: str | None = None) -> Path:
    """Write folder/.github/workflows/classroom.yml for the assignment (`basics` by default),
    whose modules are in `submission` (default: its stubs folder, as the bundle places it)."""
    chosen = assignment(assignment_name)
    submission = submission or chosen.stubs_dir.relative_to(KIT_ROOT).as_posix()
    path = folder / ".github" / "workflows" / "classroom.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with use_assignment(chosen):
        path.write_text(workflow_text(submission), encoding="utf-8")
    return path
