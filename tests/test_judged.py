"""Checks judged once per distinct answer (autograder.judged): the same verdicts, judged fewer times."""
from __future__ import annotations

from collections import deque

import numpy as np
import pytest

import autograder.grading as grading
from autograder.checks import Observation, StudentCode
from autograder.grading import grade_submission
from autograder.judged import fingerprint, judge_group
from autograder.kit import KIT_ROOT, RubricCheck, load_rubric
from autograder.results import CheckResult, GradingResult
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.prefetch import PUBLIC, CallPlan, PlannedCall
from autograder.sandbox.session import CallOutcome, StudentError
from conftest import Override, overrides, reference_with

REFERENCE = KIT_ROOT / "solutions"


@pytest.fixture(scope="module")
def launcher():
    with make_launcher("best") as launcher:
        yield launcher


@pytest.fixture
def judged(monkeypatch) -> list[str]:
    """The ids of the checks judged (run), in order, from here on."""
    ids: list[str] = []
    run_check = grading._run_check

    def counted(student, check):
        ids.append(check.id)
        return run_check(student, check)

    monkeypatch.setattr(grading, "_run_check", counted)
    return ids


def comparable(result: GradingResult) -> dict:
    return result.to_dict() | {"seconds": None}


def taught_plan(launcher) -> CallPlan:
    """A plan that has seen the reference twice: its calls learnt, then its verdicts kept."""
    plan = CallPlan()
    for _ in range(2):
        grade_submission(REFERENCE, launcher=launcher, plan=plan)
    return plan


def test_a_submission_answering_as_a_passing_one_did_is_not_judged_again(launcher, judged):
    plan = CallPlan()
    first = grade_submission(REFERENCE, launcher=launcher, plan=plan)  # learns the calls
    second = grade_submission(REFERENCE, launcher=launcher, plan=plan)  # judges them, keeps the verdicts
    assert judged.count("softmax.overflow_guard") == 2
    del judged[:]
    third = grade_submission(REFERENCE, launcher=launcher, plan=plan)
    assert judged == []
    assert comparable(third) == comparable(second) == comparable(first)
    assert third.total == third.max_total
    # what a diagnosis reads of each check is there too, as judging would have recorded it
    assert [len(c.calls) for r in third.functions.values() for c in r.checks] == [
        len(c.calls) for r in first.functions.values() for c in r.checks]


CORRECT_SIGMOID = "def sigmoid(x):\n    return np.exp(-np.logaddexp(0, -x))\n"


def test_a_function_answering_differently_is_judged_the_others_are_not(launcher, judged, tmp_path):
    """A correct variant whose numbers differ in their last bits is judged, not taken; and so is
    forward, which calls the student's own sigmoid."""
    plan = taught_plan(launcher)
    folder = reference_with(tmp_path, "activations", CORRECT_SIGMOID)
    del judged[:]
    result = grade_submission(folder, launcher=launcher, plan=plan)
    assert result.total == result.max_total
    functions = {check_id.split(".")[0] for check_id in judged}
    assert "sigmoid" in functions
    assert not functions & {"step_function", "relu", "softmax", "mean_squared_error",
                            "cross_entropy_error", "numerical_diff"}
    assert comparable(result) == comparable(grade_submission(folder, launcher=launcher))


MISTAKES = [o for o in overrides("mistakes") if o.path.stem in (
    "softmax_no_guard", "sigmoid_sign", "cee_no_delta", "gradient_no_restore", "relu_in_place")]


@pytest.mark.parametrize("submission", MISTAKES, ids=lambda o: o.path.stem)
def test_a_mistake_after_passing_submissions_gets_what_it_gets_alone(
        submission: Override, launcher, tmp_path):
    plan = taught_plan(launcher)
    folder = submission.build(tmp_path / "s")
    with_plan = grade_submission(folder, launcher=launcher, plan=plan, counterexamples=False)
    alone = grade_submission(folder, launcher=launcher, counterexamples=False)
    assert comparable(with_plan) == comparable(alone)
    assert with_plan.total < with_plan.max_total


def outcome(value=None, **fields) -> CallOutcome:
    return CallOutcome(value=value, **fields)


