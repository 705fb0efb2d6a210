"""The values a failed check shows: what a learner compares by eye must show what the kit compared.

Found by a held-out learner corpus (learners9): each case is what a learner's code really returned.
"""
from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import Call, expect_close
from autograder.checks.failure import CheckFailure
from autograder.checks.shrink import compare_with_expected
from autograder.sandbox.session import CallOutcome

# numerical_gradient(function_2, [3., 4.]): the contract's h = 1e-4 against a learner's h = 1e-5
WITH_1E_4 = np.array([6.00000000000378, 7.999999999999119])
WITH_1E_5 = np.array([6.000000000128124, 7.999999999874773])


def test_values_that_differ_only_slightly_are_both_shown_with_every_digit():
    """At 10 digits after the point the expected value read `[6., 8.]` next to the learner's
    `[6.0000000001, 7.9999999999]`: it looked like the learner was right and the kit wrong."""
    with pytest.raises(CheckFailure) as raised:
        expect_close(WITH_1E_5, WITH_1E_4, rtol=1e-12, atol=0.0,
                     call=Call("numerical_gradient", {"f": "function_2", "x": np.array([3.0, 4.0])}))
    failure = raised.value
    assert failure.expected == "[6.00000000000378, 7.999999999999119]", failure.expected
    assert failure.actual == "[6.000000000128124, 7.999999999874773]", failure.actual


def test_a_shrunk_counterexample_shows_a_slight_difference_with_every_digit_too():
    verdict = compare_with_expected(WITH_1E_4, CallOutcome(value=WITH_1E_5), rtol=1e-12, atol=0.0)
    assert verdict is not None
    assert (verdict.expected, verdict.actual) == ("[6.00000000000378, 7.999999999999119]",
                                                  "[6.000000000128124, 7.999999999874773]")


@pytest.mark.parametrize(("expected", "actual", "shown"), [
    (np.array([0.5, 0.25]), np.array([0.6, 0.25]), ("[0.5 , 0.25]", "[0.6 , 0.25]")),  # not slight
    (0.2, 0.2 * (1 + 1e-12), ("0.2", "0.20000000000020002")),  # a float is shown in full anyway
    (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0000001]]),
     ("[[1.0, 2.0],\n [3.0, 4.0]]", "[[1.0, 2.0],\n [3.0, 4.0000001]]")),
])
def test_shown_values(expected, actual, shown):
    from autograder.checks.compare import format_values

    assert format_values(expected, actual) == shown


def test_an_integer_expected_value_is_shown_as_integers():
    """step_function must return integers (its known value is [0, 0, 1, 1]): the expected value
    read `[0., 0., 1., 1.]` next to a learner's `[0, 1, 1, 1]` (x >= 0 instead of x > 0)."""
    with pytest.raises(CheckFailure) as raised:
        expect_close(np.array([0, 1, 1, 1]), [0, 0, 1, 1], rtol=1e-9, atol=0.0,
                     call=Call("step_function", {"x": np.array([-1.0, 0.0, 1.0, 2.0])}))
    assert (raised.value.expected, raised.value.actual) == ("[0, 0, 1, 1]", "[0, 1, 1, 1]")
    with pytest.raises(CheckFailure) as raised:  # a float expected value stays floats
        expect_close(np.array([0.0, 1.0]), [0.0, 0.5], rtol=1e-9, atol=0.0, call="relu")
    assert raised.value.expected == "[0. , 0.5]", raised.value.expected


class _Descent:
    """A learner's gradient_descent that returns x only (not the pair), called without a sandbox."""

    def call(self, function, inputs, **_):
        x = inputs["init_x"].copy()
        for _step in range(inputs["step_num"]):
            x -= inputs["lr"] * 2 * x  # the gradient of function_2 and of shifted_bowl's shape
        return CallOutcome(value=x)


def test_a_counterexample_of_a_single_array_for_the_pair_shows_the_pair_as_expected():
    """gradient_descent returning x alone: the random check compares x with the reference's x,
    which agree, and the shrunk counterexample read `expected: [0., 0.]  actual: [0., 0.]`."""
    from autograder.checks.hidden import shrink_request
    from autograder.checks.shrink import shrink_counterexample
    from autograder.kit import load_rubric

    check = next(c for c in load_rubric()
                 if c.function == "gradient_descent" and c.kind == "random_vs_reference")
    inputs = {"f": "function_2", "init_x": np.array([-1.75, 3.25]), "lr": 0.125, "step_num": 7}
    example = shrink_counterexample(_Descent(), shrink_request(check, inputs))
    assert example is not None
    assert example.expected == "(x, x_history)", example
    assert example.actual != example.expected


def test_a_counterexample_whose_shown_values_agree_is_not_shown():
    """Whatever a check's comparison saw, a counterexample whose expected and actual read the same
    would tell the learner their output is right: the search never ends on one."""
    from autograder.checks.failure import ShrinkRequest, Verdict
    from autograder.checks.shrink import shrink_counterexample

    def verdict(inputs, expected, outcome):
        return Verdict("values", format(outcome.value), format(outcome.value))

    request = ShrinkRequest("gradient_descent", {"f": "function_2", "init_x": np.array([-1.75, 3.25]),
                                                 "lr": 0.125, "step_num": 7},
                            expect=lambda inputs: 0.0, verdict=verdict)
    assert shrink_counterexample(_Descent(), request) is None
