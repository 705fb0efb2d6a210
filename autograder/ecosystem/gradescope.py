"""Gradescope: the autograder zip, and the run that turns one submission into results.json.

The zip holds `setup.sh` and `run_autograder` at its root and the kit (code, data, reference
solutions) beside them; Gradescope unpacks it into /autograder/source. `run_autograder` grades
/autograder/submission with `autograder grade` (the bulk path, with its sandbox: student code runs
as an unprivileged user that cannot read the kit) and writes /autograder/results/results.json.
The root is $AUTOGRADER_ROOT when set, so the whole run can be tried in a temporary folder.
"""
from __future__ import annotations

import contextlib
import json
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from autograder.i18n import N_, language
from autograder.kit import DEFAULT_ASSIGNMENT, KIT_ROOT, assignment
from autograder.secret import current_secret

__all__ = ["KIT_FILES", "run_gradescope", "write_autograder_zip"]

KIT_FILES = ("autograder", "data", "solutions", "pyproject.toml", "README.md")
LEFT_OUT = ("__pycache__", "sample_class", "*.pyc")
STUDENT = "submission"
SECRET_FILE = "hidden_checks_secret"  # the instructor's secret (autograder.secret), at the zip's root
WRAPPING_FOLDERS = 8  # folders holding only a folder, opened to find the files
TOO_DEEP = N_("the files are more than {count} folders deep, each holding only the next one; upload the "
              "files themselves")

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
# The instructor's secret hidden checks' inputs are drawn with, put in the zip when it was built
# (closed to students above, never in their bundle): local `autograder grade` runs with the same
# secret give the same grades.
unset AUTOGRADER_SECRET
export AUTOGRADER_SECRET_FILE="$SOURCE/@SECRET@"
PYTHONPATH="$SOURCE" exec "$PYTHON" -m autograder.ecosystem.gradescope "$ROOT" __ASSIGNMENT__
"""


def write_autograder_zip(output: Path, kit: Path = KIT_ROOT,
                         assignment_name: str = DEFAULT_ASSIGNMENT) -> Path:
    """Write Gradescope's autograder zip: setup.sh, run_autograder (which grades submissions
    as `assignment_name`, one of data/assignments.toml) and the kit at its root, with the
    instructor's secret (autograder.secret) that hidden checks' inputs are drawn with."""
    run = (RUN_AUTOGRADER.replace("__ASSIGNMENT__", assignment(assignment_name).name)
           .replace("@LANG@", language()).replace("@SECRET@", SECRET_FILE))
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", run)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        secret = zipfile.ZipInfo(SECRET_FILE)
        secret.external_attr = 0o600 << 16
        secret.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(secret, current_secret() + "\n")
        for name in KIT_FILES:
            path = kit / name
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                relative = file.relative_to(kit)
                if any(relative.match(pattern) or pattern in relative.parts for pattern in LEFT_OUT):
                    continue
                archive.write(file, relative.as_posix())
    return output


def run_gradescope(root: Path, assignment_name: str = DEFAULT_ASSIGNMENT) -> dict:
    """Grade root/submission with `autograder grade`; write and return root/results/results.json.

    The submission is graded as `assignment_name` (one of data/assignments.toml). The result is
    the results.json `autograder grade` writes for the student (one form, see
    autograder.bulk.outputs), with the whole run's time; when nothing could be graded, the
    form of an ungraded submission with the reason.
    """
    from autograder.bulk.outputs import ungraded_results, write_atomically
    from autograder.bulk.run import GradingError, grade_class

    modules = assignment(assignment_name).modules
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as scratch:
        submissions, output = Path(scratch) / "submissions", Path(scratch) / "out"
        submissions.mkdir()
        problem = _stage_submission(root / "submission", submissions, modules)
        results = None
        if problem is None:
            try:
                summary = grade_class(submissions, output, jobs=1, force=True, stream=sys.stderr,
                                      assignment=assignment_name)
            except GradingError as error:
                problem = str(error)
            except Exception as error:  # a defect of the kit: the student still gets a result
                problem = f"an internal error of the autograder ({error!r}); please report it"
            else:
                problem = next((p["message"] for p in summary["problems"]), None)
                results_file = output / STUDENT / "results.json"
                if problem is None and results_file.is_file():
                    results = json.loads(results_file.read_text(encoding="utf-8"))
                problem = problem or "the grader wrote no results"
    if results is None:  # the time of a graded one is its public checks' (results.public_seconds)
        results = ungraded_results(
            f"The autograder could not grade this submission: {problem}. Submit "
            f"{', '.join(m + '.py' for m in modules)} or the assignment's notebooks.",
            time.perf_counter() - started)
    write_atomically(root / "results" / "results.json", json.dumps(results, indent=1, allow_nan=False))
    return results


def _stage_submission(submission: Path, submissions: Path,
                      modules: tuple[str, ...] = assignment(DEFAULT_ASSIGNMENT).modules) -> str | None:
    """Put the student's upload where `autograder grade` expects one student; None when done.

    Only regular files are copied (by content: a hard link is a copy of its file), never through
    a symbolic link: a link in the upload is left out, whatever it points at. An upload wrapped
    in folders holding one folder each is opened WRAPPING_FOLDERS deep at most (1,200 of them
    made the run crash with no results.json at all).
    """
    if not submission.is_dir():
        return f"{submission} does not exist"
    for _ in range(WRAPPING_FOLDERS + 1):
        entries = [p for p in submission.iterdir() if not p.name.startswith((".", "__"))]
        if not (len(entries) == 1 and _is_folder(entries[0])):
            break
        submission = entries[0]  # an uploaded folder holding the files
    else:
        return TOO_DEEP.format(count=WRAPPING_FOLDERS)
    module_files = {f"{m}{suffix}" for m in modules for suffix in (".py", ".ipynb")}
    singles = [p for p in entries if _is_file(p) and p.suffix in (".py", ".ipynb", ".zip")
               and p.name not in module_files]
    if len(singles) == 1 and not any(p.name in module_files for p in entries):
        _copy_regular_file(singles[0], submissions / f"{STUDENT}{singles[0].suffix}")
        return None
    if not any(_is_file(p) or _is_folder(p) for p in entries):
        links = [p.name for p in entries if p.is_symlink()]
        return ("the submission holds only symbolic links (" + ", ".join(links) + "); upload the "
                "files themselves") if links else "the submission is empty"
    _copy_regular_files(submission, submissions / STUDENT, depth=2)
    return None


def _is_file(path: Path) -> bool:
    return stat.S_ISREG(path.lstat().st_mode)


def _is_folder(path: Path) -> bool:
    return stat.S_ISDIR(path.lstat().st_mode)


def _copy_regular_file(source: Path, target: Path) -> None:
    from autograder.bulk.discover import MAX_TOTAL_BYTES, read_regular_file

    target.write_bytes(read_regular_file(source, MAX_TOTAL_BYTES))


def _copy_regular_files(source: Path, target: Path, depth: int) -> None:
    """The regular files and folders of `source` (`depth` levels), never a link or a device."""
    from autograder.bulk.discover import SubmissionProblem

    target.mkdir()
    for path in sorted(source.iterdir()):
        if _is_folder(path) and depth > 0:
            _copy_regular_files(path, target / path.name, depth - 1)
        elif _is_file(path):
            with contextlib.suppress(SubmissionProblem):  # too large: graded as missing
                _copy_regular_file(path, target / path.name)


if __name__ == "__main__":
    run_gradescope(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/autograder"),
                   sys.argv[2] if len(sys.argv) > 2 else DEFAULT_ASSIGNMENT)
