"""`autograder check`: the table, the JSON, the exit codes, and robustness to broken code."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, load_exercises
from autograder.sandbox.session import Limits, SubmissionSession


def run_check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "check", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def copy_solutions(destination: Path) -> Path:
    shutil.copytree(KIT_ROOT / "solutions", destination)
    return destination


def test_reference_passes_with_exit_0_and_a_full_table():
    done = run_check(str(KIT_ROOT / "solutions"))
    assert done.returncode == 0, done.stderr
    assert "total                100 / 100" in done.stdout
    for exercise in load_exercises():
        assert exercise.function in done.stdout


def test_stubs_fail_with_exit_1_and_say_not_implemented():
    done = run_check(str(KIT_ROOT / "assignments"))
    assert done.returncode == 1
    assert done.stdout.count("not implemented") >= 2 * len(load_exercises())
    assert "Traceback" not in done.stdout + done.stderr


def test_default_folder_is_assignments(tmp_path):
    shutil.copytree(KIT_ROOT / "assignments", tmp_path / "assignments")
    done = run_check(cwd=tmp_path)
    assert done.returncode == 1 and "not implemented" in done.stdout


def test_a_missing_folder_is_a_usage_error_with_a_clear_message(tmp_path):
    done = run_check(str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "is not a folder" in done.stderr and "Traceback" not in done.stderr


def test_json_output_has_the_documented_shape():
    done = run_check(str(KIT_ROOT / "solutions"), "--json")
    report = json.loads(done.stdout)
    assert report["total"] == report["max_total"] == 100
    assert list(report["functions"]) == [e.function for e in load_exercises()]
    for function in report["functions"].values():
        assert {"score", "max_score", "tests"} <= set(function)
        for test in function["tests"]:
            assert {"name", "passed", "message"} <= set(test)


def test_json_failure_carries_input_expected_actual_and_hint(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    (folder / "losses.py").write_text((folder / "losses.py").read_text().replace(
        "0.5 * np.sum((y - t)**2)", "np.mean((y - t)**2)"))
    done = run_check(str(folder), "--json", "--function", "mean_squared_error")
    assert done.returncode == 1
    test = json.loads(done.stdout)["functions"]["mean_squared_error"]["tests"][0]
    assert not test["passed"]
    assert "mean_squared_error(y=" in test["message"] and "expected: 0.0975" in test["message"]
    assert "actual:   0.0195" in test["message"] and "hint:" in test["message"]
    assert test["mistake"] == "mean_squared_error.mean"
    assert "likely mistake: mean_squared_error as a mean" in test["message"]


def test_a_missing_module_costs_its_functions_only(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    (folder / "losses.py").unlink()
    result = grade_submission(folder)
    for name, function in result.functions.items():
        lost = name in ("mean_squared_error", "cross_entropy_error")
        assert (function.score == 0) == lost, name
    message = result.functions["mean_squared_error"].checks[0].message
    assert "losses.py is missing from the submission" in message


def test_a_syntax_error_costs_its_module_only_and_says_where(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    (folder / "gradients.py").write_text("def numerical_diff(f, x)\n    return 0\n")
    result = grade_submission(folder)
    assert result.functions["numerical_diff"].score == 0
    message = result.functions["numerical_diff"].checks[0].message
    assert "SyntaxError" in message
    assert "gradients.py, line 1: def numerical_diff(f, x)" in message  # the student's line
    assert result.functions["softmax"].score == result.functions["softmax"].max_score


def test_a_hang_in_one_function_costs_that_function_only(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    with (folder / "activations.py").open("a") as module:
        module.write("\n\ndef relu(x):\n    while True:\n        pass\n")
    result = grade_submission(folder, limits=Limits(call_seconds=1.0))
    assert result.functions["relu"].score == 0
    assert "did not finish within 1 s" in result.functions["relu"].checks[0].message
    others = [f for name, f in result.functions.items() if name != "relu"]
    assert all(f.score == f.max_score for f in others)


def test_an_exception_is_reported_with_the_student_s_line(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    with (folder / "activations.py").open("a") as module:
        module.write("\n\ndef sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n")
    result = grade_submission(folder, functions=["sigmoid"])
    message = result.functions["sigmoid"].checks[0].message
    assert "NameError" in message and "activations.py, line" in message


def test_a_module_that_prints_plots_and_asks_for_input_at_import_is_still_graded(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    noisy = ("import matplotlib.pyplot as plt\nprint('hello ' * 1000)\nplt.plot([1, 2])\n"
             "plt.show()\ntry:\n    input('Function? : ')\nexcept EOFError:\n    pass\n")
    pytest.importorskip("matplotlib")
    (folder / "activations.py").write_text(noisy + (folder / "activations.py").read_text())
    # a generous limit: importing matplotlib can take seconds on a loaded machine
    result = grade_submission(folder, functions=["softmax"], limits=Limits(call_seconds=20.0))
    assert result.functions["softmax"].score == result.functions["softmax"].max_score


def test_gradient_descent_returning_only_x_fails_clearly(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    source = (folder / "gradients.py").read_text().replace("return x, np.array(x_history)", "return x")
    (folder / "gradients.py").write_text(source)
    result = grade_submission(folder, functions=["gradient_descent"])
    function = result.functions["gradient_descent"]
    assert function.score == 0
    assert "not the pair (x, x_history)" in function.checks[0].message


def test_the_book_s_sigmoid_overflow_warning_is_not_a_failure_but_a_nan_is(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    with SubmissionSession(folder) as session:
        outcome = session.call("activations", "sigmoid", {"x": np.array([-1000.0])})
    assert any("overflow" in warning for warning in outcome.warnings)
    sigmoid = grade_submission(folder, functions=["sigmoid"]).functions["sigmoid"]
    assert sigmoid.score == sigmoid.max_score
    with (folder / "activations.py").open("a") as module:
        module.write("\n\ndef sigmoid(x):\n    return np.exp(x) / (1 + np.exp(x))\n")
    sigmoid = grade_submission(folder, functions=["sigmoid"]).functions["sigmoid"]
    failed = {c.id: c.message for c in sigmoid.checks if c.failure}
    assert list(failed) == ["sigmoid.extremes"] and "returned nan" in failed["sigmoid.extremes"]


def test_a_hang_in_a_dependency_costs_the_dependent_function_one_point_only(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    with (folder / "gradients.py").open("a") as module:
        module.write("\n\ndef numerical_gradient(f, x):\n    while True:\n        pass\n")
    result = grade_submission(folder, limits=Limits(call_seconds=1.0),
                              functions=["gradient_descent"])
    descent = result.functions["gradient_descent"]
    assert [c.id for c in descent.checks if c.failure] == ["gradient_descent.with_your_gradient"]
    assert descent.checks[-1].failure.mistake == "gradient_descent.wrong_numerical_gradient"


def test_a_package_or_bytecode_beside_a_wrong_module_never_shadows_it(tmp_path):
    import py_compile

    wrong = copy_solutions(tmp_path / "wrong")
    with (wrong / "activations.py").open("a") as file:
        file.write("\n\ndef relu(x):\n    return x\n")
    honest = grade_submission(wrong).total
    shadowed = copy_solutions(tmp_path / "shadowed")
    shutil.copy(wrong / "activations.py", shadowed / "activations.py")
    (shadowed / "activations").mkdir()
    shutil.copy(KIT_ROOT / "solutions" / "activations.py", shadowed / "activations" / "__init__.py")
    (shadowed / "__pycache__").mkdir(exist_ok=True)
    cached = shadowed / "__pycache__" / f"activations.{sys.implementation.cache_tag}.pyc"
    py_compile.compile(str(KIT_ROOT / "solutions" / "activations.py"), cfile=str(cached),
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    assert honest < 100 and grade_submission(shadowed).total == honest


def test_a_function_name_with_a_typo_is_a_usage_error_not_a_traceback():
    completed = run_check(str(KIT_ROOT / "solutions"), "--function", "sigmod")
    assert completed.returncode == 2
    assert "did you mean sigmoid" in completed.stderr and "Traceback" not in completed.stderr


def test_control_characters_in_a_student_s_exception_never_reach_the_terminal(tmp_path):
    folder = copy_solutions(tmp_path / "s")
    with (folder / "activations.py").open("a") as file:
        file.write('\n\ndef relu(x):\n    raise ValueError("\\x1b[2J\\x1b]0;owned\\x07\\rboom \\ud800")\n')
    completed = run_check(str(folder), "--function", "relu")
    assert completed.returncode == 1 and "boom" in completed.stdout
    assert not any(c in completed.stdout + completed.stderr for c in "\x1b\x07\r")
