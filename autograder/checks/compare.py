"""Comparing a student's returned value with the expected one, and showing both in plain words."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks.failure import CheckFailure, Compared
from autograder.i18n import N_
from autograder.results import RAISED_CALL, error_text
from autograder.sandbox.codec import ForeignObject
from autograder.sandbox.session import CallOutcome
from autograder.terminal import shortened

__all__ = ["SLIGHTLY", "Call", "describe_kind", "expect_close", "format_call", "format_value",
           "format_values", "relative_difference", "require_value"]

SLIGHTLY = 1e-3  # a relative difference below this is slight: the words say so, the digits show it


def format_value(value: Any, limit: int = 300, *, every_digit: bool = False) -> str:
    """A short, readable rendering of a value (arrays with up to 10 digits after the point, or,
    with `every_digit`, the shortest text that reads back as the same floats)."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=10, separator=", ", threshold=40, max_line_width=10_000,
                               formatter={"float_kind": _every_digit} if every_digit else None)
        if value.dtype.kind == "b":
            text += " (dtype bool)"
    elif isinstance(value, tuple):
        text = "(" + ", ".join(format_value(v, limit, every_digit=every_digit) for v in value) + ")"
    elif isinstance(value, list) and value and not isinstance(value[0], (int, float)):
        text = "[" + ", ".join(format_value(v, limit, every_digit=every_digit) for v in value) + "] (a list)"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k!r}: {format_value(v, limit, every_digit=every_digit)}"
                               for k, v in value.items()) + "}"
    elif isinstance(value, (float, np.generic)):  # a NumPy scalar as the number it is
        text = repr(value.item() if isinstance(value, np.generic) else value)
    else:
        text = repr(value)
    return shortened(text, limit)


def _every_digit(number: Any) -> str:
    """A float as its shortest exact text, unpadded (NumPy's floatmode="unique" pads columns)."""
    return repr(float(number))


def format_values(expected: Any, actual: Any, limit: int = 300) -> tuple[str, str]:
    """The expected and the actual value of one comparison, as shown side by side: the one place
    that decides their digits. Where they differ only slightly (`relative_difference` below
    SLIGHTLY, what the feedback calls "only slightly"), both are shown with every digit: at 10
    digits after the point, 6.00000000000378 reads as 6. next to 6.0000000001, and the
    failure looks like a pass. The expected value keeps its own dtype: step_function's
    [0, 0, 1, 1] reads as integers, as the function must return them."""
    expected = _in_its_dtype(expected)
    relative = relative_difference(expected, actual)
    every_digit = relative is not None and relative < SLIGHTLY
    return (format_value(expected, limit, every_digit=every_digit),
            format_value(actual, limit, every_digit=every_digit))


def _in_its_dtype(value: Any) -> Any:
    """A value as it was given, to be shown: a list of numbers as the array it stands for (of
    integers if they are all integers), a 0-d array as a Python number."""
    if isinstance(value, list):
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):  # ragged
            return value
        return array if array.dtype.kind in "iuf" else value
    if isinstance(value, (np.generic, np.ndarray)) and np.ndim(value) == 0:
        return value.item()
    return value


def relative_difference(expected: Any, actual: Any) -> float | None:
    """max |actual - expected| / max |expected| for numbers or arrays of one shape, or None
    (not numbers, another shape, an expected value of 0 only, or not finite)."""
    wanted, got = as_float_array(expected), as_float_array(actual)
    if wanted is None or got is None:
        return None
    if wanted.ndim == 0 and got.size == 1:
        got = got.reshape(())
    if got.shape != wanted.shape or wanted.size == 0:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        scale = float(np.max(np.abs(wanted)))
        gap = float(np.max(np.abs(got - wanted)))
    if not (math.isfinite(scale) and math.isfinite(gap)) or scale == 0:
        return None
    return gap / scale


def format_call(function: str, inputs: dict[str, Any]) -> str:
    arguments = ", ".join(f"{name}={_format_argument(name, value)}" for name, value in inputs.items())
    return f"{function}({arguments})"


@dataclass(frozen=True)
class Call:
    """A call of an exercise function, written out (by `str`) only when a failure shows it.

    Most checks pass: formatting every input with NumPy's array2string up front cost about half
    of the judge's time in bulk grading.
    """

    function: str
    inputs: dict[str, Any]

    def __str__(self) -> str:
        return format_call(self.function, self.inputs)


def _format_argument(name: str, value: Any) -> str:
    if name == "network" and isinstance(value, dict):
        return "network (" + ", ".join(f"{k}: shape {np.shape(v)}" for k, v in value.items()) + ")"
    return format_value(value, 120)