def test_outcomes_fingerprint_alike_only_when_no_check_could_tell_them_apart():
    x = np.array([0.1, 0.0, 2.0])
    variants = [
        outcome(x),
        outcome(np.array([np.nextafter(0.1, 1.0), 0.0, 2.0])),  # the last bit of one number
        outcome(np.array([0.1, -0.0, 2.0])),  # the sign of a zero
        outcome(x.reshape(1, 3)),  # the shape
        outcome(np.array([0, 0, 2])),  # the dtype
        outcome(x.tolist()), outcome(tuple(x.tolist())),  # the container
        outcome(1), outcome(1.0), outcome(True),  # the type of a number
        outcome(x, inputs_after={"x": np.array([0.0])}),  # the inputs, as the call left them
        outcome(x, warnings=["RuntimeWarning: overflow"]),
        outcome(error=StudentError("ValueError", "shapes (2,) and (3,)", "call")),
        outcome(error=StudentError("ValueError", "shapes (2,) and (4,)", "call")),
    ]
    prints = [fingerprint([v]) for v in variants]
    assert None not in prints and len(set(prints)) == len(prints)
    assert fingerprint([outcome(np.array([0.1, 0.0, 2.0]))]) == fingerprint([variants[0]])
    assert fingerprint([outcome(x), outcome(x)]) != fingerprint([outcome(x)])
    assert fingerprint([outcome(x, seconds=0.5)]) == fingerprint([outcome(x, seconds=0.001)])
    # the same answers to other calls are other answers
    assert fingerprint([outcome(x)], [b"sigmoid(x)"]) != fingerprint([outcome(x)], [b"relu(x)"])


def test_what_the_fingerprint_cannot_read_exactly_is_judged():
    assert fingerprint([outcome(object())]) is None
    assert fingerprint([outcome(np.array([1, "a"], dtype=object))]) is None
    assert fingerprint([outcome(np.float64(1.0))]) is None  # the wire makes no NumPy scalars
    for phase in ("timeout", "crash", "reply"):
        assert fingerprint([outcome(error=StudentError("Timeout", "3 s", phase))]) is None


class _SentAhead:
    """A session whose calls were all sent ahead: just enough of SubmissionSession for a group."""

    in_hidden_phase = False

    def __init__(self, answers: dict[bytes, CallOutcome]) -> None:
        self.answers = answers
        self.calls_made: list[PlannedCall] = []
        self.waiting: dict[bytes, deque[CallOutcome]] = {}

    def send(self, calls: list[PlannedCall]) -> None:
        for planned in calls:
            self.waiting.setdefault(planned.key, deque()).append(self.answers[planned.key])

    def sent_ahead(self, calls):
        return [self.waiting[c.key][0] for c in calls]

    def hand_out(self, calls):
        for planned in calls:
            self.waiting[planned.key].popleft()
            self.calls_made.append(planned)

    def call(self, module, function, inputs, **_):
        planned = PlannedCall(module, function, inputs)
        self.calls_made.append(planned)
        return self.waiting[planned.key].popleft()


def test_a_group_is_taken_only_where_what_it_looked_up_is_as_it_was():
    """A check may look up what an earlier check kept instead of calling: where that differs
    from what the kept group saw, the group is judged."""
    check = next(c for c in load_rubric() if c.function == "sigmoid")
    x = np.array([0.0, 1.0])
    call = PlannedCall("activations", "sigmoid", {"x": x})
    plan = CallPlan()
    plan.learn("sigmoid", PUBLIC, [call])
    runs: list[str] = []

    def run_check(student: StudentCode, rubric_check: RubricCheck) -> CheckResult:
        runs.append(rubric_check.id)
        seen = student.kept_observation(("sigmoid", "earlier"))
        got = student.call("sigmoid", {"x": x})
        result = CheckResult(rubric_check.id, "sigmoid", rubric_check.name, 0.0, 1.0, "public")
        result.score = 1.0 if seen is None and np.allclose(got.value, 1 / (1 + np.exp(-x))) else 0.0
        return result

    answers = {call.key: outcome(np.array([0.5, 1 / (1 + np.exp(-1.0))]))}

    def grade(observed: bool) -> float:
        session = _SentAhead(answers)
        session.send([call])
        student = StudentCode(session)  # type: ignore[arg-type]
        if observed:
            student.observations[("sigmoid", "earlier")] = Observation({}, outcome(0.5))
        (result,) = judge_group(student, plan, PUBLIC, "sigmoid", [check], run_check)
        return result.score

    assert (grade(False), grade(False)) == (1.0, 1.0)
    assert runs == [check.id]  # judged once, then taken
    assert grade(True) == 0.0
    assert runs == [check.id, check.id]  # judged: what it looked up was not there before
    assert grade(False) == 1.0 and len(runs) == 2
