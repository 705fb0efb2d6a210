"""Gradescope: the autograder zip, and the run that turns one submission into results.json.

The zip holds `setup.sh` and `run_autograder` at its root and the kit (code, data, reference
solutions) beside them; Gradescope unpacks it into /autograder/source. `run_autograder` grades
/autograder/submission with `autograder grade` (the bulk path, with its sandbox: student code runs
as an unprivileged user that cannot read the kit) and writes /autograder/results/results.json.
The root is $AUTOGRADER_ROOT when set, so the whole run can be tried in a temporary folder.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from autograder.i18n import language
from autograder.kit import KIT_ROOT, MODULES

__all__ = ["KIT_FILES", "gradescope_results", "run_gradescope", "write_autograder_zip"]

KIT_FILES = ("autograder", "data", "solutions", "pyproject.toml", "README.md")
LEFT_OUT = ("__pycache__", "sample_class", "*.pyc")
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
            "leaderboard"}
STUDENT = "submission"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu, as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  apt-get install -y -qq python3.11 python3.11-venv >/dev/null && PYTHON=python3.11
fi
"$PYTHON" -m venv /autograder/venv
# matplotlib: learners' modules import it (the book's ch04 scripts plot at import)
/autograder/venv/bin/pip install -q 'numpy>=1.24' 'nbformat>=5.9' 'matplotlib>=3.7' 'babel>=2.12'
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission: grade /autograder/submission into results.json.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="$ROOT/venv/bin/python"
[ -x "$PYTHON" ] || PYTHON=python3
# Students' code runs as an unprivileged user: the kit's folders are closed to it, except the
# path to the sandbox's own scripts (the child needs them to start).
if [ "$(id -u)" = 0 ]; then
  chmod -R go-rwx "$SOURCE"
  chmod go+x "$SOURCE" "$SOURCE/autograder" "$SOURCE/autograder/sandbox"
  chmod go+r "$SOURCE"/autograder/sandbox/*.py
fi
cd "$SOURCE"
export AUTOGRADER_LANG="${AUTOGRADER_LANG:-@LANG@}"  # the class's language, chosen when the zip was built
PYTHONPATH="$SOURCE" exec "$PYTHON" -m autograder.ecosystem.gradescope "$ROOT"
"""


def write_autograder_zip(output: Path, kit: Path = KIT_ROOT) -> Path:
    """Write Gradescope's autograder zip: setup.sh, run_autograder and the kit at its root."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        run_autograder = RUN_AUTOGRADER.replace("@LANG@", language())
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", run_autograder)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        for name in KIT_FILES:
            path = kit / name
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                relative = file.relative_to(kit)
                if any(relative.match(pattern) or pattern in relative.parts for pattern in LEFT_OUT):
                    continue
                archive.write(file, relative.as_posix())
    return output


def run_gradescope(root: Path) -> dict:
    """Grade root/submission with `autograder grade`; write and return root/results/results.json."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as scratch:
        submissions, output = Path(scratch) / "submissions", Path(scratch) / "out"
        submissions.mkdir()
        problem = _stage_submission(root / "submission", submissions)
        results = None
        if problem is None:
            command = [sys.executable, "-m", "autograder", "grade", str(submissions), "-o",
                       str(output), "--jobs", "1", "--force"]
            ran = subprocess.run(command, capture_output=True, text=True, cwd=KIT_ROOT)
            results_file = output / STUDENT / "results.json"
            if results_file.exists():
                results = json.loads(results_file.read_text(encoding="utf-8"))
            else:
                problem = (ran.stderr.strip().splitlines() or ["the grader wrote no results"])[-1]
    results = gradescope_results(results, problem, time.perf_counter() - started)
    target = root / "results" / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.partial")
    partial.write_text(json.dumps(results, indent=1, allow_nan=False), encoding="utf-8")
    os.replace(partial, target)
    return results


def gradescope_results(results: dict | None, problem: str | None, seconds: float) -> dict:
    """`autograder grade`'s results.json in Gradescope's format, with a numeric execution_time."""
    if results is None:
        return {"score": 0.0, "execution_time": round(seconds, 3), "tests": [],
                "output": f"The autograder could not grade this submission: {problem}. Submit "
                          f"{', '.join(m + '.py' for m in MODULES)} or the assignment's notebooks."}
    tests = []
    for test in results.get("tests", []):
        kept = {k: v for k, v in test.items() if k in TEST_KEYS}
        extra = {k: v for k, v in test.items() if k not in TEST_KEYS}
        if extra:
            kept["extra_data"] = {**kept.get("extra_data", {}), **extra}
        tests.append(kept)
    graded = {k: v for k, v in results.items() if k in TOP_KEYS}
    graded.update(tests=tests, execution_time=round(seconds, 3))
    graded.setdefault("score", sum(float(t.get("score", 0)) for t in tests))
    return graded


def _stage_submission(submission: Path, submissions: Path) -> str | None:
    """Put the student's upload where `autograder grade` expects one student; None when done."""
    if not submission.is_dir():
        return f"{submission} does not exist"
    entries = [p for p in submission.iterdir() if not p.name.startswith((".", "__"))]
    if len(entries) == 1 and entries[0].is_dir():  # an uploaded folder holding the files
        return _stage_submission(entries[0], submissions)
    module_files = {f"{m}{suffix}" for m in MODULES for suffix in (".py", ".ipynb")}
    singles = [p for p in entries if p.is_file() and p.suffix in (".py", ".ipynb", ".zip")
               and p.name not in module_files]
    if len(singles) == 1 and not any(p.name in module_files for p in entries):
        shutil.copy2(singles[0], submissions / f"{STUDENT}{singles[0].suffix}")
        return None
    if not entries:
        return "the submission is empty"
    shutil.copytree(submission, submissions / STUDENT)
    return None


if __name__ == "__main__":
    run_gradescope(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/autograder"))
