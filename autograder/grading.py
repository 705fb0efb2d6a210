"""Grading one submission: every check of the rubric, run against the sandboxed student code."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from autograder.checks import CheckFailure, StudentCode
from autograder.checks.failure import ShrinkRequest
from autograder.checks.kinds import KINDS
from autograder.checks.shrink import MAX_SECONDS, shrink_counterexample
from autograder.diagnosis import attribute
from autograder.diagnosis.attribution import Diagnoser
from autograder.feedback.explain import fill_differences
from autograder.judged import judge_group
from autograder.kit import RubricCheck, load_exercises, load_rubric, reference_available, use_assignment
from autograder.results import CheckResult, Counterexample, Failure, FunctionResult, GradingResult
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
    # The student's values may overflow anything computed from them (a comparison, a diagnosis,
    # a plot's data): that is an answer to judge, never a NumPy warning on the reader's screen.
    with use_assignment(assignment), np.errstate(all="ignore"):
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
    apart from the checks (a hang or crash there is not a failure the checks inherit), and by
    a child that never saw a hidden input. Where the public checks already failed, most of it
    is computed between the phases, by the child that is about to serve the hidden ones
    (`_Shown`; the README says what a submission's own code can make of those calls). The child that
    served the hidden checks is then ended, and a fresh one starts only if a call follows. A
    hidden check's counterexample comes from its public twin (the same comparison on inputs
    drawn from public seeds) where that fails too, found by a child that never saw a hidden
    input; a search that starts from the hidden input itself would end where the student's
    answers steer it, so none does.
    """
    started = time.perf_counter()
    hidden = reference_available() if include_hidden is None else include_hidden
    wanted = [e.function for e in load_exercises() if functions is None or e.function in functions]
    results = {name: FunctionResult(name) for name in wanted}
    rubric = [c for c in load_rubric() if c.function in results and (hidden or not c.hidden)]
    phases = [(PUBLIC, [c for c in rubric if not c.hidden]), (HIDDEN, [c for c in rubric if c.hidden])]
    with SubmissionSession(folder, launcher, limits) as session:
        student = StudentCode(session)
        shown = _Shown(student, hidden, plots, counterexamples)
        done: dict[int, CheckResult] = {}
        public_seconds = None
        for phase, checks in phases:
            if phase == HIDDEN and checks:
                with session.aside():
                    shown.before_hidden(rubric, done)
                public_seconds = time.perf_counter() - started
                session.enter_hidden_phase()
            for check, outcome in zip(checks, _run_phase(student, plan, phase, checks), strict=True):
                done[id(check)] = outcome
        for check in rubric:  # each function's results in rubric order
            results[check.function].checks.append(done[id(check)])
        shrinks = _to_shrink(results, rubric) if counterexamples else []
        session.leave_hidden_phase()
        _shrink(student, shrinks, shown, rubric)  # first: a difference describes its counterexample
        for result in results.values():
            _explain_failures(student, result, shown.diagnosers.get(result.name))
        plot_data = shown.plots(results) if plots else []
        isolation = session.launcher.account
    seconds = time.perf_counter() - started
    return GradingResult(results, hidden_checks_run=hidden, isolation=isolation, seconds=seconds,
                         public_seconds=seconds if public_seconds is None else public_seconds,
                         plots=plot_data)


