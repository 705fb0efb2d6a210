"""The data files agree with each other and with the contract."""
from __future__ import annotations

import numpy as np

from autograder.checks import KINDS
from autograder.kit import load_exercises, load_known_cases, load_rubric
from autograder.reference import reference_function
from autograder.sandbox import child


def test_rubric_is_worth_100_points_and_every_function_has_checks():
    rubric = load_rubric()
    assert sum(c.points for c in rubric) == 100
    assert {c.function for c in rubric} == {e.function for e in load_exercises()}


def test_every_check_names_a_known_kind_and_known_cases():
    cases = load_known_cases()
    for check in load_rubric():
        assert check.kind in KINDS, check.id
        for case_id in check.cases:
            assert cases[case_id].function == check.function, check.id


def test_every_known_value_has_a_source_and_the_reference_reproduces_it():
    for case in load_known_cases().values():
        assert case.source, case.id
        inputs = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in case.inputs.items()}
        if "f" in inputs:
            inputs["f"] = child.make_test_function(inputs["f"], inputs)
        result = reference_function(case.function)(**inputs)
        if case.function == "gradient_descent":
            result = result[0]
        if case.function == "init_network":
            assert all(np.array_equal(result[k], v) for k, v in case.expected.items())
        elif case.diverges:
            assert np.max(np.abs(result)) > 1e10
            assert np.allclose(result, case.expected, rtol=1e-6), "the book's digits, reproduced"
        else:
            assert np.allclose(result, case.expected, rtol=case.rtol, atol=case.atol), case.id


def test_the_issue_s_headline_values_are_in_the_data():
    cases = load_known_cases()
    assert round(cases["mse_ex1"].expected, 4) == 0.0975 and cases["mse_ex2"].expected == 0.5975
    assert round(cases["cee_ex1"].expected, 12) == 0.510825457099
    assert round(cases["cee_ex2"].expected, 11) == 2.30258409299
    assert round(cases["cee_batch_left"].expected, 2) == 1.38
    assert round(cases["cee_batch_right"].expected, 2) == 0.64
    assert cases["diff_function_1_at_5"].expected == 0.1999999999990898
    assert cases["diff_function_1_at_10"].expected == 0.2999999999986347
