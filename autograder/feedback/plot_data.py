"""The data the feedback plots show: a few extra sandboxed calls, and the reference's values.

Called by `grade_submission(..., plots=True)` after every check has run. The student's values
come from the sandbox as plain data; the reference's are computed in the grading process (once
per process: they are the same for every submission). Where the reference is absent (the
student bundle) the known values are plotted as points instead. Numbers are rounded to 6
significant digits, so submissions that behave alike give identical data and share one drawing.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from autograder.checks.compare import as_float_array
from autograder.i18n import N_
from autograder.kit import load_known_cases
from autograder.results import PlotData
from autograder.sandbox import child as test_functions

if TYPE_CHECKING:
    from autograder.checks import StudentCode

__all__ = ["DESCENT_START", "collect_plot_data", "derivative_errors"]

ACTIVATIONS = ("step_function", "sigmoid", "relu", "identity_function")
GRID = np.linspace(-6.0, 6.0, 121)
SPREADS = np.geomspace(1.0, 3000.0, 16)
SPREAD_ROW = np.array([1.0, 0.5, -1.0])  # softmax(spread * SPREAD_ROW)
DESCENT_START, DESCENT_LR, DESCENT_STEPS = (-3.0, 4.0), 0.1, 20
DIFF_X = 5.0  # numerical_diff(function_1, 5): exactly 0.2
STEPS_H = 10.0 ** np.arange(-1.0, -16.25, -0.25)


def collect_plot_data(student: StudentCode, functions: list[str], *,
                      reference: bool) -> list[PlotData]:
    """The plots of the functions in `functions` that have one, in that order."""
    from autograder.feedback.training_plots import collect_training_plot_data

    makers = {**dict.fromkeys(ACTIVATIONS, _activation), "softmax": _softmax,
              "gradient_descent": _descent, "numerical_diff": _derivative}
    return [makers[name](student, name, reference) for name in functions if name in makers] + \
        collect_training_plot_data(student, functions, reference=reference)


def _plain(values: Any) -> Any:
    """Nested lists of floats rounded to 6 significant digits, None where not finite."""
    array = as_float_array(values)
    if array is None:
        return None
    rounded = [float(f"{v:.6g}") if np.isfinite(v) else None for v in array.ravel()]
    return np.array(rounded, dtype=object).reshape(array.shape).tolist() if array.ndim else rounded[0]


def _call(student: StudentCode, function: str, inputs: dict, **options: Any) -> tuple[Any, str]:
    """The student's value, or None with the reason in plain words."""
    outcome = student.call(function, inputs, **options)
    if outcome.error is not None:
        return None, outcome.error.describe()
    return outcome.value, ""


@cache
def _reference_values(function: str) -> Any:
    from autograder.checks.hidden import reference_result

    if function in ACTIVATIONS:
        return _plain(reference_result(function, {"x": GRID.copy()}))
    if function == "softmax":
        return [_plain(reference_result("softmax", {"a": s * SPREAD_ROW})) for s in SPREADS]
    if function == "gradient_descent":
        _, history = reference_result("gradient_descent", _descent_inputs())
        return _plain(history)
    raise KeyError(function)


def _known_points(function: str, *, low: float = -np.inf, high: float = np.inf) -> dict:
    """The known values of a function of one array, as points (x, y) within [low, high]."""
    xs: list[float] = []
    ys: list[float] = []
    for case in load_known_cases().values():
        x = case.inputs.get("x")
        if case.function != function or not isinstance(x, np.ndarray) or case.expected is None:
            continue
        expected = np.asarray(case.expected, dtype=float)
        if expected.shape != x.shape:
            continue
        for xi, yi in zip(x.ravel(), expected.ravel(), strict=True):
            if low <= xi <= high and np.isfinite(yi):
                xs.append(float(xi))
                ys.append(float(yi))
    return {"known_x": _plain(xs) if xs else [], "known_y": _plain(ys) if ys else []}


