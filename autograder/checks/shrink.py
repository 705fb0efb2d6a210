"""Minimal counterexamples: shrink a failing random input to the smallest one that still fails.

A randomized check that fails says how to shrink its input in its `CheckFailure`'s `shrink`
field (a `ShrinkRequest`); after every check of the submission has run, grading calls
`shrink_counterexample`. Shrinking lives beside the checks: it calls the student's code through
`StudentCode` and judges with the checks' comparisons.
The shrinker is deterministic and greedy: first the size (keep one row or element, drop a row,
a column, a dimension), then the magnitude of each number (0, then 1, 2, 3 significant digits,
then the smallest failing whole number by bisection). A candidate is kept only when the expected
value can be computed for it and the student's function still fails the same way (same kind:
error type, shape, non-finite values or wrong values). Every probe is one sandboxed call through
`StudentCode.call`; the probes and the time are bounded, and grades never depend on them (they
run after every check). Shrinking runs in the grading process and needs only NumPy. A search
never starts from a hidden check's input, in any child: the student's answers choose which
candidate is kept, so it would end where they steer it (the hidden values cut to a few digits,
attack round 10). A hidden check's counterexample is its public twins' (autograder.checks.hidden).
"""
from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from autograder.checks.compare import as_float_array, format_call, format_value, format_values
from autograder.checks.failure import Compared, Inputs, ShrinkRequest, Verdict
from autograder.i18n import N_
from autograder.results import Counterexample
from autograder.sandbox.session import CallOutcome, StudentError

if TYPE_CHECKING:
    from autograder.checks import StudentCode

__all__ = ["MAX_PROBES", "MAX_SECONDS", "ShrinkRequest", "Verdict", "compare_with_expected", "plain_value",
           "shrink_counterexample"]

MAX_PROBES = 200
MAX_SECONDS = 5.0
FIXED_INPUTS = ("f", "network")  # test-function names and the network's weights keep their value


def raised(error: StudentError) -> str:
    """What a call that gave no value shows as its actual value: the exception's type, or that
    the function is not defined (MissingFunction is the kit's word, not an exception of Python's)."""
    if error.phase == "missing":
        return N_("no such function")
    return N_("raised {error}").format(error=error.type)


def compare_with_expected(expected: Any, outcome: CallOutcome, rtol: float, atol: float,
                          select: Callable[[Any], Any] | None = None, whole: str = "") -> Verdict | None:
    """The verdict of a comparison with a known expected value (None when they agree).

    `select` takes the compared part of the returned value (x of gradient_descent's pair), and
    `whole` says what a right value is as a whole ("(x, x_history)"): what is shown as expected
    when `select` cannot take its part (the expected part could read just like the value)."""
    shown_expected = format_value(plain_value(expected))
    if outcome.error is not None:
        return Verdict("error:" + outcome.error.type, shown_expected, raised(outcome.error))
    value = outcome.value
    if select is not None:
        try:
            value = select(value)
        except Exception:  # noqa: BLE001 - the student's value has the wrong structure
            return Verdict("structure", whole or shown_expected, format_value(plain_value(outcome.value)))
    actual = as_float_array(value)
    wanted = np.asarray(expected, dtype=np.float64)
    compared = Compared(expected, value)
    if actual is None:
        return Verdict("type", shown_expected, format_value(plain_value(value)), compared)
    if wanted.ndim == 0 and actual.size == 1:
        actual = actual.reshape(())
    if actual.shape != wanted.shape:
        return Verdict("shape", shown_expected, format_value(plain_value(value)), compared)
    if np.allclose(actual, wanted, rtol=rtol, atol=atol):
        return None
    kind = "nonfinite" if not np.all(np.isfinite(actual)) else "values"
    return Verdict(kind, *format_values(plain_value(expected), plain_value(value)), compared)


def plain_value(value: Any) -> Any:
    """NumPy scalars and 0-d arrays as Python numbers, so they read as `2e-06`, not `np.float64(...)`."""
    if isinstance(value, (np.generic, np.ndarray)) and np.ndim(value) == 0:
        return value.item()
    return value


