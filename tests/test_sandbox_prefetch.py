"""Sending calls ahead (autograder.sandbox.prefetch): fewer round trips, the very same grades."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, MODULES, load_exercises
from autograder.results import GradingResult
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.prefetch import HIDDEN, PHASES, PUBLIC, CallPlan, PlannedCall
from autograder.sandbox.session import MAX_BATCH, Limits, SubmissionSession
from conftest import SUBMISSIONS, CountingLauncher, overrides, reference_with

CORPUS = overrides("mistakes") + overrides("correct")


@pytest.fixture(scope="module")
def launcher():
    with make_launcher("best") as launcher:
        yield launcher


@pytest.fixture(scope="module")
def learnt_plan(launcher) -> CallPlan:
    plan = CallPlan()
    grade_submission(KIT_ROOT / "solutions", launcher=launcher, plan=plan)
    return plan


def comparable(result: GradingResult) -> dict:
    return result.to_dict() | {"seconds": None}


def test_a_plan_learns_every_function_s_calls_from_a_passing_submission(learnt_plan):
    for exercise in load_exercises():
        calls = learnt_plan.calls(exercise.function, PUBLIC) + learnt_plan.calls(exercise.function, HIDDEN)
        assert learnt_plan.calls(exercise.function, PUBLIC), exercise.function
        assert {c.function for c in calls} == {exercise.function}


def test_a_plan_keeps_each_phase_s_calls_apart(learnt_plan):
    """The hidden checks' calls are learnt and sent on their own, after the public ones."""
    hidden = {c.key for e in load_exercises() for c in learnt_plan.calls(e.function, HIDDEN)}
    public = {c.key for e in load_exercises() for c in learnt_plan.calls(e.function, PUBLIC)}
    assert hidden and public and not hidden & public
    assert [e.function for e in load_exercises() if not learnt_plan.calls(e.function, HIDDEN)] == [
        "init_network"]  # the only function without a hidden check


def test_a_correct_submission_needs_far_fewer_requests_with_a_plan(launcher, learnt_plan):
    counts = {}
    for plan in (None, learnt_plan):
        counting = CountingLauncher(launcher)
        result = grade_submission(KIT_ROOT / "solutions", launcher=counting, plan=plan)
        assert result.total == result.max_total
        counts[plan is not None] = counting.requests
    planned = {phase: sum(len(learnt_plan.calls(e.function, phase)) for e in load_exercises())
               for phase in PHASES}
    assert counts[False] == sum(planned.values()) + len(MODULES)  # a request per call, an import per module
    # imports, then each phase's batches: the hidden calls are sent only once every public check
    # has its reply, so a phase's last batch is never topped up with the other phase's calls (49
    # and 44 calls as written: 2 batches, as many as the 93 calls sent together took before);
    # the hidden phase's batch also ends before forward's and gradient_descent's calls, which are
    # sent the reference's sigmoid and numerical_gradient (a child reads a batch whole before
    # making its calls, and never holds the reference of a function it judges): 2 more
    assert counts[True] == len(MODULES) + sum(math.ceil(n / MAX_BATCH) for n in planned.values()) + 2


@pytest.mark.parametrize("submission", CORPUS, ids=lambda o: o.path.stem)
def test_the_mistake_corpus_gets_the_same_result_with_and_without_a_plan(
        submission, launcher, learnt_plan, tmp_path):
    folder = submission.build(tmp_path / "s")
    limits = Limits(call_seconds=20.0)
    plain = grade_submission(folder, launcher=launcher, limits=limits, counterexamples=False)
    ahead = grade_submission(folder, launcher=launcher, limits=limits, counterexamples=False,
                             plan=learnt_plan)
    assert comparable(ahead) == comparable(plain)


def test_the_book_s_code_gets_the_same_result_with_a_plan(launcher, learnt_plan):
    plain = grade_submission(SUBMISSIONS / "book", launcher=launcher, counterexamples=False)
    ahead = grade_submission(SUBMISSIONS / "book", launcher=launcher, counterexamples=False,
                             plan=learnt_plan)
    assert comparable(ahead) == comparable(plain)
    assert ahead.total == ahead.max_total


