"""Grading in two phases: no child that has seen a hidden input computes anything a student reads.

Every public check of every function runs before any hidden check (autograder.grading), and what
is shown afterwards (diagnoses' observations, plots, counterexamples) is computed by a fresh
child, started only when such a call is needed. The submissions below keep relu's hidden input
in `builtins` (shared by every module of the child) and let later functions show it.
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