@dataclass(frozen=True)
class ShrunkInput:
    """The smallest failing input a search found, the verdict on it, and the probes it took."""

    inputs: Inputs
    verdict: Verdict
    probes: int


def shrink_counterexample(student: StudentCode, request: ShrinkRequest, *,
                          max_probes: int = MAX_PROBES,
                          max_seconds: float = MAX_SECONDS) -> Counterexample | None:
    """The smallest input found that still fails, or None if none smaller could be shown."""
    shrunk = shrink_input(student, request, max_probes=max_probes, max_seconds=max_seconds)
    return None if shrunk is None else _counterexample(request, shrunk)


def _counterexample(request: ShrinkRequest, shrunk: ShrunkInput) -> Counterexample:
    expected = shrunk.verdict.expected
    if request.describe_expected is not None:
        with contextlib.suppress(Exception):  # else keep the verdict's own description
            expected = request.describe_expected(shrunk.inputs)
    compared = shrunk.verdict.compared
    return Counterexample(format_call(request.function, shrunk.inputs), expected,
                          shrunk.verdict.actual, probes=shrunk.probes,
                          compared=None if compared is None else replace(compared, inputs=shrunk.inputs))


def shrink_input(student: StudentCode, request: ShrinkRequest, *, max_probes: int = MAX_PROBES,
                 max_seconds: float = MAX_SECONDS) -> ShrunkInput | None:
    """The smallest input found that still fails the same way, or None if none smaller (or,
    for `fresh_only`, none made of simplified numbers only) was found."""
    shrinker = _Shrinker(student, request, max_probes, time.monotonic() + max_seconds)
    first = shrinker.judge(request.inputs)
    if first is None:
        return None  # not reproducible (the sandbox died or the input is not valid): show nothing
    current, verdict = request.inputs, first
    improved = False
    while not shrinker.exhausted:
        for candidate in _candidates(current):
            if shrinker.exhausted:
                break
            found = shrinker.judge(candidate)
            if found is not None and found.kind == first.kind:
                current, verdict, improved = candidate, found, True
                break
        else:
            break
    if not improved or (request.fresh_only and not _all_simple(current)):
        return None
    return ShrunkInput(current, verdict, shrinker.probes)


class _Shrinker:
    """Judges candidates: expected value in the parent, one sandboxed call per probe."""

    def __init__(self, student: StudentCode, request: ShrinkRequest, max_probes: int,
                 deadline: float) -> None:
        self.student, self.request = student, request
        self.max_probes, self.deadline = max_probes, deadline
        self.probes, self.dead = 0, False

    @property
    def exhausted(self) -> bool:
        return self.dead or self.probes >= self.max_probes or time.monotonic() > self.deadline

    def judge(self, inputs: Inputs) -> Verdict | None:
        try:
            expected = self.request.expect(inputs)
        except Exception:  # noqa: BLE001 - not a valid input: the reference or property rejects it
            return None
        if expected is not None and not _finite(expected):
            return None
        self.probes += 1
        outcome = self.student.call(self.request.function, inputs,
                                    correct_dependencies=self.request.correct_dependencies)
        if outcome.error is not None and outcome.error.phase in ("timeout", "crash", "reply"):
            self.dead = True  # the sandbox had to be restarted: stop probing this function
            return None
        verdict = self.request.verdict(inputs, expected, outcome)
        if verdict is not None and verdict.expected == verdict.actual:
            return None  # a failure that would read as a pass is never shown
        return verdict


def _finite(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_finite(v) for v in value)
    try:
        return bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))
    except (TypeError, ValueError):
        return True


# ---- candidates, most aggressive first -------------------------------------------------------------


def _arrays(inputs: Inputs) -> list[str]:
    return [k for k, v in inputs.items()
            if k not in FIXED_INPUTS and isinstance(v, np.ndarray) and v.ndim >= 1]


def _candidates(inputs: Inputs) -> Iterator[Inputs]:
    yield from _fewer_rows(inputs)
    yield from _fewer_dimensions(inputs)
    yield from _fewer_columns(inputs)
    yield from _simpler_numbers(inputs)


