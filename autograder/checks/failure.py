"""What a failed check raises: `CheckFailure`, with the values it compared and how to shrink its input.

A check raises `CheckFailure` with what the student should see (the message, the call, the
expected and the actual value as text) and, as typed fields the feedback reads afterwards: the
values themselves (`compared`, to describe the difference in plain words), the student's error
after a crash (`error`) and, for a randomized check, how to shrink its input to a minimal
counterexample (`shrink`, a `ShrinkRequest`; autograder.checks.shrink does the shrinking).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autograder.sandbox.session import CallOutcome, StudentError

__all__ = ["CheckFailure", "Compared", "Inputs", "ShrinkRequest", "Verdict"]

Inputs = dict[str, Any]


@dataclass(frozen=True)
class Compared:
    """The values a failed comparison saw: plain data, never serialised nor shown as such."""

    expected: Any
    actual: Any
    inputs: Inputs = field(default_factory=dict)
    what: str = "value"  # "value", or what was compared instead: "x afterwards", "dtype", ...


@dataclass(frozen=True)
class Verdict:
    """Why one output is wrong: a kind that must stay the same while shrinking, both values as
    shown, and the values themselves where there are some (their inputs are filled in with the
    counterexample's: the feedback describes the difference of the example it shows)."""

    kind: str
    expected: str
    actual: str
    compared: Compared | None = field(default=None, repr=False, compare=False)


@dataclass
class ShrinkRequest:
    """A failing randomized call, and how to judge the student's output on a smaller input.

    `expect(inputs)` computes in the grading process what a correct function returns (any
    exception, or a non-finite expected value, means the input is not a valid one);
    `verdict(inputs, expected, outcome)` says how the outcome is wrong, or None if it is right.
    `fresh_only`: show the result only if every number was simplified (hidden checks: the
    check's own random values are never shown).
    """

    function: str
    inputs: Inputs
    expect: Callable[[Inputs], Any]
    verdict: Callable[[Inputs, Any, CallOutcome], Verdict | None]
    correct_dependencies: bool = False
    fresh_only: bool = False
    describe_expected: Callable[[Inputs], str] | None = None  # e.g. the reference's value


class CheckFailure(AssertionError):
    """A check failed; the fields say on which input, what was expected and what came back."""

    def __init__(self, message: str, *, call: object = "", expected: str = "", actual: str = "",
                 case: str | None = None, not_implemented: bool = False,
                 compared: Compared | None = None, error: StudentError | None = None,
                 shrink: ShrinkRequest | None = None) -> None:
        super().__init__(message)
        # `call` is a string or a `compare.Call`, which is formatted here, only when a check fails
        self.message, self.call, self.expected, self.actual = message, str(call), expected, actual
        self.case, self.not_implemented = case, not_implemented
        self.compared, self.error, self.shrink = compared, error, shrink
