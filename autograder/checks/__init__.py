"""The checks of the rubric: one definition each, run by every front door.

A check is a function `(student, check) -> None` registered under a `kind` name (the kinds are
registered when autograder.checks.kinds imports them: nothing here imports a check); the rubric
(data/rubric.toml) says which kind checks which function, with which known values and for how
many points. A check raises `CheckFailure` with what the student should see. Student code is
reached only through `StudentCode`, which forwards each call to the sandbox and returns plain
data, so the judge never shares a process with the code it judges.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder.checks.failure import CheckFailure
from autograder.kit import KnownCase, RubricCheck, exercise, load_known_cases
from autograder.sandbox.session import CallOutcome, SubmissionSession

__all__ = ["KINDS", "CheckFailure", "StudentCode", "check_kind"]


CheckFunction = Callable[["StudentCode", RubricCheck], None]
KINDS: dict[str, CheckFunction] = {}


def check_kind(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under the kind name the rubric uses."""
    def register(function: CheckFunction) -> CheckFunction:
        KINDS[name] = function
        return function
    return register


@dataclass(frozen=True)
class Observation:
    """One call made while checking, kept for recognising mistakes afterwards."""

    inputs: dict[str, Any]
    outcome: CallOutcome


class StudentCode:
    """The student's functions as the checks see them: calls go to the sandbox."""

    def __init__(self, session: SubmissionSession) -> None:
        self.session = session
        self.observations: dict[tuple[str, str], Observation] = {}

    def call(self, function: str, inputs: dict[str, Any], *, correct_dependencies: bool = False,
             case: str | None = None) -> CallOutcome:
        ex = exercise(function)
        inputs = _in_call_order(ex.parameters, inputs)
        dependencies = ex.dependencies if correct_dependencies else None
        function_inputs = tuple(name for name in inputs if name == "f")
        if case is not None and (function, case) in self.observations and (
                correct_dependencies or not ex.dependencies):
            return self.observations[(function, case)].outcome
        outcome = self.session.call(ex.module, function, inputs, function_inputs=function_inputs,
                                    dependencies=dependencies)
        if case is not None and (correct_dependencies or not ex.dependencies):
            self.observations[(function, case)] = Observation(inputs, outcome)
        return outcome

    def call_case(self, case: KnownCase, *, correct_dependencies: bool = False) -> CallOutcome:
        return self.call(case.function, case.inputs, correct_dependencies=correct_dependencies,
                         case=case.id)

    def observe(self, function: str, case_id: str) -> Observation | None:
        """The outcome of a known case, calling the student's function if it was not called yet."""
        if (function, case_id) not in self.observations:
            case = load_known_cases().get(case_id)
            if case is None or case.function != function:
                return None
            self.call_case(case, correct_dependencies=True)
        return self.observations.get((function, case_id))


def _in_call_order(parameters: tuple[str, ...], inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs in parameter order: the sandbox passes them by position, as the book calls."""
    if set(inputs) != set(parameters[:len(inputs)]):
        raise ValueError(f"inputs {list(inputs)} are not the first parameters of {parameters}")
    return {name: inputs[name] for name in parameters[:len(inputs)]}
