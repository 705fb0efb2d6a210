"""The reference solutions earn every point; the generated stubs earn none and stay in sync."""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, MODULES, load_rubric
from autograder.stubs import make_stub


@pytest.fixture(scope="module")
def reference_result():
    return grade_submission(KIT_ROOT / "solutions")


def test_reference_solutions_get_full_marks_with_hidden_checks(reference_result):
    assert reference_result.hidden_checks_run
    assert reference_result.total == reference_result.max_total == 100
    failed = [c.id for c in reference_result.checks() if not c.passed]
    assert failed == []


def test_every_rubric_check_ran_on_the_reference(reference_result):
    assert sorted(c.id for c in reference_result.checks()) == sorted(c.id for c in load_rubric())


def test_stubs_get_zero_and_every_function_is_not_implemented():
    result = grade_submission(KIT_ROOT / "assignments")
    assert result.total == 0
    assert {f.status for f in result.functions.values()} == {"not implemented"}


@pytest.mark.parametrize("module", MODULES)
def test_committed_stubs_match_the_solutions(module):
    """assignments/ is generated: regenerate with `autograder stubs` after editing solutions/."""
    solution = (KIT_ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    stub = (KIT_ROOT / "assignments" / f"{module}.py").read_text(encoding="utf-8")
    assert stub.split("\n", 1)[1] == make_stub(solution)


@pytest.mark.parametrize("module", MODULES)
def test_stubs_keep_docstrings_and_drop_every_solution_line(module):
    solution = (KIT_ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    stub = make_stub(solution)
    assert "BEGIN SOLUTION" not in stub and "END SOLUTION" not in stub
    assert stub.count("raise NotImplementedError()") == solution.count("### BEGIN SOLUTION")
    assert stub.count('"""') == solution.count('"""')
    inside = False
    for line in solution.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside and line.strip() and not line.strip().startswith("#"):
            assert line not in stub.splitlines(), line


def test_unbalanced_markers_are_refused():
    with pytest.raises(ValueError, match="not closed"):
        make_stub("def f():\n    ### BEGIN SOLUTION\n    return 1\n")
    with pytest.raises(ValueError, match="without BEGIN"):
        make_stub("def f():\n    ### END SOLUTION\n")


def test_stubs_written_by_the_command_are_what_is_committed(tmp_path: Path):
    from autograder.stubs import write_stubs

    for path in write_stubs(tmp_path):
        assert path.read_text() == (KIT_ROOT / "assignments" / path.name).read_text()


def _defined(source: str) -> set[str]:
    import ast

    return {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef | ast.ClassDef)}


def test_a_call_judged_with_correct_dependencies_carries_only_what_they_use():
    """The sandbox child runs student code: it gets the reference's functions a call needs, not
    every answer of the assignment."""
    from autograder.checks import _wanted
    from autograder.kit import exercise, use_assignment
    from autograder.reference import reference_source

    forward = _wanted(exercise("forward").dependencies, {"x": 1.0})
    assert forward == {"sigmoid", "identity_function"}
    assert _defined(reference_source("basics", forward)) == {"sigmoid", "identity_function"}
    assert _wanted({"numerical_gradient": "analytic_gradient"}, {}) == {"numerical_gradient"}
    with use_assignment("training"):
        network = _wanted(None, {"network": {"__object__": "TwoLayerNet", "of": "correct", "seed": 0}})
        own = _wanted(None, {"network": {"__object__": "TwoLayerNet", "of": "student", "seed": 0}})
        methods = _wanted(None, {"self": {"__object__": "TwoLayerNet", "of": "student",
                                          "correct_methods": "predict"}})
    assert network == {"TwoLayerNet"} and own == set() and methods == {"TwoLayerNet.predict"}
    carried = _defined(reference_source("training", network))
    assert "TwoLayerNet" in carried and "train" not in carried
    # loss judged with a correct predict: a class holding predict alone, not the loss judged
    predict_only = reference_source("training", methods)
    assert "def predict" in predict_only and "def loss" not in predict_only
    assert _defined(reference_source("basics")) >= {"softmax", "cross_entropy_error", "forward"}
