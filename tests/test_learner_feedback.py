"""What a learner reads is true of the code they wrote (learners6's corpus, written as learners
write, not as the detectors expect): a hint never names a mistake the student did not make."""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.results import CheckResult
from autograder.sandbox.session import Limits
from conftest import SUBMISSIONS, Override

PATIENT = Limits(call_seconds=20.0)


def failed_checks(kind: str, name: str, function: str, tmp_path: Path) -> list[CheckResult]:
    submission = Override.read(SUBMISSIONS / kind / f"{name}.py")
    result = grade_submission(submission.build(tmp_path / name), limits=PATIENT)
    return [c for c in result.functions[function].checks if c.failure is not None]


def test_relu_with_the_builtin_max_is_told_about_max_not_only_about_if_else(tmp_path: Path):
    """`return max(0, x)` has no if/else: the diagnosis must name what the student wrote."""
    failed = failed_checks("mistakes", "relu_builtin_max", "relu", tmp_path)
    assert failed
    for check in failed:
        told = f"{check.failure.mistake_title} {check.failure.hint}"
        assert "max(0, x)" in check.failure.mistake_title, told


def test_a_gradient_of_zeros_from_a_copy_of_x_is_not_blamed_on_h_alone(tmp_path: Path):
    """x.flatten() is a copy that f never sees: every partial derivative is 0, as with h = 1e-50.
    The student used h = 1e-4, so the feedback must also name the copy."""
    failed = failed_checks("mistakes", "gradient_flatten_copy", "numerical_gradient", tmp_path)
    assert failed
    for check in failed:
        told = f"{check.failure.mistake_title} {check.failure.hint}"
        assert "copy" in told, told


def test_a_step_function_that_writes_into_x_is_not_told_its_input_change_is_a_float_dtype(
        tmp_path: Path):
    """x[x <= 0] = 0; x[x > 0] = 1 returns floats and changes x: the failed input check is not
    explained by "returns floats" (fixing the dtype leaves x changed): by the write into x, or
    by nothing (the difference then says that x changed)."""
    failed = failed_checks("two_mistakes", "tm36_step_in_place_float", "step_function", tmp_path)
    by_id = {c.id: c for c in failed}
    assert set(by_id) == {"step_function.integer_dtype", "step_function.input_unchanged"}
    assert by_id["step_function.integer_dtype"].failure.mistake == "step_function.float_dtype"
    assert by_id["step_function.input_unchanged"].failure.mistake in (None, "step_function.in_place")


def test_float32_values_are_told_as_float32_not_only_as_a_small_difference():
    """A learner's softmax or weights in float32 ("MNIST is float32") are off from the 8th digit:
    the difference says why (float32 keeps about 7 digits), not only that it is slight."""
    import numpy as np

    from autograder.feedback.difference import describe_difference

    expected = [0.018211273295547531, 0.24519181293507392, 0.73659691376937864]
    told = describe_difference(expected, np.asarray(expected, dtype=np.float32))
    assert "float32" in told.text and "7 significant digits" in told.text, told.text
    assert "float32" not in describe_difference(expected, np.asarray(expected) * (1 + 4e-8)).text


def test_a_loss_averaged_with_np_mean_is_not_told_to_reshape_one_sample(tmp_path: Path):
    """-np.mean(t * np.log(y + delta)) divides by the classes too, on one sample as on a batch:
    reshaping one sample, the fix for / y.shape[0], would not help; the hint names np.mean."""
    failed = failed_checks("mistakes", "cee_mean_over_every_element", "cross_entropy_error",
                           tmp_path)
    assert failed
    for check in failed:
        assert check.failure.mistake is not None, check.id
        assert "np.mean" in f"{check.failure.mistake_title} {check.failure.hint}", check.failure.hint


def test_softmax_without_keepdims_on_axis_minus_1_is_told_about_the_axis_it_used(tmp_path: Path):
    """np.max(a, axis=-1) without keepdims: the title must not say the student wrote axis=1."""
    failed = failed_checks("mistakes", "softmax_last_axis_no_keepdims", "softmax", tmp_path)
    assert failed
    for check in failed:
        assert check.failure.mistake == "softmax.no_keepdims", check.id
        assert "-1" in check.failure.mistake_title, check.failure.mistake_title


