"""Tolerances from the contract (data/rubric.toml): each function's with its reason, and the
1-point checks that pin the contract's constants, so that a tolerance never swallows a wrong one.

Correct code written another way (another guard against log(0), log-sum-exp softmax, loops,
integer input converted, ...) is tests/submissions/correct/: full marks, no mistake
(test_mistake_corpus.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.kit import load_exercises, load_rubric
from conftest import overrides, reference_with


def test_every_function_states_its_tolerance_and_why():
    for exercise in load_exercises():
        assert exercise.rtol >= 0 and exercise.atol >= 0, exercise.function
        assert len(exercise.tolerance) > 40, f"{exercise.function}: say why this tolerance"


def test_a_check_pinning_a_constant_of_the_contract_is_worth_a_point_and_names_it():
    pinned = {c.id: c for c in load_rubric() if c.rtol is not None}
    assert set(pinned) == {"cross_entropy_error.delta", "numerical_diff.h", "numerical_gradient.h"}
    constants = {"cross_entropy_error.delta": "delta = 1e-7", "numerical_diff.h": "h = 1e-4",
                 "numerical_gradient.h": "h = 1e-4"}
    for check_id, check in pinned.items():
        assert check.points == 1 and check.visibility == "public"
        assert f"the contract's {constants[check_id]}" in check.name
        assert check.tolerance, check_id


def test_there_are_at_least_25_correct_rewrites_across_the_12_functions():
    correct = overrides("correct")
    assert len(correct) >= 25
    defined = {line.split("(")[0].removeprefix("def ") for o in correct
               for line in o.path.read_text().splitlines() if line.startswith("def ")}
    assert {e.function for e in load_exercises()} <= defined


WRONG_CONSTANTS = [
    ("losses", '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-5)) / batch_size
''', "cross_entropy_error", "cross_entropy_error.delta"),
    ("losses", '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(np.clip(y[np.arange(batch_size), t], 1e-6, 1))) / batch_size
''', "cross_entropy_error", "cross_entropy_error.delta"),
    ("gradients", '''
def numerical_diff(f, x):
    h = 1e-3
    return (f(x + h) - f(x - h)) / (2 * h)
''', "numerical_diff", "numerical_diff.h"),
    ("gradients", '''
def numerical_diff(f, x):
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)
''', "numerical_diff", "numerical_diff.h"),
    ("gradients", '''
def numerical_gradient(f, x):
    h = 1e-3
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
''', "numerical_gradient", "numerical_gradient.h"),
]


@pytest.mark.parametrize(("module", "code", "function", "check_id"), WRONG_CONSTANTS,
                         ids=["delta 1e-5", "clip at 1e-6", "diff h 1e-3", "diff h 1e-5", "gradient h 1e-3"])
def test_a_wrong_constant_loses_the_point_that_names_it(tmp_path: Path, module, code, function,
                                                        check_id):
    result = grade_submission(reference_with(tmp_path, module, code), functions=[function],
                              include_hidden=False)
    failed = [c.id for c in result.functions[function].checks if c.failure]
    assert check_id in failed


def test_a_clip_guarded_cross_entropy_is_right_whatever_probability_the_secret_draws():
    """The hidden inputs are the instructor's secret's: with some secrets a row's right class
    gets p near 1e-5, where np.clip(y, 1e-7, 1) and y + 1e-7 differ by 1e-2 / 11.5 of the loss
    (27 % of secrets cost a clip its 2 points at rtol 1e-5 alone). The comparison on each input
    allows that input's guard band, and no more: a log10 or a forgotten batch mean still fails."""
    import numpy as np

    from autograder.checks.compare import all_close
    from autograder.checks.hidden import reference_result, tolerance

    y = np.array([[1e-5, 0.3, 1 - 0.3 - 1e-5], [0.999999, 5e-7, 5e-7]])
    for t in (np.array([0, 0]), np.array([[1, 0, 0], [1, 0, 0]])):
        inputs = {"y": y, "t": t}
        expected = np.asarray(reference_result("cross_entropy_error", inputs))
        rtol, atol = tolerance("cross_entropy_error", inputs)
        p = np.array([1e-5, 0.999999])
        clipped = -np.sum(np.log(np.clip(p, 1e-7, 1))) / 2
        assert not all_close(np.asarray(clipped), expected, rtol=1e-5, atol=1e-9)  # the old rule
        assert all_close(np.asarray(clipped), expected, rtol=rtol, atol=atol)
        for wrong in (-np.sum(np.log10(p + 1e-7)) / 2, -np.sum(np.log(p + 1e-7))):
            assert not all_close(np.asarray(wrong), expected, rtol=rtol, atol=atol)
