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
