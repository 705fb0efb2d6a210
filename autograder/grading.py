"""Grading one submission: every check of the rubric, run against the sandboxed student code."""
from __future__ import annotations

import time
from pathlib import Path

from autograder.checks import KINDS, CheckFailure, StudentCode
from autograder.kit import RubricCheck, load_exercises, load_rubric, reference_available
from autograder.mistakes import recognise_mistake
from autograder.results import CheckResult, Failure, FunctionResult, GradingResult
from autograder.sandbox.session import Launcher, Limits, SubmissionSession

__all__ = ["grade_submission", "run_check"]


def grade_submission(folder: Path, *, launcher: Launcher | None = None,
                     limits: Limits | None = None, include_hidden: bool | None = None,
                     functions: list[str] | None = None) -> GradingResult:
    """Run the rubric on the submission in `folder` (the four modules) and return the result.

    Hidden checks run where the reference solutions are present unless `include_hidden` says
    otherwise; `functions` restricts the run to some exercise functions.
    """
    started = time.perf_counter()
    hidden = reference_available() if include_hidden is None else include_hidden
    wanted = [e.function for e in load_exercises() if functions is None or e.function in functions]
    results = {name: FunctionResult(name) for name in wanted}
    with SubmissionSession(folder, launcher, limits) as session:
        student = StudentCode(session)
        for check in load_rubric():
            if check.function in results and (hidden or not check.hidden):
                results[check.function].checks.append(run_check(student, check))
        for result in results.values():
            _explain_failures(student, result)
        isolation = session.launcher.isolation
    return GradingResult(results, hidden_checks_run=hidden, isolation=isolation,
                         seconds=time.perf_counter() - started)


def run_check(student: StudentCode, check: RubricCheck) -> CheckResult:
    """One check: full points if it passes, none with a Failure saying why if it does not."""
    result = CheckResult(check.id, check.function, check.name, 0.0, check.points, check.visibility)
    try:
        KINDS[check.kind](student, check)
    except CheckFailure as failure:
        result.failure = Failure(failure.message, call=failure.call, expected=failure.expected,
                                 actual=failure.actual, hint=check.hint,
                                 not_implemented=failure.not_implemented)
        return result
    result.score = check.points
    return result


def _explain_failures(student: StudentCode, result: FunctionResult) -> None:
    """Name the function's status and, where one is recognised, the likely mistake."""
    failures = [c.failure for c in result.checks if c.failure is not None]
    if not failures:
        return
    if all(f.not_implemented for f in failures) and len(failures) == len(result.checks):
        result.status = "not implemented"
        return
    mistake = recognise_mistake(student, result.name)
    for failure in failures:
        if mistake is not None:
            failure.mistake, failure.mistake_title = mistake.id, mistake.title
            failure.hint = mistake.hint or failure.hint
    result.status = "mistake: " + mistake.title if mistake else "failed"