def test_a_difference_shown_beside_a_counterexample_is_true_of_that_counterexample(tmp_path: Path):
    """gradient_descent that steps from init_x each time (learners9 m17): the random check said
    "about 3.05 times the expected value", a ratio of its own hidden input, next to a shrunk
    counterexample expected [0., 0.81] / actual [0., 0.9], whose ratio is 1.11."""
    import re

    from conftest import reference_with

    one_step = '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x_history = []
    x = init_x.copy()
    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, init_x)
        x = init_x - lr * grad
    return x, np.array(x_history)
'''
    result = grade_submission(reference_with(tmp_path, "gradients", one_step), limits=PATIENT,
                              functions=["gradient_descent"], plots=False)
    shown = [c for c in result.functions["gradient_descent"].checks
             if c.failure is not None and c.failure.counterexample is not None]
    assert shown, "no counterexample to compare with"
    for check in shown:
        failure, example = check.failure, check.failure.counterexample
        said = re.search(r"about (\S+) times the expected value", failure.shown_difference)
        assert said, failure.shown_difference
        numbers = [[float(n) for n in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", text)]
                   for text in (example.expected, example.actual)]
        ratios = {round(a / e, 2) for e, a in zip(*numbers, strict=True) if e != 0}
        assert ratios == {float(said.group(1))}, (failure.shown_difference, example)
        assert f"difference: {failure.shown_difference}" in failure.describe()


def test_a_misspelled_function_is_told_what_the_module_lacks(tmp_path: Path):
    """A learner's identify_function was told "the function activations.py defines no function
    identity_function": no function was called, the module lacks one (held-out corpus, p1)."""
    from conftest import reference_with

    misspelled = "def identify_function(x):\n    return x\n\n\ndel identity_function\n"
    result = grade_submission(reference_with(tmp_path, "activations", misspelled))
    failure = result.functions["identity_function"].checks[0].failure
    assert failure is not None
    assert failure.message.startswith("activations.py defines no function identity_function (did "
                                      "you mean identify_function? rename it)"), failure.message
    shrunk = [c.failure.counterexample for c in result.functions["identity_function"].checks
              if c.failure is not None and c.failure.counterexample is not None]
    assert shrunk and all(c.actual == "no such function" for c in shrunk)  # not "raised MissingFunction"


def test_a_batched_softmax_without_the_guard_is_told_the_overflow_only(tmp_path: Path):
    """exp_a / np.sum(exp_a, axis=-1, keepdims=True) without the max subtracted (held-out corpus,
    d07): its batch checks fail by the overflow alone. A second block told it to "take the max
    and the sum along the last axis with keepdims=True", where the sum already was."""
    from autograder.feedback.explain import function_blocks

    submission = Override.read(SUBMISSIONS / "mistakes" / "softmax_no_guard_batched.py")
    result = grade_submission(submission.build(tmp_path / "s"), limits=PATIENT)
    blocks = function_blocks(result.functions["softmax"])
    assert [b.headline for b in blocks] == ["likely mistake: softmax without the overflow guard"]
    assert "np.exp(a - np.max(a, axis=-1, keepdims=True))" in blocks[0].hint


def test_the_book_s_first_softmax_is_not_told_it_takes_a_max(tmp_path: Path):
    """exp_a = np.exp(a); return exp_a / np.sum(exp_a) (d07): the block about its batches names
    the sum over the whole batch, not "the max and the sum": the code takes no max."""
    failed = failed_checks("mistakes", "softmax_no_guard", "softmax", tmp_path)
    titles = {c.failure.mistake_title for c in failed}
    assert "softmax without the overflow guard" in titles
    assert all("takes the max" not in t for t in titles), titles
    assert "softmax sums over the whole batch, not over each row" in titles, titles


def test_a_gradient_loop_over_the_rows_of_a_2d_x_is_named(tmp_path: Path):
    """for idx in range(len(x)) on a 2-D x walks the rows only, each x[idx] +- h a whole row
    (held-out corpus, d06): no error, wrong numbers, and no block of its own. The title says that
    x[idx] is a row; the hint gives the book's multi-index."""
    failed = failed_checks("mistakes", "gradient_rows_loop", "numerical_gradient", tmp_path)
    assert failed
    for check in failed:
        assert check.failure.mistake == "numerical_gradient.one_d_only", check.id
        assert "whole row" in check.failure.mistake_title, check.failure.mistake_title
        assert "it.multi_index" in check.failure.hint and "np.nditer" in check.failure.hint


@pytest.mark.parametrize("name", ["descent_step_not_stored", "descent_step_other_name"])
def test_a_step_computed_but_not_stored_is_told_so(name: str, tmp_path: Path):
    """`x - lr * grad` on a line of its own, or `new_x = x - lr * grad` that nothing reads (d06),
    was told "leaves out one of the statements that set `x`": it wrote the step, and did not
    store it."""
    failed = failed_checks("mistakes", name, "gradient_descent", tmp_path)
    assert failed
    for check in failed:
        assert "never stores it" in check.failure.mistake_title, check.failure.mistake_title
        assert "x -= lr * grad" in check.failure.hint and "x = x - lr * grad" in check.failure.hint


@pytest.mark.parametrize("name", ["cee_delta_outside_log", "cee_delta_outside_log_one_hot"])
def test_delta_added_outside_the_log_is_not_told_it_has_no_delta(name: str, tmp_path: Path):
    """np.log(y) + delta (m02) was titled "without delta inside the log", as if delta were
    missing: the title says it is added outside the log, where log(0) stays -inf."""
    failed = failed_checks("mistakes", name, "cross_entropy_error", tmp_path)
    assert failed
    for check in failed:
        title = check.failure.mistake_title
        assert "outside the log" in title and "still -inf" in title, title
    assert "outside" not in " ".join(c.failure.mistake_title for c in failed_checks(
        "mistakes", "cee_no_delta", "cross_entropy_error", tmp_path / "none"))


def test_a_module_that_fails_at_import_names_its_cause_in_the_headline(tmp_path: Path):
    """A function whose module fails at import read "its module could not be imported" as its
    headline though the mistake was recognised (np.int at import, m17): the headline names it,
    as any failed function's does."""
    from autograder.report import function_status

    submission = Override.read(SUBMISSIONS / "mistakes" / "step_np_int_at_import.py")
    result = grade_submission(submission.build(tmp_path / "s"), limits=PATIENT)
    for name in ("step_function", "sigmoid", "forward"):
        status = function_status(result.functions[name])
        assert status.startswith("its module could not be imported; likely mistake: "), status
        assert "NumPy 1.24 removed" in status, status


def test_a_notebook_submission_is_told_its_notebooks_not_the_modules_made_from_them(
        tmp_path: Path):
    """Notebooks whose activations code fails at import and without network's functions read
    "activations.py could not be imported" and "network.py is missing from the submission":
    files the kit made. They read the notebook, its cell and line, and the functions no
    notebook defines, in `check`'s output and in `grade`'s feedback."""
    import io
    import json

    from autograder.bulk.run import grade_class
    from autograder.cli import main

    def notebook(code: str) -> str:
        return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# my answers"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": code}]})

    student = tmp_path / "class" / "s1"
    student.mkdir(parents=True)
    solutions = Path(__file__).parent.parent / "solutions"
    for module in ("activations", "losses", "gradients"):
        code = (solutions / f"{module}.py").read_text(encoding="utf-8")
        if module == "activations":
            code += "\nINT = np.int  # the book's dtype\n"
        (student / f"{module}.ipynb").write_text(notebook(code), encoding="utf-8")
    line = (solutions / "activations.py").read_text(encoding="utf-8").count("\n") + 2
    grade_class(tmp_path / "class", tmp_path / "out", jobs=1, stream=io.StringIO())
    feedback = (tmp_path / "out" / "s1" / "feedback.md").read_text(encoding="utf-8")
    import contextlib
    told = io.StringIO()
    with contextlib.redirect_stdout(told):
        main(["check", str(student)])
    for text in (feedback, told.getvalue()):
        assert "activations.py" not in text and "network.py" not in text, text
        assert "activations.ipynb: none of these functions could run (step_function" in text, text
        assert f"your line: activations.ipynb, cell 2, line {line}: INT = np.int" in text, text
        assert "no notebook of the submission defines init_network, forward" in text, text


def _failed_with(tmp_path: Path, module: str, code: str, function: str) -> list[CheckResult]:
    from conftest import reference_with

    result = grade_submission(reference_with(tmp_path, module, code), limits=PATIENT,
                              functions=[function], plots=False)
    return [c for c in result.functions[function].checks if c.failure is not None]


def test_a_forward_that_feeds_a1_to_the_next_layer_is_told_that_line(tmp_path: Path):
    """z1 computed but a1 used in the next np.dot (learner round 12): its outputs are those of a
    forward without the first sigmoid, and the kit named `z1 = sigmoid(a1)`, a line the learner
    had right. The mutant whose line the learner wrote words it."""
    code = '''
