"""Grading in two phases: no child that has seen a hidden input computes anything a student reads.

Every public check of every function runs before any hidden check (autograder.grading), and what
is shown (diagnoses' observations, plots, counterexamples) is computed between the phases by the
child before it sees a hidden input (for the functions whose public checks failed), or
afterwards by a fresh child, started only when such a call is needed. The first submissions
below keep relu's hidden input in `builtins` (shared by every module of the child) and let
later functions show it; the last ones hang, exit or hold memory only on the calls made for the
feedback, which must cost no check a point.
"""
from __future__ import annotations

import json

import pytest

from autograder.bulk.workers import hide_hidden_inputs
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, load_rubric
from autograder.report import render_markdown
from autograder.sandbox.isolation import make_launcher
from conftest import CountingLauncher, reference_with

MARKER = "dlfs-carried"
KEEPS_HIDDEN_INPUTS = '''
import builtins as _kept


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):  # a random input: a hidden check's
        _kept.seen = getattr(_kept, "seen", []) + [float(v) for v in x.ravel()]
    return np.maximum(0, x)


_right_softmax = softmax


def softmax(a):
    seen = getattr(_kept, "seen", None)
    return np.full(np.shape(a), seen[0]) if seen else _right_softmax(a)
'''
SHOWS_THEM = '''
import builtins as _kept

_right_mean_squared_error, _right_cross_entropy_error = mean_squared_error, cross_entropy_error


def mean_squared_error(y, t):
    seen = getattr(_kept, "seen", None)
    if seen:
        raise ValueError("dlfs-" + "carried " + repr(seen))
    return _right_mean_squared_error(y, t)


def cross_entropy_error(y, t):
    seen = getattr(_kept, "seen", None)
    return np.array(seen) if seen else _right_cross_entropy_error(y, t)
'''


@pytest.fixture(scope="module")
def launcher():
    with make_launcher("best") as launcher:
        yield launcher


@pytest.fixture(scope="module")
def hidden_numbers(launcher) -> list[str]:
    """The first digits of every number of relu's hidden inputs, as the reference gets them."""
    result = grade_submission(KIT_ROOT / "solutions", launcher=launcher)
    numbers = [float(v) for check in result.functions["relu"].checks if check.visibility == "hidden"
               for call in check.calls for v in call.inputs["x"].ravel()]
    return [repr(abs(v))[:7] for v in numbers if abs(v) >= 0.01]


@pytest.fixture(scope="module")
def carried(launcher, tmp_path_factory):
    folder = reference_with(tmp_path_factory.mktemp("carried"), "activations", KEEPS_HIDDEN_INPUTS)
    with (folder / "losses.py").open("a", encoding="utf-8") as file:
        file.write("\n\n" + SHOWS_THEM)
    counting = CountingLauncher(launcher)
    result = grade_submission(folder, launcher=counting, plots="failing")
    return result, counting.starts


def shown(result) -> str:
    """What a class run writes of `result` (a hidden check's own failure keeps no student text)."""
    hide_hidden_inputs(result)
    return json.dumps(result.to_dict()) + render_markdown(result)


def test_a_public_check_never_runs_after_a_hidden_input_reached_the_child(carried):
    result, _ = carried
    for name in ("mean_squared_error", "cross_entropy_error", "softmax"):
        checks = result.functions[name].checks
        assert [c.id for c in checks if c.failure is not None] == [
            c.id for c in checks if c.visibility == "hidden"], name  # only the hidden one fails
    assert MARKER not in shown(result)


def test_counterexamples_and_plots_come_from_a_child_that_saw_no_hidden_input(carried,
                                                                             hidden_numbers):
    result, starts = carried
    text = shown(result)
    assert [n for n in hidden_numbers if n in text] == []
    for name in ("cross_entropy_error", "softmax"):  # wrong only after relu's hidden input
        hidden = [c for c in result.functions[name].checks if c.visibility == "hidden"]
        assert hidden[0].failure is not None and hidden[0].failure.counterexample is None, name
    softmax_plot = next(p for p in result.plots if p.function == "softmax")
    assert [n for n in hidden_numbers if n in json.dumps(softmax_plot.series)] == []
    assert starts == 2  # the child of the checks, and a fresh one for what is shown


