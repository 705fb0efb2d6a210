"""The neutral description of a difference, computed from the values (autograder.feedback.difference).

Each case is a pair a learner's code really produces (the mistake named in the comment), and the
words a student must read: precise, true of the values, never a guessed cause.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.feedback.difference import (
    describe_change,
    describe_difference,
    describe_dtype,
    describe_probabilities,
)
from autograder.sandbox.codec import ForeignObject

A = np.array
SOFTMAX_BATCH = A([[0.0900305732, 0.2447284711, 0.6652409558],
                   [0.0171478255, 0.0466126226, 0.9362395519],
                   [1 / 3, 1 / 3, 1 / 3]])
Y = A([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])

PAIRS = [
    # (expected, actual, inputs, the description)
    (0.0975, 0.195, {}, "twice the expected value"),  # MSE without the 1/2
    (0.2, 0.1, {}, "half the expected value"),  # numerical_diff divided by 4h
    (0.5108, -0.5108, {}, "the expected value with the opposite sign"),  # no minus
    (2.302585, 1.0, {}, "0.4343 times the expected value (1/ln 10)"),  # np.log10
    (0.0975, 0.00975, {"y": Y, "t": Y}, "the expected value divided by the length of y (here 10)"),
    (0.0975, 0.975, {"y": Y, "t": Y}, "the expected value times the length of y (here 10)"),
    (1.38, 4.14, {"y": np.ones((3, 3)) / 3}, "the expected value times the number of rows of y (here 3)"),
    (A([0.2, 0.5]), A([0.2, 0.5]) * 3.7, {}, "about 3.7 times the expected value"),
    (0.2, 2e-9, {}, "about 1e-08 times the expected value"),  # / 2 * h instead of / (2 * h)
    (0.5108256, 0.5108256 * (1 + 3e-7), {},
     "differs from the expected value only slightly (here by about 3e-07 relative, from the 7th "
     "significant digit on)"),
    (0.2, 0.0, {}, "0"),
    (A([6.0, 8.0]), A([0.0, 0.0]), {}, "0 everywhere"),  # works on a copy of x
    (0.51, 0.61, {}, "differs from the expected value by 0.1"),
    (A([1.0, 2.0]), A([0.5, 1.5]), {}, "the expected value minus 0.5 in every element"),
    (A([0.27, 0.73, 0.88]), A([0.73, 0.27, 0.12]), {}, "1 minus the expected value"),  # sigmoid(-x)
    (A([0.27, 0.73, 0.88]), 1 / A([0.27, 0.73, 0.88]), {},
     "1 divided by the expected value (its reciprocal)"),  # 1 / 1 + np.exp(-x)
    (0.51, None, {}, "None, what a function without `return` gives"),
    (A([1.0, 2.0]), (A([1.0, 2.0]), A([[0.0]])), {}, "a tuple of 2 where a (2,) array is expected"),
    (A([1.0, 2.0]), ForeignObject("function"), {}, "a function object where a (2,) array is expected"),
    (0.51, "0.51", {}, "a string where a number is expected"),
    (0.51, A([0.51, 0.2]), {}, "a (2,) array where a number is expected"),
    (A([0.1, 0.9]), A([[0.1, 0.9]]), {},
     "a (1, 2) array where a (2,) array is expected, with the expected values in it"),
    (A([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), A([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]), {},
     "a (3, 2) array where a (2, 3) array is expected: the transpose of the expected value"),
    (A([6.0, 8.0]), 8.0, {}, "a number where a (2,) array is expected: the last expected value"),
    (A([1.0, 2.0, 3.0]), 6.0, {}, "a number where a (3,) array is expected: the sum of the expected values"),
    (A([1.0, 2.0, 3.0]), A([1.0, 2.0, 3.0, 4.0]), {},
     "a (4,) array where a (3,) array is expected (4 elements instead of 3)"),
    (SOFTMAX_BATCH, np.vstack([SOFTMAX_BATCH[:1], np.full((2, 3), np.nan)]), {},
     "nan from the second row on"),
    (SOFTMAX_BATCH, np.where(np.arange(3)[:, None] == 1, np.nan, SOFTMAX_BATCH), {},
     "nan in the second row"),
    (SOFTMAX_BATCH, np.where(np.arange(3)[:, None] == 1, 0.5, SOFTMAX_BATCH), {},
     "right on rows 1 and 3, wrong on the second row"),
    (A([0.0, 0.5, 1.0]), A([np.nan, 0.5, 1.0]), {}, "nan at 1 of 3 elements ([0])"),
    (A([0.0, 0.5, 1.0]), A([np.inf, np.nan, 1.0]), {}, "nan and inf at 2 of 3 elements ([0], [1])"),
    (0.5, np.inf, {}, "inf where a finite number is expected"),
    (A([[0.2, 0.8], [0.5, 0.5]]), A([[0.6, 2.4], [1.5, 1.5]]), {}, "three times the expected value"),
    (A([[0.2, 0.8], [0.5, 0.5]]), A([[0.1, 0.4], [0.25, 0.25]]), {}, "half the expected value"),
    (SOFTMAX_BATCH, SOFTMAX_BATCH / 3, {}, "1/3 of the expected value"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[0.1, 0.4], [0.2, 0.3]]) * A([[1.0], [1.0]]) + A([[0.0], [0.0]]), {},
     "half the expected value"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[0.05, 0.2], [0.3, 0.45]]), {},
     "the whole batch sums to 1, not each row (here the rows sum to 0.25, 0.75)"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[0.1, 0.5], [0.3, 0.3]]), {},
     "each row sums to 0.6, not 1"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[0.1, 0.5], [0.3, 0.2]]), {},
     "rows that do not sum to 1 (here they sum to 0.6, 0.5)"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[0.2, 0.8], [0.3, 0.6]]), {},
     "right on the first row, wrong from the second row on"),
    (A([[0.2, 0.8], [0.4, 0.6]]), A([[-0.2, 1.2], [0.4, 0.6]]), {},
     "right on the second row, wrong on the first row"),
    (A([0.2, 0.8]), A([-0.2, 1.2]), {},
     "values outside [0, 1] where probabilities are expected (here from -0.2 to 1.2)"),
    (A([[3.0, 4.0], [1.0, 2.0]]), A([[2.0, 1.0], [4.0, 3.0]]), {}, "the expected values in another order"),
    (A([[1.0, 2.0], [3.0, 4.0]]), A([[1.0, 3.0], [2.0, 4.0]]), {}, "the transpose of the expected value"),
    (A([1.0, 2.0, 3.0]), A([3.0, 2.0, 1.0]), {}, "the expected values in reverse order"),
    (A([0, 0, 1, 1]), A([0, 1, 1, 1]), {"x": A([-1.0, 0.0, 1.0, 2.0])},
     "wrong only where x is 0, right elsewhere"),
    (A([0.0, 0.0, 2.5]), A([-0.1, 0.0, 2.5]), {"x": A([-1.0, 0.0, 2.5])},
     "wrong only where x < 0, right elsewhere"),
    (A([0.0, 0.0, 2.5]), A([-1.0, 0.0, 2.5]), {"x": A([-1.0, 0.0, 2.5])}, "the input x itself, unchanged"),
    (A([1.5, 2.5, 3.5]), A([1, 2, 3]), {},
     "an integer array where floats are expected: the fractions are cut off"),
    (A([1.5, 2.5, 3.5]), A([1.5, 2.6, 3.5]), {}, "wrong at 1 of 3 elements ([1]), right elsewhere"),
    (A([-6e-10, 8e-10]), A([-7.0, 8e-10]), {}, "wrong at 1 of 2 elements ([0]), right elsewhere"),
    (A([0.31682708, 0.69627909]), A([0.4, 0.5]), {},
     "differs from the expected value: the largest difference is 0.196279, at [1]"),
    (0.51, 0.9, {}, "differs from the expected value by 0.39"),
]


@pytest.mark.parametrize(("expected", "actual", "inputs", "words"), PAIRS,
                         ids=[p[3][:40] for p in PAIRS])
def test_a_difference_is_described_from_the_values(expected, actual, inputs, words):
    assert describe_difference(expected, actual, inputs).text == words


def test_with_nothing_more_precise_a_hidden_check_says_only_that_it_differs():
    found = describe_difference(A([1.3, 2.7]), A([1.4, 2.5]), reveal=False)
    assert found.text == "differs from the expected value" and found.kind == "other"


def test_the_same_sort_of_difference_has_the_same_kind_whatever_the_numbers():
    one = describe_difference(0.51, 0.051, {"y": Y})
    other = describe_difference(16.1, 16.1 / 3, {"y": A([0.0, 1.0, 0.0])})
    assert one.kind == other.kind == "scale:divided by the length of y"
    assert describe_difference(2.0, 4.0).kind == describe_difference(A([1.0, 3.0]), A([2.0, 6.0])).kind
    assert describe_difference(2.0, 4.0).kind != describe_difference(2.0, 6.0).kind


@pytest.mark.parametrize(("before", "after", "words"), [
    (A([-1.0, 0.0, 2.5]), A([0.0, 0.0, 2.5]),
     "the call changed the input x: it set 1 of its 3 elements to 0 (the negative ones)"),  # x[x < 0] = 0
    (A([0.1, 0.0, 0.9]), A([0.1, 0.0, 0.9]) + 1e-7,
     "the call changed the input x: it added 1e-07 to every element"),
    (A([1.0, 2.0, 5.0]), A([-4.0, -3.0, 0.0]),
     "the call changed the input x: it subtracted 5 from every element"),
    (A([3.0, 4.0]), A([3.0, 4.0001]), "the call changed the input x: it added 0.0001 to 1 of its 2 elements"),
    (A([3.0, 4.0]), A([1.0, 7.0]), "the call changed the input x: every element, e.g. x[0] went from 3 to 1"),
    (A([3.0, 4.0]), A([[3.0, 4.0]]), "the call changed the shape of the input x from (2,) to (1, 2)"),
])
def test_a_changed_input_is_described_element_by_element(before, after, words):
    assert describe_change("x", before, after).text == words


def test_the_wrong_type_where_integers_are_expected():
    assert describe_dtype(A([True, False])).text == (
        "an array of booleans (True/False) where integers are expected")
    assert describe_dtype(A([1.0, 0.0])).text == "an array of floats where integers are expected"
    assert describe_dtype([1, 0]).text == "a list where an integer array is expected"


def test_softmax_outputs_that_are_not_probabilities():
    a = A([[1000.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert describe_probabilities(a, A([[np.nan, 0.0], [0.3, 0.7], [0.5, 0.5]])).text == (
        "nan in the first row")
    assert describe_probabilities(a, A([[1.0, 0.0], [np.nan] * 2, [np.nan] * 2])).text == (
        "nan from the second row on")
    assert describe_probabilities(a, A([[0.5, 0.5]] * 3) / 2).text == "each row sums to 0.5, not 1"
    assert describe_probabilities(a, A([[0.0, 1.0], [0.3, 0.7], [0.2, 0.8]])).text == (
        "the largest input does not get the largest probability in the first row")
    assert describe_probabilities(A([710.0]), A([np.nan])).text == "nan where probabilities are expected"


def test_ratios_name_the_constants_a_learner_may_have_used():
    assert "(ln 10)" in describe_difference(1.0, math.log(10)).text
    assert describe_difference(1.0, 10.0).text == "10 times the expected value"
    assert describe_difference(1.0, 0.1).text == "a tenth of the expected value"
    assert describe_difference(1.0, 1 / 7).text == "1/7 of the expected value"
