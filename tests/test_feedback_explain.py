"""What a student reads about failures: one block per cause, an import failure once per module,
the student's own line after a crash, a hidden check's values never shown (feedback/explain.py).

Diagnoses are switched off here (no error model explains a check) to see the neutral
descriptions a student gets where no diagnosis explains a check.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.bulk.outputs import gradescope_results
from autograder.diagnosis import attribution
from autograder.ecosystem.notebook_check import render_html as notebook_html
from autograder.feedback.explain import function_blocks, import_failures
from autograder.feedback.html import render_feedback_html
from autograder.grading import grade_submission
from autograder.report import render_json, render_markdown, render_table
from conftest import SUBMISSIONS, Override


@pytest.fixture(autouse=True)
def no_diagnosis(monkeypatch):
    monkeypatch.setattr(attribution.Diagnoser, "explain", lambda self, check: None)


def graded(tmp_path: Path, name: str, functions: list[str] | None = None):
    override = Override.read(SUBMISSIONS / "mistakes" / f"{name}.py")
    return grade_submission(override.build(tmp_path / name), functions=functions)


def every_front_door(result) -> dict[str, str]:
    return {"check": render_table(result, show_hidden_details=False), "json": render_json(result),
            "markdown": render_markdown(result), "html": render_feedback_html(result),
            "results.json": json.dumps(gradescope_results(result, student="s", content_hash="",
                                                          rubric_hash="")),
            "notebook": notebook_html(result, show_hidden_details=False)}


def test_an_import_failure_is_told_once_per_module_with_the_student_s_line(tmp_path):
    result = graded(tmp_path, "losses_syntax_error", ["mean_squared_error", "cross_entropy_error"])
    [entry] = import_failures(result)
    assert entry.module == "losses" and entry.functions == ["mean_squared_error", "cross_entropy_error"]
    assert entry.line == "losses.py, line 56: def mean_squared_error(y, t)"
    for door, text in every_front_door(result).items():
        if door == "json":
            continue  # one record per check, by design: it carries the error of each
        error = "expected &#x27;:&#x27;" if door in ("html", "notebook") else "expected ':'"
        assert text.count(error) == 1, door
    table = render_table(result)
    assert "losses.py could not be imported, so none of its functions ran" in table
    assert "your line: losses.py, line 56: def mean_squared_error(y, t)" in table
    assert "FAILED" not in table  # no check of the module repeats it


def test_a_crash_shows_the_exception_and_the_student_s_own_line_not_the_kit_s(tmp_path):
    # f(x[idx]) passes one number to the kit's test function, which raises inside the kit:
    # the line shown is the student's call of f, in gradients.py
    result = graded(tmp_path, "gradient_f_of_element", ["numerical_gradient"])
    source = (tmp_path / "gradient_f_of_element" / "gradients.py").read_text().splitlines()
    line = next(i + 1 for i, text in enumerate(source) if "fxh1 = f(x[idx])" in text)
    [block] = function_blocks(result.functions["numerical_gradient"])
    assert block.headline == "raised IndexError: invalid index to scalar variable."
    shown = "\n".join(block.details)
    assert f"your line: gradients.py, line {line}: fxh1 = f(x[idx])" in shown
    assert "child.py" not in render_table(result) and "autograder" not in shown
    failure = block.checks[0].failure
    assert f"your line: gradients.py, line {line}" in failure.describe()


def test_failures_with_one_cause_are_one_block_whatever_the_numbers(tmp_path):
    result = graded(tmp_path, "cee_divides_by_classes", ["cross_entropy_error"])
    [block] = function_blocks(result.functions["cross_entropy_error"])
    assert block.headline == "the expected value divided by the length of y"
    assert len(block.checks) == 4 and block.points_lost == 7
    table = render_table(result, show_hidden_details=False)
    assert table.count("the expected value divided by the length of y") == 1
    assert "here: 10" in table and "here: 3" in table  # each public check with its own number


def test_the_same_exception_at_the_same_line_is_one_cause_whatever_its_numbers(tmp_path):
    result = graded(tmp_path, "gradient_1d_loop", ["numerical_gradient"])
    [block] = function_blocks(result.functions["numerical_gradient"])
    messages = {c.failure.message for c in block.checks}
    assert len(messages) == 2 and len(block.checks) == 4  # index 2 (2 x 2) and index 3 (3 x 4)


def test_different_causes_are_different_blocks(tmp_path):
    result = graded(tmp_path, "gradient_scalar", ["numerical_gradient"])
    headlines = [b.headline for b in function_blocks(result.functions["numerical_gradient"])]
    assert headlines == ["a number where a (2,) array is expected: the last expected value",
                         "raised IndexError: index 2 is out of bounds for axis 0 with size 2"]


def test_right_for_one_sample_wrong_for_a_batch(tmp_path):
    result = graded(tmp_path, "softmax_whole_batch", ["softmax"])
    [block] = function_blocks(result.functions["softmax"])
    assert block.headline == ("right for one sample, wrong for a batch: the whole batch sums to 1, "
                              "not each row")


def test_a_hidden_check_s_difference_shows_none_of_its_values(tmp_path):
    result = graded(tmp_path, "forward_uses_init_network", ["forward"])
    [check] = [c for c in result.functions["forward"].checks if c.failure]
    assert check.visibility == "hidden"
    assert check.failure.difference == "differs from the expected value"
    assert "(here" not in render_table(result, show_hidden_details=False)


def test_a_failure_shows_its_difference_and_no_guessed_hint(tmp_path):
    result = graded(tmp_path, "cee_no_minus", ["cross_entropy_error"])
    for door, text in every_front_door(result).items():
        assert "the expected value with the opposite sign" in text.lower(), door
        assert "likely mistake" not in text.lower(), door
        assert "hint" not in text.lower().replace('"hint": ""', ""), door