def _activation(student: StudentCode, function: str, reference: bool) -> PlotData:
    value, problem = _call(student, function, {"x": GRID.copy()})
    values = as_float_array(value)
    if values is not None and values.shape != GRID.shape:
        value, problem = None, problem or N_("returned shape {shape}, not {expected}").format(
            shape=values.shape, expected=GRID.shape)
    elif values is None and not problem:
        problem = N_("did not return numbers")
    series: dict[str, Any] = {"x": _plain(GRID), "student": _plain(value), "problem": problem}
    series |= ({"reference": _reference_values(function)} if reference
               else _known_points(function, low=GRID[0], high=GRID[-1]))
    return PlotData("activation", function, f"{function}(x): yours against the right one", series)


def _softmax(student: StudentCode, function: str, reference: bool) -> PlotData:
    rows: list[Any] = []
    problem = ""
    for spread in SPREADS:
        value, problem_here = _call(student, "softmax", {"a": spread * SPREAD_ROW})
        row = as_float_array(value)
        rows.append(_plain(row) if row is not None and row.shape == SPREAD_ROW.shape else None)
        problem = problem or problem_here
    series: dict[str, Any] = {"spread": _plain(SPREADS), "row": _plain(SPREAD_ROW),
                              "student": rows, "problem": problem}
    if reference:
        series["reference"] = _reference_values("softmax")
    return PlotData("softmax_spread", function,
                    "softmax(s * [1, 0.5, -1]) as the spread s widens", series)


def _descent_inputs() -> dict:
    return {"f": "function_2", "init_x": np.array(DESCENT_START), "lr": DESCENT_LR,
            "step_num": DESCENT_STEPS}


def _descent(student: StudentCode, function: str, reference: bool) -> PlotData:
    value, problem = _call(student, "gradient_descent", _descent_inputs(),
                           correct_dependencies=True)
    path = None
    if isinstance(value, tuple) and len(value) == 2:
        history, final = as_float_array(value[1]), as_float_array(value[0])
        if history is not None and history.ndim == 2 and history.shape[1] == 2 \
                and len(history) <= 10 * DESCENT_STEPS and final is not None \
                and final.shape == (2,):
            path = _plain(np.vstack([history, final]))
            if len(history) > 1 and not problem and np.all(history == history[0]):
                problem = N_("every row of x_history is the same point: store a copy of x at each step")
        elif not problem:
            problem = N_("x_history is not an array of positions (one row per step)")
    elif not problem:
        problem = N_("did not return the pair (x, x_history)")
    series: dict[str, Any] = {"start": list(DESCENT_START), "lr": DESCENT_LR,
                              "steps": DESCENT_STEPS, "student": path, "problem": problem}
    if reference:
        series["reference"] = _reference_values("gradient_descent")
    else:
        series["known_end"] = [0.0, 0.0]  # the minimum of x0^2 + x1^2
    return PlotData("descent_path", function,
                    f"gradient_descent on x0² + x1² from {DESCENT_START}, lr = {DESCENT_LR}", series)


def derivative_errors() -> dict[str, list]:
    """|error| of the forward and central differences of function_1 at x = 5, for each h."""
    f, exact = test_functions.function_1, 0.02 * DIFF_X + 0.1
    forward = [abs((f(DIFF_X + h) - f(DIFF_X)) / h - exact) for h in STEPS_H]
    central = [abs((f(DIFF_X + h) - f(DIFF_X - h)) / (2 * h) - exact) for h in STEPS_H]
    return {"h": _plain(STEPS_H), "forward": _plain(forward), "central": _plain(central)}


def _derivative(student: StudentCode, function: str, reference: bool) -> PlotData:
    value, problem = _call(student, "numerical_diff", {"f": "function_1", "x": DIFF_X})
    number = as_float_array(value)
    error = None
    if number is not None and number.size == 1 and np.isfinite(number).all():
        error = _plain(abs(float(number.reshape(())) - (0.02 * DIFF_X + 0.1)))
    elif not problem:
        problem = N_("did not return a number")
    series = {**derivative_errors(), "student": _plain(value) if error is not None else None,
              "student_error": error, "problem": problem, "exact": 0.2, "x": DIFF_X}
    return PlotData("derivative_error", function,
                    "numerical_diff(function_1, 5): error against h (exact derivative 0.2)", series)