def test_a_passing_submission_is_graded_in_one_child_with_its_checks_in_rubric_order(launcher):
    counting = CountingLauncher(launcher)
    result = grade_submission(KIT_ROOT / "solutions", launcher=counting, plots="failing")
    assert result.total == result.max_total
    assert counting.starts == 1
    assert [c.id for c in result.checks()] == [c.id for c in load_rubric()]


# What is shown about a function whose public checks failed is computed between the phases
# (autograder.grading, `_Shown`), by the child that then serves the hidden checks, aside
# (autograder.sandbox.session, `aside`: a failure met there is not inherited by the checks).

MUTATES_RELU = '''
def relu(x):
    {extra}
    x[x < 0] = 0  # changes its input (relu.input_unchanged fails); the values are right
    return x
'''


def grades(result) -> dict[str, float]:
    return {check.id: check.score for check in result.checks()}


def graded_with_and_without_what_is_shown(launcher, folder):
    """The result with plots and counterexamples, the children it took, and the result without."""
    counting = CountingLauncher(launcher)
    shown = grade_submission(folder, launcher=counting, plots="failing")
    bare = grade_submission(folder, launcher=launcher, counterexamples=False, plots=False)
    return shown, counting.starts, bare


def test_a_failing_submission_whose_failures_are_all_public_is_graded_in_one_child(launcher, tmp_path):
    """sigmoid's sign wrong (and forward with it): its public and hidden checks fail; the
    diagnosis, the plot and the hidden check's counterexample (from its public twin) are all
    computed by the one child, before it sees a hidden input."""
    folder = reference_with(tmp_path, "activations",
                            "def sigmoid(x):\n    return 1 / (1 + np.exp(x))\n")
    result, starts, bare = graded_with_and_without_what_is_shown(launcher, folder)
    assert starts == 1
    assert grades(result) == grades(bare)
    sigmoid = result.functions["sigmoid"]
    hidden = next(c for c in sigmoid.checks if c.visibility == "hidden")
    assert hidden.failure is not None and hidden.failure.counterexample is not None
    assert sigmoid.status.startswith("mistake")
    assert any(p.function == "sigmoid" and p.series["student"] for p in result.plots)


@pytest.mark.parametrize("extra", [
    "if np.size(x) == 121:  # the plot's grid\n        while True:\n            pass",
    "if np.size(x) == 121:\n        import os\n        os._exit(3)",
    "if np.size(x) == 121:\n        _held.append(np.ones(60_000_000))",  # kept: 480 MB
], ids=["hangs", "exits", "keeps memory"])
def test_what_the_plot_s_input_does_costs_no_hidden_point(launcher, tmp_path, extra):
    folder = reference_with(tmp_path, "activations", "_held = []\n" + MUTATES_RELU.format(extra=extra))
    result, _, bare = graded_with_and_without_what_is_shown(launcher, folder)
    assert [c.id for c in result.checks() if c.failure is not None] == ["relu.input_unchanged"]
    assert grades(result) == grades(bare)


def test_no_public_twin_is_called_once_the_counterexamples_budget_is_spent(launcher, tmp_path,
                                                                           monkeypatch):
    """The twins' calls are counterexample work: a slow function whose checks fail costs the
    submission's budget for counterexamples (SHRINK_SECONDS) and nothing more."""
    import autograder.grading as grading

    folder = reference_with(tmp_path, "activations",
                            "def sigmoid(x):\n    return 1 / (1 + np.exp(x))\n")
    without = CountingLauncher(launcher)
    grade_submission(folder, launcher=without, counterexamples=False)
    monkeypatch.setattr(grading, "SHRINK_SECONDS", 0.0)
    spent = CountingLauncher(launcher)
    result = grade_submission(folder, launcher=spent)
    assert all(c.failure is None or c.failure.counterexample is None for c in result.checks())
    assert spent.requests == without.requests