class _Shown:
    """What the student reads that needs calls of their own (plots, the observations diagnoses
    look for, counterexamples), computed between the phases for each function whose public
    checks failed, by a child that has not seen a hidden input yet and will not be asked for
    it again after the hidden checks: grading a failing submission then rarely needs a
    second child."""

    def __init__(self, student: StudentCode, reference: bool, plots: bool | str,
                 counterexamples: bool) -> None:
        self.student, self.reference, self.which = student, reference, plots
        self.wanted_counterexamples = counterexamples
        self.plotted: dict[str, list] = {}  # by function, computed before the hidden checks
        self.diagnosers: dict[str, Diagnoser] = {}  # by function: what they found is kept
        self.counterexamples: dict[str, Counterexample] = {}  # by check id
        self.twins_tried: set[str] = set()  # hidden checks whose public twins were tried early
        self.shrink_seconds = SHRINK_SECONDS  # what is left of the submission's budget

    @contextmanager
    def shrinking(self) -> Iterator[float]:
        """The deadline of the counterexamples' next stretch of work, its time taken off the
        submission's budget (SHRINK_SECONDS) when it ends."""
        started = time.monotonic()
        try:
            yield started + self.shrink_seconds
        finally:
            self.shrink_seconds -= time.monotonic() - started

    def before_hidden(self, rubric: list[RubricCheck], done: dict[int, CheckResult]) -> None:
        """What is shown about each function whose public checks (`done`) failed."""
        public: dict[str, list[CheckResult]] = {}
        for check in rubric:
            if id(check) in done:
                public.setdefault(check.function, []).append(done[id(check)])
        failing = [name for name, checks in public.items() if any(c.failure for c in checks)
                   and not all(c.failure is not None and c.failure.not_implemented for c in checks)]
        for name in failing:  # the observations the diagnosis looks for, before they could leak
            self.diagnosers[name] = Diagnoser(self.student, name)
            attribute(self.student, FunctionResult(name, [_copy(c) for c in public[name]]),
                      self.diagnosers[name])
        if self.which and failing:
            plots = _collect_plots(self.student, failing, self.reference)
            for name in failing:
                self.plotted[name] = [p for p in plots if p.function == name]
        if self.wanted_counterexamples:
            self._shrink_early(rubric, done, failing)

    def _shrink_early(self, rubric: list[RubricCheck], done: dict[int, CheckResult],
                      failing: list[str]) -> None:
        """The counterexamples these functions' checks will want (`_to_shrink`: the first failed
        check of each function that has one): each hidden check's public twin, up to the first
        failed public check's own. Searched apart: the diagnoses see the checks' calls only."""
        from autograder.checks.hidden import public_twin

        searcher = StudentCode(self.student.session)
        with self.shrinking() as deadline:
            for function in failing:
                for check in (c for c in rubric if c.function == function):
                    result = done.get(id(check))
                    if result is None and check.hidden:  # its calls are the budget's too
                        self.twins_tried.add(check.id)
                        request = public_twin(searcher, check) if time.monotonic() < deadline else None
                    elif result is not None and result.failure is not None:
                        request = result.failure.shrink
                    else:
                        continue
                    if request is None:
                        continue
                    found = self.search(searcher, request, deadline)
                    if found is not None:
                        self.counterexamples[check.id] = found
                    if result is not None:
                        break  # a public check's: the ones after it are never chosen

    def search(self, searcher: StudentCode, request: ShrinkRequest,
               deadline: float) -> Counterexample | None:
        """The smallest failing input the shrinker finds from the request's, by `deadline`."""
        remaining = min(deadline - time.monotonic(), MAX_SECONDS)
        if remaining <= 0:
            return None
        if self.reference and request.describe_expected is None and not request.fresh_only:
            request.describe_expected = _reference_description(request.function)
        return shrink_counterexample(searcher, request, max_seconds=remaining)

    def plots(self, results: dict[str, FunctionResult]) -> list:
        shown = [name for name, result in results.items() if result.status != "not implemented"
                 and (self.which != "failing" or not result.passed)]
        missing = [name for name in shown if name not in self.plotted]
        later = _collect_plots(self.student, missing, self.reference) if missing else []
        return [p for name in shown for p in self.plotted.get(name) or
                [p for p in later if p.function == name]]


def _copy(check: CheckResult) -> CheckResult:
    """A copy whose failure a diagnosis may annotate, the original untouched."""
    return replace(check, failure=replace(check.failure) if check.failure is not None else None)


def _collect_plots(student: StudentCode, functions: list[str], reference: bool) -> list:
    from autograder.feedback.plot_data import collect_plot_data

    return collect_plot_data(student, functions, reference=reference)


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
        if plan is None:
            mine = [_run_check(student, check) for check in group]
        else:  # a group judged alike before is not judged again (autograder.judged)
            mine = judge_group(student, plan, phase, function, group, _run_check)
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


def _to_shrink(results: dict[str, FunctionResult], rubric: list[RubricCheck]) -> list[CheckResult]:
    """The failed checks a counterexample is looked for, the first of each function: a public
    randomized check's (its failure says how to shrink its input), or a hidden check's that
    has public twins (its failure holds none of its inputs)."""
    by_id = {c.id: c for c in rubric}
    chosen: dict[str, CheckResult] = {}
    for result in results.values():
        for check in result.checks:
            failure = check.failure
            if failure is not None and (failure.shrink is not None or check.visibility == "hidden"
                                        and not failure.not_implemented
                                        and _twinned(by_id[check.id])):
                chosen.setdefault(check.function, check)
    return list(chosen.values())


def _twinned(check: RubricCheck) -> bool:
    from autograder.checks.hidden import has_public_twin  # never shipped to students

    return has_public_twin(check)


def _shrink(student: StudentCode, checks: list[CheckResult], shown: _Shown,
            rubric: list[RubricCheck]) -> None:
    """A minimal counterexample for each check of `checks`, computed by a child that never saw a
    hidden input: found before the hidden checks (`_Shown`), or a public check's shrunk here, or
    a hidden check's public twin's searched here."""
    by_id = {c.id: c for c in rubric}
    for check in checks:
        failure = check.failure
        assert failure is not None
        if check.id in shown.counterexamples:
            failure.counterexample = shown.counterexamples[check.id]
            continue
        with shown.shrinking() as deadline:
            request: ShrinkRequest | None = failure.shrink
            if check.visibility == "hidden":  # the student bundle has neither these nor their module
                from autograder.checks.hidden import public_twin

                request = None if check.id in shown.twins_tried or time.monotonic() >= deadline \
                    else public_twin(student, by_id[check.id])
            if request is not None:
                failure.counterexample = shown.search(student, request, deadline)


def _reference_description(function: str) -> Any:
    """The reference's value on an input, shown as the expected output of a counterexample."""
    from autograder.checks.compare import format_value
    from autograder.checks.hidden import reference_result
    from autograder.checks.shrink import plain_value

    return lambda inputs: format_value(plain_value(reference_result(function, inputs)))


def _explain_failures(student: StudentCode, result: FunctionResult,
                      diagnoser: Diagnoser | None = None) -> None:
    """The function's status; on each failed check a diagnosis explains, that diagnosis; on every
    failed check, its neutral difference and its cause."""
    attribute(student, result, diagnoser)
    fill_differences(result)
