"""The data files agree with each other and with the contract."""
from __future__ import annotations

import numpy as np

from autograder.checks.kinds import KINDS
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
        with np.errstate(over="ignore"):  # the book's sigmoid: exp(-x) overflows to inf, and 1/inf is 0
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


def test_every_value_the_issue_names_is_in_the_data_with_the_book_s_digits():
    cases = load_known_cases()

    def printed(case_id: str, value: list[float], decimals: int = 8) -> None:
        assert np.allclose(np.round(cases[case_id].expected, decimals), value), case_id
        assert "seed" in cases[case_id].source or "book" in cases[case_id].source, case_id

    printed("softmax_book", [0.01821127, 0.24519181, 0.73659691])
    printed("softmax_seed003", [0.32893292, 0.40175958, 0.2693075])
    printed("forward_book", [0.31682708, 0.69627909])
    assert cases["sigmoid_z1"].inputs["x"].tolist() == [0.3, 0.7, 1.1]  # A1 of seed 004
    printed("sigmoid_z1", [0.57444252, 0.66818777, 0.75026011])  # Z1 of seed 004
    for case_id, point, gradient in [("gradient_at_3_4", [3, 4], [6, 8]),
                                     ("gradient_at_0_2", [0, 2], [0, 4]),
                                     ("gradient_at_3_0", [3, 0], [6, 0])]:
        assert cases[case_id].inputs["x"].tolist() == point
        printed(case_id, gradient, 6)
    near_zero, diverged, barely = (cases[c] for c in ("descent_lr_0.1", "descent_lr_10",
                                                     "descent_lr_1e-10"))
    assert np.max(np.abs(near_zero.expected)) < 1e-9
    assert diverged.diverges and np.allclose(diverged.expected, [-2.58e13, -1.29e12], rtol=1e-2)
    assert np.allclose(barely.expected, [-3.0, 4.0], atol=1e-7)
    assert [c.inputs["lr"] for c in (near_zero, diverged, barely)] == [0.1, 10.0, 1e-10]


def test_batch_checks_use_square_and_non_square_batches():
    cases = load_known_cases()
    batch_input = {"softmax": "a", "forward": "x", "cross_entropy_error": "y"}
    for function, name in batch_input.items():
        shapes = {np.shape(cases[case_id].inputs[name])
                  for check in load_rubric() if check.function == function and not check.hidden
                  for case_id in check.cases}
        batches = [s for s in shapes if len(s) == 2]
        assert any(rows == columns for rows, columns in batches), function
        assert any(rows != columns for rows, columns in batches), function


def test_tolerances_tell_a_forward_difference_from_a_central_one_written_any_way():
    h = 1e-4
    for case in load_known_cases().values():
        if case.function != "numerical_diff":
            continue
        f, x = child.TEST_FUNCTIONS[case.inputs["f"]], case.inputs["x"]
        forward = (f(x + h) - f(x)) / h
        central_written_otherwise = (f(x + h) - f(x - h)) / h / 2
        assert not np.isclose(forward, case.expected, rtol=case.rtol, atol=case.atol), case.id
        assert np.isclose(central_written_otherwise, case.expected, rtol=case.rtol,
                          atol=case.atol), case.id


def test_lr_10_is_checked_for_divergence_only():
    uses = {check.kind for check in load_rubric() if "descent_lr_10" in check.cases}
    assert uses == {"diverges"}
    assert load_known_cases()["descent_lr_10"].diverges


def test_every_case_gives_the_first_parameters_so_they_can_be_passed_by_position():
    parameters = {e.function: e.parameters for e in load_exercises()}
    for case in load_known_cases().values():
        names = tuple(case.inputs)
        assert set(names) == set(parameters[case.function][:len(names)]), case.id
