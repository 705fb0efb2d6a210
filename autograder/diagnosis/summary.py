"""An outcome in a few numbers: what an error model predicts for a call, compared with what came.

A summary is plain JSON data, so that the signatures of the error models can be stored as
data (data/diagnosis_models.json) and shipped without the code that made them:

    ["a", kind, shape, numbers]    an array or a number ("f" float, "i" integer, "b" bool);
                                   up to 12 values as they are, more as a few statistics
    ["t", [item, ...]]             a tuple (gradient_descent's pair); ["l", ...] a list
    ["d", {key: item}]             a dict (init_network)
    ["none"]                       None
    ["o", type name]               anything else that came back
    ["e", type, message]           the call raised (a timeout or a crash: type only)

followed, when the call changed one of its array inputs, by the names of those inputs.
Numbers match to about 6 significant digits (`reproduces`): a model names a mistake, not the
student's last digit.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.sandbox.codec import ForeignObject
from autograder.sandbox.session import CallOutcome

__all__ = ["RTOL", "SIGNATURE_RTOL", "reproduces", "summarise"]

RTOL = 1e-6  # relative agreement of two numbers of a summary
ATOL = 1e-12
# A model's signature keeps the calls where it differs from the reference by more than this:
# as fine as the checks' own tolerances, so a mistake in the 7th digit (no delta) is modelled,
# and with no absolute tolerance (1e-302 where the reference has 0.0 fails a check too).
SIGNATURE_RTOL = 1e-9
FEW = 12  # arrays up to this size are summarised by their values
MESSAGE = 120  # characters of an error message that must agree
WEIGHTS_PERIOD = 7

Summary = list


def summarise(outcome: CallOutcome, inputs: dict[str, Any], *, stored: bool = False) -> Summary:
    """The summary of one call's outcome (see the module docstring); `stored` rounds its
    numbers to 9 significant digits, for the data file (matching needs no rounding)."""
    error = outcome.error
    if error is not None:
        message = "" if error.phase in ("timeout", "crash", "reply", "missing") else (
            error.message[:MESSAGE])
        body: Summary = ["e", error.type, message]
    else:
        body = _value(outcome.value, 0, stored)
    changed = [name for name, before in inputs.items() if isinstance(before, np.ndarray)
               and error is None and not _same(outcome.inputs_after.get(name), before)]
    return [body, changed] if changed else [body]


def _value(value: Any, depth: int, stored: bool = False) -> Summary:
    if value is None:
        return ["none"]
    if depth > 3 or isinstance(value, (ForeignObject, str)):
        return ["o", type(value).__name__ if not isinstance(value, ForeignObject) else str(value)]
    if isinstance(value, tuple):
        return ["t", [_value(v, depth + 1, stored) for v in value]]
    if isinstance(value, dict):
        return ["d", {str(k): _value(v, depth + 1, stored) for k, v in sorted(value.items())}]
    if isinstance(value, list) and not all(isinstance(v, (int, float)) for v in value):
        return ["l", [_value(v, depth + 1, stored) for v in value]]
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return ["o", type(value).__name__]
    kind = {"b": "b", "i": "i", "u": "i", "f": "f"}.get(array.dtype.kind)
    if kind is None:
        return ["o", f"array of {array.dtype}"]
    numbers = array.astype(np.float64).ravel()
    prefix = "l" if isinstance(value, list) else "a"
    return [prefix, kind, list(array.shape), _numbers(numbers, stored)]


def _numbers(values: np.ndarray, stored: bool) -> list:
    if values.size > FEW:
        finite = np.where(np.isfinite(values), values, 0.0)
        weights = 1.0 + np.arange(values.size) % WEIGHTS_PERIOD
        values = np.array([finite.sum(), np.abs(finite).sum(), (finite * weights).sum(),
                           finite.min(), finite.max(), values[0], values[-1],
                           float(np.count_nonzero(~np.isfinite(values)))])
    if not stored and np.isfinite(values).all():
        return values.tolist()
    return [_number(v) if stored else (float(v) if np.isfinite(v) else _number(v))
            for v in values]


def _number(value: float) -> float | str:
    if np.isfinite(value):
        return float(f"{value:.9g}")
    return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")


def _same(after: Any, before: np.ndarray) -> bool:
    return isinstance(after, np.ndarray) and after.shape == before.shape and bool(
        np.array_equal(after, before, equal_nan=before.dtype.kind == "f"))


def reproduces(predicted: Any, actual: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether two summaries agree: the same structure, numbers to about 6 digits."""
    if isinstance(predicted, list) and isinstance(actual, list):
        if len(predicted) != len(actual):
            return False
        return all(reproduces(p, a, rtol, atol) for p, a in zip(predicted, actual, strict=True))
    if isinstance(predicted, dict) and isinstance(actual, dict):
        return predicted.keys() == actual.keys() and all(
            reproduces(predicted[k], actual[k], rtol, atol) for k in predicted)
    if isinstance(predicted, (int, float)) and isinstance(actual, (int, float)) and not (
            isinstance(predicted, bool) or isinstance(actual, bool)):
        return abs(predicted - actual) <= atol + rtol * max(abs(predicted), abs(actual))
    return predicted == actual