def _with(inputs: Inputs, changes: dict[str, Any]) -> Inputs:
    return {**inputs, **changes}


def _fewer_rows(inputs: Inputs) -> Iterator[Inputs]:
    """Keep one row, then drop one row, of every array sharing the largest first dimension."""
    names = _arrays(inputs)
    if not names:
        return
    n = max(inputs[k].shape[0] for k in names)
    group = [k for k in names if inputs[k].shape[0] == n]
    if n < 2:
        return
    for i in range(n):
        yield _with(inputs, {k: inputs[k][i:i + 1].copy() for k in group})
    for i in range(n):
        yield _with(inputs, {k: np.delete(inputs[k], i, axis=0) for k in group})


def _fewer_dimensions(inputs: Inputs) -> Iterator[Inputs]:
    """A batch of one row becomes that row (2-D to 1-D), for the arrays that are batches."""
    names = [k for k in _arrays(inputs) if inputs[k].ndim >= 2 and inputs[k].shape[0] == 1]
    if names:
        others = {k: inputs[k][0].copy() for k in _arrays(inputs)
                  if k not in names and inputs[k].shape == (1,)}
        yield _with(inputs, {**{k: inputs[k][0].copy() for k in names}, **others})


def _fewer_columns(inputs: Inputs) -> Iterator[Inputs]:
    """Keep one column, then drop one, of the 2-D arrays sharing the widest last dimension."""
    names = [k for k in _arrays(inputs) if inputs[k].ndim >= 2]
    if not names:
        return
    m = max(inputs[k].shape[-1] for k in names)
    group = [k for k in names if inputs[k].shape[-1] == m]
    if m < 2:
        return
    for j in range(m):
        yield _with(inputs, {k: inputs[k][..., j:j + 1].copy() for k in group})
    for j in range(m):
        yield _with(inputs, {k: np.delete(inputs[k], j, axis=-1) for k in group})


def _simpler_numbers(inputs: Inputs) -> Iterator[Inputs]:
    """One number at a time: 0 (or 1 for counts), fewer significant digits, a smaller integer."""
    for name, value in inputs.items():
        if name in FIXED_INPUTS or isinstance(value, bool):
            continue
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            for index in np.ndindex(value.shape):
                for simpler in _simpler(float(value[index])):
                    changed = value.copy()
                    changed[index] = simpler
                    yield _with(inputs, {name: changed})
        elif isinstance(value, float):
            for simpler in _simpler(value):
                yield _with(inputs, {name: simpler})
        elif isinstance(value, int) and value > 1:
            yield from (_with(inputs, {name: smaller}) for smaller in (1, value // 2, value - 1))


def _simpler(value: float) -> list[float]:
    """Simpler values than `value`, simplest first; bisection toward 0 over whole numbers."""
    if not math.isfinite(value) or value == 0.0:
        return []
    options = [0.0]
    for digits in (1, 2, 3):
        shortened = _truncate(value, digits)
        if shortened != value and shortened not in options:
            options.append(shortened)
    if value == int(value) and abs(value) >= 2:
        # halves, then the next whole number toward 0: a greedy bisection toward the boundary
        sign, magnitude = math.copysign(1.0, value), abs(value)
        options += [sign * m for m in (math.floor(magnitude / 2), math.floor(magnitude * 3 / 4),
                                        math.floor(magnitude * 7 / 8), magnitude - 1)
                    if 0 < m < magnitude]
    return options


def _truncate(value: float, digits: int) -> float:
    """`value` cut (toward 0, never larger) to `digits` significant digits."""
    scale = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    return float(f"{math.trunc(value / scale) * scale:.{digits}g}")


def _all_simple(inputs: Inputs) -> bool:
    """Every float has at most 3 significant digits: the shrinker wrote it, not the random seed."""
    for name, value in inputs.items():
        if name in FIXED_INPUTS:
            continue
        numbers = value.ravel() if isinstance(value, np.ndarray) and value.dtype.kind == "f" else (
            [value] if isinstance(value, float) else [])
        if any(float(f"{float(v):.3g}") != float(v) for v in numbers):
            return False
    return True
