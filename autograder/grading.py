"""Grading one submission: every check of the rubric, run against the sandboxed student code."""
from __future__ import annotations

import time
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

from autograder.checks import CheckFailure, StudentCode
from autograder.checks.kinds import KINDS
from autograder.checks.shrink import MAX_SECONDS, shrink_counterexample
from autograder.diagnosis import attribute
from autograder.feedback.explain import fill_differences
from autograder.kit import RubricCheck, load_exercises, load_rubric, reference_available
from autograder.results import CheckResult, Failure, FunctionResult, GradingResult
from autograder.sandbox.prefetch import CallPlan
from autograder.sandbox.session import Launcher, Limits, SubmissionSession

__all__ = ["grade_submission", "run_check"]

SHRINK_SECONDS = 10.0  # all the counterexamples of one submission (a slow function is probed less)


def grade_submission(folder: Path, *, launcher: Launcher | None = None,
                     limits: Limits | None = None, include_hidden: bool | None = None,
                     functions: list[str] | None = None, counterexamples: bool = True,
                     plots: bool | str = False, plan: CallPlan | None = None) -> GradingResult:
    """Run the rubric on the submission in `folder` (the four modules) and return the result.

    Hidden checks run where the reference solutions are present unless `include_hidden` says
    otherwise; `functions` restricts the run to some exercise functions. After every check has
    run (so grades never depend on them): `counterexamples` shrinks the input of each failed
    randomized check to a minimal one, and `plots` makes the few extra sandboxed calls the
    feedback page plots (plain data on `result.plots`; drawing happens when a page is written):
    True plots every implemented function, "failing" only those that lost points (bulk grading:
    a picture where the student needs one, and small pages for a whole class). A `plan`, shared
    by the submissions one process grades, sends the calls the checks will make to the sandbox
    ahead, in batches, and the checks judge the replies as they come (autograder.sandbox.prefetch):
    it changes the time grading takes, not the grades.
    """
    started = time.perf_counter()
    hidden = reference_available() if include_hidden is None else include_hidden
    wanted = [e.function for e in load_exercises() if functions is None or e.function in functions]
    results = {name: FunctionResult(name) for name in wanted}
    with SubmissionSession(folder, launcher, limits) as session:
        student = StudentCode(session)
        groups = [(function, [c for c in checks if hidden or not c.hidden])
                  for function, checks in groupby(load_rubric(), key=attrgetter("function"))
                  if function in results]
        if plan is not None:  # the child makes these calls while the checks judge the replies
            session.prefetch([call for function, _ in groups for call in plan.calls(function)])
        for function, checks in groups:
            first_call = len(session.calls_made)
            for check in checks:
                results[function].checks.append(_run_check(student, check))
            if plan is not None and all(c.failure is None for c in results[function].checks):
                plan.learn(function, session.calls_made[first_call:])
        for result in results.values():
            _explain_failures(student, result)
        plot_data = _plot_data(student, results, hidden, plots) if plots else []
        if counterexamples:
            _shrink(student, [c.failure for r in results.values() for c in r.checks
                              if c.failure is not None and c.failure.shrink is not None], hidden)
        isolation = session.launcher.isolation
    return GradingResult(results, hidden_checks_run=hidden, isolation=isolation,
                         seconds=time.perf_counter() - started, plots=plot_data)


def run_check(student: StudentCode, check: RubricCheck) -> CheckResult:
    """One check: full points if it passes, none with a Failure saying why if it does not."""
    return _run_check(student, check)


def _run_check(student: StudentCode, check: RubricCheck) -> CheckResult:
    result = CheckResult(check.id, check.function, check.name, 0.0, check.points, check.visibility)
    first_call = len(student.calls)
    try:
        KINDS[check.kind](student, check)
    except CheckFailure as failure:
        result.failure = Failure(failure.message, call=failure.call, expected=failure.expected,
                                 actual=failure.actual, hint=check.hint,
                                 not_implemented=failure.not_implemented, compared=failure.compared,
                                 error=failure.error, shrink=failure.shrink)
    else:
        result.score = check.points
    result.calls = student.calls[first_call:]
    return result


def _shrink(student: StudentCode, failures: list[Failure], hidden: bool) -> None:
    """A minimal counterexample for each failed randomized check (one per function)."""
    done: set[str] = set()
    deadline = time.monotonic() + SHRINK_SECONDS
    for failure in failures:
        request = failure.shrink
        assert request is not None
        remaining = min(deadline - time.monotonic(), MAX_SECONDS)
        if request.function in done or remaining <= 0:
            continue
        done.add(request.function)
        if hidden and request.describe_expected is None and not request.fresh_only:
            request.describe_expected = _reference_description(request.function)
        failure.counterexample = shrink_counterexample(student, request, max_seconds=remaining)


def _reference_description(function: str) -> Any:
    """The reference's value on an input, shown as the expected output of a counterexample."""
    from autograder.checks.compare import format_value
    from autograder.checks.hidden import reference_result
    from autograder.checks.shrink import plain_value

    return lambda inputs: format_value(plain_value(reference_result(function, inputs)))


def _plot_data(student: StudentCode, results: dict[str, FunctionResult], reference: bool,
               which: bool | str) -> list:
    from autograder.feedback.plot_data import collect_plot_data

    shown = [name for name, result in results.items() if result.status != "not implemented"
             and (which != "failing" or not result.passed)]
    return collect_plot_data(student, shown, reference=reference) if shown else []


def _explain_failures(student: StudentCode, result: FunctionResult) -> None:
    """The function's status; on each failed check a diagnosis explains, that diagnosis; on every
    failed check, its neutral difference and its cause."""
    attribute(student, result)
    fill_differences(result)
