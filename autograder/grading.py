"""Grading one submission: every check of the rubric, run against the sandboxed student code."""
from __future__ import annotations

import time
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

from autograder.checks import CheckFailure, StudentCode
from autograder.checks.kinds import KINDS
from autograder.checks.shrink import (
    MAX_SECONDS,
    ShrunkInput,
    judge_again,
    shrink_counterexample,
    shrink_input,
)
from autograder.diagnosis import attribute
from autograder.feedback.explain import fill_differences
from autograder.kit import RubricCheck, load_exercises, load_rubric, reference_available, use_assignment
from autograder.results import CheckResult, Failure, FunctionResult, GradingResult
from autograder.sandbox.prefetch import HIDDEN, PUBLIC, CallPlan
from autograder.sandbox.session import Launcher, Limits, SubmissionSession

__all__ = ["grade_submission", "run_check"]

SHRINK_SECONDS = 10.0  # all the counterexamples of one submission (a slow function is probed less)


def grade_submission(folder: Path, *, launcher: Launcher | None = None,
                     limits: Limits | None = None, include_hidden: bool | None = None,
                     functions: list[str] | None = None, counterexamples: bool = True,
                     plots: bool | str = False, plan: CallPlan | None = None,
                     assignment: str | None = None) -> GradingResult:
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
    it changes the time grading takes, not the grades. `assignment` names the assignment whose
    rubric runs (data/assignments.toml; None: the current one, `basics` unless set).
    """
    with use_assignment(assignment):
        return _grade_submission(folder, launcher=launcher, limits=limits,
                                 include_hidden=include_hidden, functions=functions,
                                 counterexamples=counterexamples, plots=plots, plan=plan)


def _grade_submission(folder: Path, *, launcher: Launcher | None, limits: Limits | None,
                      include_hidden: bool | None, functions: list[str] | None,
                      counterexamples: bool, plots: bool | str,
                      plan: CallPlan | None) -> GradingResult:
    """Two phases, then what the student reads about them.

    Every public check of every function runs first, then every hidden check, in one child: no
    value a public check shows can come from a child that has seen a hidden input. Everything
    shown that needs more calls (diagnoses' observations, plots, counterexamples) is computed
    after the checks, so grades never depend on it, and by a child that never saw a hidden
    input: the one that served the hidden checks is ended, and a fresh one starts if a call
    follows. A hidden check's counterexample is searched in the child that saw its input and
    judged once more by the fresh one, whose output is what is shown.
    """
    started = time.perf_counter()
    hidden = reference_available() if include_hidden is None else include_hidden
    wanted = [e.function for e in load_exercises() if functions is None or e.function in functions]
    results = {name: FunctionResult(name) for name in wanted}
    rubric = [c for c in load_rubric() if c.function in results and (hidden or not c.hidden)]
    phases = [(PUBLIC, [c for c in rubric if not c.hidden]), (HIDDEN, [c for c in rubric if c.hidden])]
    with SubmissionSession(folder, launcher, limits) as session:
        student = StudentCode(session)
        done: dict[int, CheckResult] = {}
        for phase, checks in phases:
            if phase == HIDDEN and checks:
                session.enter_hidden_phase()
            for check, outcome in zip(checks, _run_phase(student, plan, phase, checks), strict=True):
                done[id(check)] = outcome
        for check in rubric:  # each function's results in rubric order
            results[check.function].checks.append(done[id(check)])
        shrinks = _to_shrink(results) if counterexamples else []
        searching = time.monotonic()
        searched = _search_hidden(session, shrinks, searching + SHRINK_SECONDS)  # in the child that saw them
        left = SHRINK_SECONDS - (time.monotonic() - searching)
        session.leave_hidden_phase()
        for result in results.values():
            _explain_failures(student, result)
        plot_data = _plot_data(student, results, hidden, plots) if plots else []
        _shrink(student, shrinks, searched, hidden, time.monotonic() + left)
        isolation = session.launcher.isolation
    return GradingResult(results, hidden_checks_run=hidden, isolation=isolation,
                         seconds=time.perf_counter() - started, plots=plot_data)


def _run_phase(student: StudentCode, plan: CallPlan | None, phase: str,
               checks: list[RubricCheck]) -> list[CheckResult]:
    """Run `checks` (one phase, in rubric order), sending the plan's calls for them ahead and
    teaching the plan the calls of each function whose checks of this phase all passed."""
    session = student.session
    groups = [(function, list(group)) for function, group in groupby(checks, key=attrgetter("function"))]
    if plan is not None:  # the child makes these calls while the checks judge the replies
        session.prefetch([call for function, _ in groups for call in plan.calls(function, phase)])
    results: list[CheckResult] = []
    for function, group in groups:
        first_call = len(session.calls_made)
        mine = [_run_check(student, check) for check in group]
        if plan is not None and all(c.failure is None for c in mine):
            plan.learn(function, phase, session.calls_made[first_call:])
        results += mine
    return results


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


def _to_shrink(results: dict[str, FunctionResult]) -> list[CheckResult]:
    """The failed randomized checks whose input is shrunk: the first of each function."""
    chosen: dict[str, CheckResult] = {}
    for result in results.values():
        for check in result.checks:
            failure = check.failure
            if failure is not None and failure.shrink is not None:
                chosen.setdefault(failure.shrink.function, check)
    return list(chosen.values())


def _search_hidden(session: SubmissionSession, checks: list[CheckResult],
                   deadline: float) -> dict[int, ShrunkInput | None]:
    """For each hidden check among `checks`, the smallest failing input the child that served the
    hidden checks finds (its calls recorded apart: diagnoses see the checks' calls only)."""
    searcher = StudentCode(session)
    searched: dict[int, ShrunkInput | None] = {}
    for check in checks:
        request = check.failure.shrink if check.failure is not None else None
        remaining = min(deadline - time.monotonic(), MAX_SECONDS)
        if check.visibility == "hidden" and request is not None and remaining > 0:
            searched[id(check)] = shrink_input(searcher, request, max_seconds=remaining)
    return searched


def _shrink(student: StudentCode, checks: list[CheckResult],
            searched: dict[int, ShrunkInput | None], hidden: bool, deadline: float) -> None:
    """A minimal counterexample for each check of `checks`, computed by a child that never saw a
    hidden input: a public check's shrunk here, a hidden check's search judged again here."""
    for check in checks:
        failure = check.failure
        assert failure is not None and failure.shrink is not None
        request = failure.shrink
        if hidden and request.describe_expected is None and not request.fresh_only:
            request.describe_expected = _reference_description(request.function)
        if check.visibility == "hidden":
            shrunk = searched.get(id(check))
            failure.counterexample = None if shrunk is None else judge_again(student, request, shrunk)
            continue
        remaining = min(deadline - time.monotonic(), MAX_SECONDS)
        if remaining > 0:
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
