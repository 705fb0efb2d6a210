"""Feedback that teaches: named mistakes, minimal counterexamples, plots, the class report."""
from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import grading
from autograder.feedback import explain, plots, write_class_report
from autograder.feedback import html as feedback_html
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, Mistake, load_exercises
from autograder.report import render_markdown, render_table
from autograder.results import PlotData
from conftest import overrides

UNGUARDED_SOFTMAX = '''
def softmax(a):
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
'''
FLIPPED_SIGMOID = '''
def sigmoid(x):
    return 1 / (1 + np.exp(x))
'''
# Not one of the common mistakes the kit knows (COMMON_MISTAKES has no leaky ReLU).
LEAKY_RELU = '''
def relu(x):
    return np.maximum(0.1 * x, x)
'''
SHARED_HISTORY = '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x)
        x -= lr * numerical_gradient(f, x)
    return x, np.array(x_history)
'''
TINY_H = '''
def numerical_diff(f, x):
    h = 1e-50
    return (f(x + h) - f(x)) / h
'''
# Correct solutions written differently from the reference: they must get no mistake hint.
CORRECT_VARIANTS = {
    "activations.py": '''
def relu(x):
    return x * (x > 0)


def softmax(a):
    shifted = a - a.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def step_function(x):
    return (x > 0).astype(int)
''',
    "losses.py": '''
def mean_squared_error(y, t):
    return 0.5 * np.sum((y - t) ** 2)
