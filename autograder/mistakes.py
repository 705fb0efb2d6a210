"""The signs of the common mistakes (data/mistakes.toml): whether they show in a student's outputs.

A mistake's signs are function-level evidence; which failed checks it explains is decided by
autograder.diagnosis (attribution per check).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks import Observation, StudentCode
from autograder.checks.compare import as_float_array
from autograder.kit import Mistake, load_known_cases

__all__ = ["ANY", "SIGN_KEYS", "SIGN_WORDS", "sign_holds", "signs_hold"]

ANY = "*"  # a mistake of any function (an import failure), or the first known case of it
LITERAL_RTOL = 1e-6  # a literal output in a sign matches to about 6 significant digits
SIGN_KEYS = frozenset({"case", "output", "message", "phase", "rtol", "dependencies"})
SIGN_WORDS = frozenset({"error", "expected", "wrong", "nan", "scalar", "none", "bool_dtype",
                        "float_dtype", "input_changed", "input_rounded", "keys_differ", "not_tuple",
                        "history_not_array", "history_rows_equal", "history_first_row_moved"})


def signs_hold(student: StudentCode, function: str, mistake: Mistake) -> bool:
    """Whether every sign of `mistake` shows in the outputs of the student's `function`."""
    return bool(mistake.signs) and mistake.function in (function, ANY) and all(
        _sign_observed(student, function, sign) for sign in mistake.signs)


def _sign_observed(student: StudentCode, function: str, sign: dict) -> bool:
    case_id = sign["case"] if sign["case"] != ANY else _first_case(function)
    if case_id is None:
        return False
    if sign.get("dependencies") == "yours":
        observation = _observe_with_own_dependencies(student, function, case_id)
    else:
        observation = student.observe(function, case_id)
    return observation is not None and sign_holds(sign["output"], observation, case_id,
                                                  message=sign.get("message", ""),
                                                  rtol=sign.get("rtol"),
                                                  phase=sign.get("phase", ""))


def _first_case(function: str) -> str | None:
    return next((c.id for c in load_known_cases().values() if c.function == function), None)


def _observe_with_own_dependencies(student: StudentCode, function: str,
                                   case_id: str) -> Observation | None:
    """The call with the student's own versions of the functions it uses (not cached)."""
    case = load_known_cases().get(case_id)
    if case is None or case.function != function:
        return None
    return Observation(case.inputs, student.call(function, case.inputs, case=case_id))


def sign_holds(output: Any, observation: Observation, case_id: str, *, message: str = "",
               rtol: float | None = None, phase: str = "") -> bool:
    """Whether one sign (`output` as in data/mistakes.toml) describes the observed call.

    `message` and `phase` (errors only) must occur in the error's message and be its phase
    ("import", "call", ...); `rtol` is the tolerance of a literal output (LITERAL_RTOL where
    none is given) and of "expected" and "wrong" where given (else the case's own: "wrong" with
    rtol 1e-13 is "not the book's digits", an h other than 1e-4).
    """
    outcome = observation.outcome
    if isinstance(output, str) and output.startswith("error"):
        wanted, error = output.partition(":")[2], outcome.error
        return error is not None and (not wanted or error.type == wanted) and (
            message in error.message) and (not phase or error.phase == phase)
    if outcome.error is not None:
        return output == "wrong"
    value = outcome.value
    case = load_known_cases()[case_id]
    is_pair = isinstance(value, tuple) and len(value) == 2
    if output == "not_tuple":
        return not is_pair
    if output.startswith("history") if isinstance(output, str) else False:
        return is_pair and _history_sign(output, value[1], observation.inputs)
    if output in ("input_changed", "input_rounded"):  # changed, beyond or only within rounding
        changed = {name: outcome.inputs_after.get(name) for name, before in observation.inputs.items()
                   if isinstance(before, np.ndarray) and not _same(outcome.inputs_after.get(name), before)}
        rounded = bool(changed) and all(_rounded(after, observation.inputs[name])
                                        for name, after in changed.items())
        return rounded if output == "input_rounded" else bool(changed) and not rounded
    if output in ("bool_dtype", "float_dtype"):
        return isinstance(value, np.ndarray) and value.dtype.kind == output[0]
    if output == "none":
        return value is None
    if output == "keys_differ":
        return isinstance(value, dict) and isinstance(case.expected, dict) and (
            set(value) != set(case.expected))
    if case.function == "gradient_descent" and is_pair:
        value = value[0]
    actual = as_float_array(value)
    if output == "scalar":
        return actual is not None and actual.ndim == 0 and np.ndim(case.expected) > 0
    if actual is None:
        return output == "wrong"
    if output == "nan":
        return bool(np.any(~np.isfinite(actual)))
    if output in ("expected", "wrong"):
        matches = (_close(actual, case.expected, case.rtol, case.atol) if rtol is None
                   else _close(actual, case.expected, rtol, 0.0))
        return matches if output == "expected" else not matches
    return _close(actual, output, LITERAL_RTOL if rtol is None else rtol, 1e-12)


def _history_sign(output: str, history: Any, inputs: dict) -> bool:
    if output == "history_not_array":
        return not isinstance(history, np.ndarray)
    if not isinstance(history, np.ndarray) or history.ndim < 1 or len(history) < 2:
        return False
    if output == "history_rows_equal":
        return all(np.array_equal(row, history[0]) for row in history)
    if output == "history_first_row_moved":
        init_x = inputs.get("init_x")
        return init_x is not None and not np.array_equal(history[0], init_x)
    return False


def _same(after: Any, before: np.ndarray) -> bool:
    return isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)


def _rounded(after: Any, before: np.ndarray) -> bool:
    """Whether `after` differs from `before` only by rounding (x[idx] += h, then -= 2 * h and
    += h again: the sums of floats leave x a unit in the last place off, not h)."""
    return (isinstance(after, np.ndarray) and after.shape == before.shape
            and bool(np.allclose(after, before, rtol=ROUNDING_RTOL, atol=ROUNDING_RTOL * 1e-3)))


ROUNDING_RTOL = 1e-12


def _close(actual: np.ndarray, expected: Any, rtol: float, atol: float) -> bool:
    expected_array = np.asarray(expected, dtype=np.float64)
    if expected_array.ndim == 0 and actual.size == 1:
        actual = actual.reshape(())
    return actual.shape == expected_array.shape and bool(
        np.allclose(actual, expected_array, rtol=rtol, atol=atol))