def require_value(outcome: CallOutcome, call: Call | str) -> Any:
    """The returned value, or a CheckFailure saying why there is none."""
    if outcome.error is None:
        return outcome.value
    error = outcome.error
    if error.not_implemented:
        raise CheckFailure(N_("not implemented yet (it raises NotImplementedError)"), call=call,
                           not_implemented=True, error=error)
    text = error_text(error.type, error.message)  # its first line: NumPy's can run to 5
    if error.phase == "call":  # the student's own line is shown with the difference
        raise CheckFailure(RAISED_CALL.format(error=text), call=call, error=error)
    if error.phase == "import":  # as error.describe() says it, a template of its own for the catalogue
        template = (N_("the function raised {error} while importing the module ({where})") if error.where
                    else N_("the function raised {error} while importing the module"))
        raise CheckFailure(template.format(error=text, where=error.where), call=call, error=error)
    if error.phase == "missing":  # "activations.py defines no function identity_function ...":
        raise CheckFailure(error.describe(), call=call, error=error)  # no function to speak of
    raise CheckFailure(N_("the function {what}").format(what=error.describe()), call=call, error=error)


def as_float_array(value: Any) -> np.ndarray | None:
    """The value as a float array if it is numeric (number, array, list of numbers), else None."""
    if isinstance(value, (ForeignObject, dict, tuple, str)) or value is None:
        return None
    try:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":  # complex, strings, objects, records: never converted
            return None
        array = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def expect_close(actual: Any, expected: Any, *, rtol: float, atol: float, call: Call | str,
                 what: str = "returned") -> None:
    """Fail unless `actual` has the expected shape and values (nan never matches)."""
    expected_array = np.asarray(expected, dtype=np.float64)
    actual_array = as_float_array(actual)
    returned = what == "returned"  # else "network['W1'] holds": what the message is about
    subject = what.removesuffix(" holds")
    if actual_array is None:
        problem = (N_("returned {kind}, not numbers") if returned
                   else N_("{subject} holds {kind}, not numbers")).format(kind=describe_kind(actual),
                                                                          subject=subject)
    else:
        if expected_array.ndim == 0 and actual_array.size == 1:
            actual_array = actual_array.reshape(())
        if actual_array.shape != expected_array.shape:
            template = (N_("returned an array of shape {shape}, expected shape {expected}") if returned
                        else N_("{subject} holds an array of shape {shape}, expected shape {expected}"))
            problem = template.format(subject=subject, shape=actual_array.shape,
                                      expected=expected_array.shape)
        elif all_close(actual_array, expected_array, rtol=rtol, atol=atol):
            return
        elif np.isnan(actual_array).any():
            problem = (N_("returned nan") if returned else N_("{subject} holds nan")).format(subject=subject)
        else:
            problem = (N_("returned wrong values") if returned
                       else N_("{subject} holds wrong values")).format(subject=subject)
    shown_expected, shown_actual = format_values(expected, actual)
    inputs = call.inputs if isinstance(call, Call) else {}
    raise CheckFailure(problem, call=call, expected=shown_expected, actual=shown_actual,
                       compared=Compared(expected, actual, inputs,
                                         what="value" if what == "returned" else what))


def all_close(actual: np.ndarray, expected: np.ndarray, *, rtol: float, atol: float) -> bool:
    """`np.allclose(actual, expected, rtol, atol, equal_nan=False)` for float arrays of one shape,
    with a short way for the common case (finite expected values, all close): a class's grading
    makes thousands of these comparisons, and allclose's own overhead dominates on small arrays."""
    with np.errstate(invalid="ignore", over="ignore"):
        if np.isfinite(expected).all() and (
                np.abs(actual - expected) <= atol + rtol * np.abs(expected)).all():
            return True  # nan or inf in actual fails the comparison above
    return bool(np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=False))


def describe_kind(value: Any) -> str:
    """What a value that is not the expected numbers is, in words: "a tuple of 2", "a string",
    "an array of complex128", "None (what a function without `return` gives)"."""
    if value is None:
        return N_("None (what a function without `return` gives)")
    if isinstance(value, bool):
        return N_("the boolean {value}").format(value=value)
    if isinstance(value, tuple):
        return N_("a tuple of {count}").format(count=len(value))
    if isinstance(value, dict):
        return N_("a dict")
    if isinstance(value, str):
        return N_("a string")
    if isinstance(value, list):
        return N_("a list")
    if isinstance(value, ForeignObject):
        if value.type_name.startswith("array"):  # the sandbox's "array of complex128"
            return N_("an {type}").format(type=value.type_name)
        return N_("a {type} object").format(type=value.type_name)
    return type(value).__name__