def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(a1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    return identity_function(a3)
'''
    failed = _failed_with(tmp_path, "network", code, "forward")
    assert failed
    titles = {c.failure.mistake_title for c in failed if c.failure.mistake}
    assert titles == {"uses a1 where z1 belongs in the call to np.dot"}, titles


def test_a_gradient_whose_2d_branch_is_unfinished_is_not_told_it_works_on_a_copy(tmp_path: Path):
    """A 1-D loop and `pass` where the 2-D case belongs (zeros): the kit named "works on a copy
    of x", which gives the right gradient of a 2-D x that f takes as its argument (learner round
    12, held out)."""
    code = '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    if x.ndim == 1:
        for idx in range(x.size):
            tmp_val = x[idx]
            x[idx] = tmp_val + h
            fxh1 = f(x)
            x[idx] = tmp_val - h
            fxh2 = f(x)
            grad[idx] = (fxh1 - fxh2) / (2 * h)
            x[idx] = tmp_val
    else:
        pass  # TODO
    return grad
'''
    failed = _failed_with(tmp_path, "gradients", code, "numerical_gradient")
    assert failed
    assert [c.failure.mistake for c in failed if c.failure.mistake] == []
    assert all("copy" not in c.failure.describe() for c in failed)


def test_a_mutant_s_title_comes_without_the_check_s_hint(tmp_path: Path):
    """t.argmax() without axis=1 is named; the check's hint (divide by the batch size, a line
    the learner had right) is not shown beside it (learner round 12)."""
    code = '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax()
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
'''
    failed = _failed_with(tmp_path, "losses", code, "cross_entropy_error")
    named = [c for c in failed if c.failure.mistake]
    assert named and all("axis=1" in c.failure.mistake_title for c in named)
    assert all(c.failure.hint == "" for c in named if ".mutant." in c.failure.mistake)


def test_a_function_left_as_pass_earns_no_point_for_leaving_its_input_unchanged(tmp_path: Path):
    """A body of `pass` returns None and changes nothing: the input_unchanged check gave it a
    point (learner round 12: a `pass` sigmoid earned 1 of 8)."""
    failed = _failed_with(tmp_path, "activations", "\ndef sigmoid(x):\n    pass\n", "sigmoid")
    assert {c.id for c in failed} >= {"sigmoid.input_unchanged"}
    assert all(c.score == 0 for c in failed)


def test_a_numerical_diff_with_h_1e_7_is_told_about_h(tmp_path: Path):
    """"A smaller h is more exact": h = 1e-7 is off by 5e-10, within the case's own rtol, so
    the sign of too small an h did not hold and 0/6 came with no word on h (learner round 12)."""
    code = "\ndef numerical_diff(f, x):\n    h = 1e-7\n    return (f(x + h) - f(x - h)) / (2 * h)\n"
    public = [c for c in _failed_with(tmp_path, "gradients", code, "numerical_diff")
              if c.visibility == "public"]
    assert public
    assert {c.failure.mistake for c in public} == {"numerical_diff.h_too_small"}