''',
}


def submission(tmp_path: Path, name: str, additions: dict[str, str]) -> Path:
    """The reference solutions with functions redefined at the end of some modules."""
    folder = tmp_path / name
    shutil.copytree(KIT_ROOT / "solutions", folder)
    for module, code in additions.items():
        path = folder / module
        path.write_text(path.read_text() + "\n\n" + code)
    return folder


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory) -> Path:
    return submission(tmp_path_factory.mktemp("m"), "mistaken", {
        "activations.py": UNGUARDED_SOFTMAX + FLIPPED_SIGMOID + LEAKY_RELU,
        "gradients.py": SHARED_HISTORY + TINY_H})


@pytest.fixture(scope="module")
def graded(mistaken):
    return grade_submission(mistaken, plots=True)


def array_of(call: str) -> np.ndarray:
    """The array argument shown in a call such as `softmax(a=[710.])`."""
    return np.array(ast.literal_eval(call[call.index("=") + 1:-1]), dtype=float)


# ---- minimal counterexamples -------------------------------------------------------------------


def test_an_unguarded_softmax_is_shown_a_single_large_input_or_a_short_row(graded):
    check = next(c for c in graded.functions["softmax"].checks if c.id == "softmax.probabilities")
    example = check.failure.counterexample
    assert example is not None
    a = array_of(example.call)
    assert a.size <= 2 and np.max(np.abs(a)) >= 700, example.call
    assert "nan" in example.actual
    assert example.probes <= 200
    for shown in (render_table(graded), render_markdown(graded)):
        assert f"smallest failing input: {example.call}" in shown


def test_a_hidden_check_shows_a_fresh_minimal_input_never_its_own(graded):
    check = next(c for c in graded.functions["sigmoid"].checks if c.id == "sigmoid.random")
    example = check.failure.counterexample
    assert example is not None
    assert array_of(example.call).size == 1
    shown = render_markdown(graded)
    assert example.call in shown and example.expected in shown and example.actual in shown
    assert check.failure.call not in shown and check.failure.expected not in shown
    assert check.failure.call not in check.message


def test_shrinking_stops_at_its_probe_budget(mistaken):
    from autograder.checks import StudentCode
    from autograder.checks.public import _softmax_shrink_request
    from autograder.checks.shrink import shrink_counterexample
    from autograder.sandbox.session import SubmissionSession

    a = np.array([[1.5, -2.25, 900.125], [3.5, 0.75, -1.125]])
    with SubmissionSession(mistaken) as session:
        student = StudentCode(session)
        few = shrink_counterexample(student, _softmax_shrink_request(a), max_probes=4)
        full = shrink_counterexample(student, _softmax_shrink_request(a))
    assert few is not None and few.probes == 4 and array_of(few.call).size < a.size
    assert full.call == "softmax(a=[710.])" and full.probes > 4


def test_grades_do_not_depend_on_counterexamples_or_plots(mistaken, graded):
    plain = grade_submission(mistaken, counterexamples=False)
    assert plain.to_dict()["total"] == graded.total
    assert {n: f.score for n, f in plain.functions.items()} == \
        {n: f.score for n, f in graded.functions.items()}
    assert all(c.failure is None or c.failure.counterexample is None for c in plain.checks())
    assert plain.plots == []


def test_hidden_reference_results_are_computed_once_for_a_whole_class(monkeypatch):
    from autograder.checks import hidden

    computed = []
    real = hidden.reference_result
    monkeypatch.setattr(hidden, "reference_result",
                        lambda function, inputs: computed.append(function) or real(function, inputs))
    hidden._reference_cases.cache_clear()
    for _ in range(3):
        grade_submission(KIT_ROOT / "solutions", functions=["sigmoid"])
    assert computed == ["sigmoid"] * 4  # the check's four random inputs, once
    hidden._reference_cases.cache_clear()


# ---- naming the mistake --------------------------------------------------------------------------


def test_an_unrecognised_failure_is_described_by_its_values_not_a_guessed_cause(graded):
    failure = next(c.failure for c in graded.functions["relu"].checks if c.failure)
    assert failure.mistake is None
    assert "difference: wrong only where x < 0, right elsewhere" in failure.describe()
    assert "likely mistake" not in failure.describe() and "hint:" not in failure.describe()
    table = render_table(graded)
    assert "  - wrong only where x < 0, right elsewhere" in table
    assert "not one of the common mistakes" not in table


def test_a_recognised_mistake_is_named_with_its_hint_everywhere(mistaken, monkeypatch):
    known = Mistake("softmax.no_guard", "softmax", "no overflow guard", "exp overflows",
                    "subtract the row's max before np.exp")
    def attribute(student, result, diagnoser=None):  # every failed softmax check: `known`
        for check in result.checks:
            if check.failure is not None and result.name == "softmax":
                check.failure.mistake, check.failure.mistake_title = known.id, known.title
                check.failure.hint = known.hint
        if not result.passed:
            result.status = "mistake: " + known.title if result.name == "softmax" else "failed"

    monkeypatch.setattr(grading, "attribute", attribute)
    monkeypatch.setattr(explain, "load_mistakes", lambda: (known,))
    result = grade_submission(mistaken, functions=["softmax"])
    table, markdown = render_table(result), render_markdown(result)
    for shown in (table, markdown):
        assert "likely mistake: no overflow guard" in shown
        assert "hint: subtract the row's max before np.exp" in shown
        assert "why: exp overflows" in shown
    page = feedback_html.render_feedback_html(result)
    assert re.search(r'<h3 class="mistake">Likely mistake: no overflow guard \(\d checks, \d+ points\)</h3>'
                     r"<h4>FAILED .*</div><p class=\"hint\">.*</p><p>exp overflows</p>", page, re.S)
    assert "Hint: subtract the row&#x27;s max before np.exp" in page
    assert "likely mistake: no overflow guard" in table.splitlines()[2 + 4]  # the softmax row
    tests = json.loads(json.dumps(result.to_dict()))["functions"]["softmax"]["tests"]
    assert {t["mistake"] for t in tests if not t["passed"]} == {"softmax.no_guard"}


def test_check_json_carries_a_mistake_per_test(mistaken):
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(mistaken), "--json",
                           "--function", "sigmoid", "--function", "relu"], capture_output=True,
                          text=True, timeout=120)
    functions = json.loads(done.stdout)["functions"]
    assert all("mistake" in t for f in functions.values() for t in f["tests"])
    known = [t["mistake"] for t in functions["sigmoid"]["tests"] if not t["passed"]]
    unknown = [t["mistake"] for t in functions["relu"]["tests"] if not t["passed"]]
    assert known and set(known) == {"sigmoid.sign"}
    assert unknown and set(unknown) == {None}


CORRECT_CORPUS = overrides("correct")


@pytest.mark.parametrize("variant", ["own", *(o.path.stem for o in CORRECT_CORPUS)])
def test_correct_submissions_get_no_mistake_hint(variant, tmp_path):
    if variant == "own":
        folder = submission(tmp_path, "correct", CORRECT_VARIANTS)
    else:
        folder = next(o for o in CORRECT_CORPUS if o.path.stem == variant).build(tmp_path / "s")
    result = grade_submission(folder)
    assert result.total == result.max_total
    assert all(c.failure is None for c in result.checks())
    assert "likely mistake" not in render_table(result) + render_markdown(result)


# ---- plots ----------------------------------------------------------------------------------------


def test_plot_data_is_made_only_for_the_functions_shown(mistaken):
    result = grade_submission(mistaken, plots=True, functions=["softmax", "relu"])
    assert [p.function for p in result.plots] == ["relu", "softmax"]
    spread = next(p for p in result.plots if p.kind == "softmax_spread")
    student = spread.series["student"]
    assert None not in student[0] and None in student[-1]  # finite at spread 1, nan at 3000
    json.dumps(result.to_dict(), allow_nan=False)  # plain data, no nan


def test_bulk_pages_plot_only_the_functions_that_lost_points(mistaken):
    functions = ["step_function", "relu", "softmax"]  # step_function is right, the others wrong
    everything = grade_submission(mistaken, plots=True, functions=functions)
    failing = grade_submission(mistaken, plots="failing", functions=functions)
    assert [p.function for p in everything.plots] == ["step_function", "relu", "softmax"]
    assert [p.function for p in failing.plots] == ["relu", "softmax"]


def test_without_the_reference_plots_show_the_known_values_as_points(mistaken):
    result = grade_submission(mistaken, plots=True, include_hidden=False, functions=["sigmoid"])
    (plot,) = result.plots
    assert "reference" not in plot.series
    assert len(plot.series["known_x"]) >= 3
    assert plot.series["known_y"][plot.series["known_x"].index(0.0)] == 0.5


def test_the_plots_tell_the_story_of_each_mistake(graded):
    by_function = {p.function: p for p in graded.plots}
    sigmoid = by_function["sigmoid"].series
    assert sigmoid["student"][-1] < 0.01 < 0.99 < sigmoid["reference"][-1]  # mirrored
    descent = by_function["gradient_descent"].series
    assert "same point" in descent["problem"]
    diff = by_function["numerical_diff"].series
    assert diff["student_error"] == pytest.approx(0.2)
    assert min(diff["central"]) < 1e-12 < max(diff["central"])  # rounding error grows as h shrinks


def test_each_distinct_plot_is_drawn_once(graded, monkeypatch, tmp_path):
    drawn = []
    real_draw = plots._draw
    monkeypatch.setattr(plots, "_draw", lambda plot: drawn.append(plot) or real_draw(plot))
    monkeypatch.setattr(plots, "_drawn", plots.OrderedDict())
    plot = PlotData("activation", "relu", "relu", {"x": [0.0, 1.0], "student": [0.0, 1.0],
                                                    "reference": [0.0, 1.0], "problem": ""})
    first = plots.render_png(plot, tmp_path)
    again = plots.render_png(PlotData(**plot.__dict__), tmp_path)
    assert first == again and first.startswith(b"\x89PNG") and len(drawn) == 1
    monkeypatch.setattr(plots, "_drawn", plots.OrderedDict())  # another worker, same cache dir
    assert plots.render_png(plot, tmp_path) == first and len(drawn) == 1
    for data in graded.plots:
        assert len(plots.render_png(data)) > 5000


# ---- the class report -------------------------------------------------------------------------------


def class_out(tmp_path: Path) -> Path:
    """An OUT folder as `autograder grade` writes it: summary.json and results.json per student."""
    out = tmp_path / "out"
    functions = [e.function for e in load_exercises()]
    students = {"s001_kim": (100, None, 0.41), "s002_<lee>": (86, "softmax.no_guard", 0.52),
                "s003_park": (86, "softmax.no_guard", 2.9), "s004_choi": (60, "mse.mean", 0.47)}
    for student, (score, mistake, seconds) in students.items():
        function = mistake.split(".")[0].replace("mse", "mean_squared_error") if mistake else ""
        tests = [{"name": f"{f}: known values", "score": 0 if f == function else 1, "max_score": 1,
                  "output": "", "visibility": "visible", "status": "failed" if f == function else "passed",
                  "tags": [f], "extra_data": {"check_id": f"{f}.known_values", "function": f},
                  "mistake": mistake if f == function else None} for f in functions]
        (out / student).mkdir(parents=True)
        (out / student / "results.json").write_text(json.dumps(
            {"score": score, "execution_time": seconds, "tests": tests,
             "extra_data": {"max_score": 100}}))
    (out / "s001_kim" / "feedback.html").write_text("<!DOCTYPE html><title>f</title>")
    summary = {
        "students": 5, "graded": 4, "problems": [{"student": "s005_jung", "message": "empty zip"}],
        "mean": 83.0, "median": 86.0, "max_total": 100,
        "score_distribution": [{"range": f"{10 * i}-{10 * i + 10}", "students": n}
                               for i, n in enumerate([0, 0, 0, 0, 0, 0, 1, 0, 2, 1])],
        "pass_rates": {f: (0.5 if f == "softmax" else 0.75 if f == "mean_squared_error" else 1.0)
                       for f in functions},
        "mistakes": [{"id": "softmax.no_guard", "function": "softmax",
                      "title": "no overflow guard in softmax", "students": 2},
                     {"id": "mse.mean", "function": "mean_squared_error",
                      "title": "mean instead of 0.5 * sum", "students": 1}],
        "slowest": [{"student": "s003_park", "seconds": 2.9}, {"student": "s002_<lee>", "seconds": 0.52}],
        "seconds": 4.3, "isolation": "bubblewrap", "jobs": 2}
    (out / "summary.json").write_text(json.dumps(summary))
    return out


def test_the_class_report_shows_distribution_pass_rates_mistakes_and_slowest(tmp_path):
    path = write_class_report(class_out(tmp_path))
    page = path.read_text()
    assert path.name == "report.html"
    assert page.count('src="data:image/png;base64,') == 2  # histogram and pass rates
    assert re.search(r"no overflow guard in softmax</td><td><code>softmax</code></td><td>2 \(50%\)", page)
    assert page.index("no overflow guard") < page.index("mean instead of 0.5 * sum")
    assert "s003_park</td><td>2.9" in page and "empty zip" in page
    assert "s002_&lt;lee&gt;" in page and "<lee>" not in page
    assert '<a href="s001_kim/feedback.html">s001_kim</a>' in page
    assert "<td><code>softmax</code></td><td>50%</td>" in page


def test_the_class_report_counts_mistakes_from_results_when_the_summary_has_none(tmp_path):
    out = class_out(tmp_path)
    summary = json.loads((out / "summary.json").read_text())
    del summary["mistakes"]
    (out / "summary.json").write_text(json.dumps(summary))
    page = write_class_report(out).read_text()
    assert re.search(r"softmax.no_guard</td><td><code>softmax</code></td><td>2 \(50%\)", page)


def test_a_student_s_error_text_is_drawn_as_it_is(tmp_path):
    """Text from student code (an exception message) must not be parsed as mathtext."""
    folder = submission(tmp_path, "raising", {"activations.py": (
        "def relu(x):\n    raise ValueError('$\\\\frac{1}{$ oops')\n")})
    result = grade_submission(folder, plots=True, functions=["relu"])
    (plot,) = result.plots
    assert "frac" in plot.series["problem"] and plot.series["student"] is None
    assert plots.render_png(plot).startswith(b"\x89PNG")