def test_a_hang_in_a_batch_costs_its_timeout_once_and_only_its_function(launcher, learnt_plan,
                                                                       tmp_path):
    folder = reference_with(tmp_path, "activations", "def relu(x):\n    while True:\n        pass\n")
    counting = CountingLauncher(launcher)
    result = grade_submission(folder, launcher=counting, limits=Limits(call_seconds=0.5),
                              plan=learnt_plan)
    assert counting.starts == 2  # the first child, and one more after the single timeout
    relu = result.functions["relu"]
    assert relu.score == 0 and all("did not finish" in c.failure.message for c in relu.checks)
    assert all(f.score == f.max_score for name, f in result.functions.items() if name != "relu")


def test_a_crash_in_a_batch_costs_only_its_function(launcher, learnt_plan, tmp_path):
    folder = reference_with(tmp_path, "losses",
                              "import os\n\ndef mean_squared_error(y, t):\n    os._exit(3)\n")
    result = grade_submission(folder, launcher=launcher, plan=learnt_plan)
    mse = result.functions["mean_squared_error"]
    assert mse.score == 0
    assert all("exited with status 3" in c.failure.message for c in mse.checks)
    assert all(f.score == f.max_score for name, f in result.functions.items()
               if name != "mean_squared_error")


def test_a_stale_plan_costs_time_not_grades(launcher, tmp_path):
    stale = CallPlan()
    stale.learn("relu", PUBLIC, [PlannedCall("activations", "relu", {"x": np.array([1.0, -2.0])})] * 3)
    stale.learn("sigmoid", HIDDEN, [PlannedCall("network", "sigmoid", {"x": np.zeros(2)})])
    plain = grade_submission(KIT_ROOT / "solutions", launcher=launcher, counterexamples=False)
    ahead = grade_submission(KIT_ROOT / "solutions", launcher=launcher, counterexamples=False,
                             plan=stale)
    assert comparable(ahead) == comparable(plain)


def test_an_outcome_sent_ahead_serves_only_the_identical_call(launcher):
    x = np.array([1.0, -2.0, 3.0])
    with SubmissionSession(KIT_ROOT / "solutions", launcher) as session:
        session.prefetch([PlannedCall("activations", "relu", {"x": x})])
        other = session.call("activations", "relu", {"x": np.array([1.0, -2.0, 4.0])})
        same = session.call("activations", "relu", {"x": x.copy()})
        again = session.call("activations", "relu", {"x": x.copy()})  # made anew: one was sent
    assert other.value.tolist() == [1.0, 0.0, 4.0]
    assert same.value.tolist() == again.value.tolist() == [1.0, 0.0, 3.0]
    assert same.inputs_after["x"].tolist() == x.tolist()


def test_a_batch_made_once_reads_as_the_json_of_its_calls():
    from autograder.sandbox import session as session_module
    from autograder.sandbox.wire import SharedInputs, batch_message, with_sources

    calls = [PlannedCall("activations", "relu", {"x": np.array([1.0, -2.0])}),
             PlannedCall("gradients", "numerical_diff", {"f": "function_1", "x": 5.0},
                         function_inputs=("f",)),
             PlannedCall("losses", "cross_entropy_error",
                         {"y": np.array([[0.1, 0.9]]), "t": np.array([1])})]
    encoded = session_module._encoded_batch(calls)
    assert session_module._encoded_batch(list(calls)) is encoded  # made once
    message = with_sources(batch_message(encoded.bodies, ["a1", "a2", "a3"], encoded.shared.size),
                           {"digest": "def f(): pass"})
    shared = SharedInputs()
    expected = {"op": "batch", "shared_bytes": 0, "sources": {"digest": "def f(): pass"},
                "calls": [session_module._call_request(c, shared, call=str(i)) | {"id": f"a{i + 1}"}
                          for i, c in enumerate(calls)]}
    expected["shared_bytes"] = shared.size
    assert json.loads(message.body) == expected


def test_a_batch_sent_again_gives_each_child_inputs_of_its_own(launcher, tmp_path):
    """The second child is sent the batch the first was, in a memory file of its own: the first
    one's change to an input in place reaches neither the second child nor its inputs read back."""
    folder = reference_with(tmp_path, "activations", "def relu(x):\n    x *= 2\n    return x\n")
    x = np.array([1.0, -2.0, 3.0])
    seen = []
    for _ in range(2):
        with SubmissionSession(folder, launcher) as session:
            session.prefetch([PlannedCall("activations", "relu", {"x": x})])
            outcome = session.call("activations", "relu", {"x": x.copy()})
        seen.append((outcome.value.tolist(), outcome.inputs_after["x"].tolist()))
    assert seen == [([2.0, -4.0, 6.0], [2.0, -4.0, 6.0])] * 2
    assert x.tolist() == [1.0, -2.0, 3.0]
