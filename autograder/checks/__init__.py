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
from autograder.dependency_values import NOT_NOTED, VALUES_NAME, noted_tables_source, tables_source
from autograder.kit import (
    KnownCase,
    RubricCheck,
    current_assignment,
    exercise,
    load_known_cases,
    reference_available,
)
from autograder.sandbox.session import CallOutcome, SubmissionSession

__all__ = ["KINDS", "CheckFailure", "RecordedCall", "StudentCode", "check_kind", "reference_code"]


CheckFunction = Callable[["StudentCode", RubricCheck], None]
OWN_DEPENDENCIES = " (own dependencies)"  # the mark of such a call among a student's observations
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


@dataclass(frozen=True)
class RecordedCall:
    """One call of a student's function, in the order the checks made it.

    `key` is the call's identity (`PlannedCall.key`: its function, dependencies and inputs),
    by which autograder.diagnosis looks up what each error model returns on the same call.
    """

    function: str
    key: bytes
    inputs: dict[str, Any]
    correct_dependencies: bool
    outcome: CallOutcome


@dataclass(frozen=True)
class StudentState:
    """The known cases' outcomes a `StudentCode` keeps, and each one's call key."""

    observations: dict[tuple[str, str], Observation]
    keys: dict[tuple[str, str], bytes]


class StudentCode:
    """The student's functions as the checks see them: calls go to the sandbox.

    `calls` records every call in order (a cached known case is recorded again when a check
    asks for it again), so that each check's calls, and the student's outcome on each, can be
    matched with the error models afterwards.
    """

    def __init__(self, session: SubmissionSession) -> None:
        self.session = session
        self.observations: dict[tuple[str, str], Observation] = {}
        self.calls: list[RecordedCall] = []
        self._keys: dict[tuple[str, str], bytes] = {}  # a cached case's call key
        self.looked_up: list[tuple[str, str]] = []  # the observations asked for, in order
        self._with_reference = reference_available()  # the instructor's kit, or the student bundle

    def call(self, function: str, inputs: dict[str, Any], *, correct_dependencies: bool = False,
             case: str | None = None) -> CallOutcome:
        ex = exercise(function)
        inputs = _in_call_order(ex.parameters, inputs)
        dependencies = ex.dependencies if correct_dependencies else None
        function_inputs = tuple(name for name in inputs if name == "f")
        cached = self._observation_name(case, correct_dependencies or not ex.dependencies)
        name = None if cached is None else (function, cached)
        observation = None if name is None else self.kept_observation(name)
        if name is not None and observation is not None:
            key = self._keys[name]
            self.calls.append(RecordedCall(function, key, observation.inputs, correct_dependencies,
                                           observation.outcome))
            return observation.outcome
        reference = ""
        if correct_dependencies:
            reference = reference_code(_wanted(dependencies, inputs), available=self._with_reference,
                                       values=not self.session.in_hidden_phase
                                       and not _correct_object(inputs) and not _untabled(dependencies))
        outcome = self.session.call(ex.module, function, inputs, function_inputs=function_inputs,
                                    dependencies=dependencies, reference=reference)
        key = self.session.calls_made[-1].key
        self.calls.append(RecordedCall(function, key, inputs, correct_dependencies, outcome))
        if name is not None:
            self.observations[name] = Observation(inputs, outcome)
            self._keys[name] = key
        return outcome

    def kept_observation(self, name: tuple[str, str]) -> Observation | None:
        """The observation kept under `name`, if any; the name is noted as looked up."""
        self.looked_up.append(name)
        return self.observations.get(name)

    def kept(self) -> StudentState:
        """What the checks have kept so far (observations, and their calls' keys)."""
        return StudentState(dict(self.observations), dict(self._keys))

    def kept_since(self, before: StudentState) -> StudentState:
        """What the checks kept, or kept anew, since `before`."""
        return StudentState(
            {name: kept for name, kept in self.observations.items()
             if before.observations.get(name) is not kept},
            {name: key for name, key in self._keys.items() if before.keys.get(name) != key})

    def keep(self, state: StudentState, calls: list[RecordedCall]) -> None:
        """Take `state` and `calls` as the checks' own: what checks judged alike left (autograder.judged)."""
        self.observations.update(state.observations)
        self._keys.update(state.keys)
        self.calls.extend(calls)

    def _observation_name(self, case: str | None, judged_alone: bool) -> str | None:
        """What a known case's call is kept under (it is made once per submission): its case
        id; with the student's own dependencies, another call, kept apart, and only from a child
        that has seen no hidden input (a diagnosis may read it again after the hidden checks)."""
        if case is None or judged_alone:
            return case
        return None if self.session.in_hidden_phase else f"{case}{OWN_DEPENDENCIES}"

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


def reference_code(wanted: frozenset[str] | None = None, *, available: bool | None = None,
                   values: bool = False) -> str:
    """The source of the reference solutions the sandbox takes correct dependencies from
    (autograder.reference): only the `wanted` functions and classes and what they use, where
    given; with `values`, or in the student bundle, which holds no reference, the dependencies'
    values on the public checks' calls instead (autograder.dependency_values). `available`:
    whether the reference is there, where the caller knows it already (a StudentCode asks once).

    The public checks take values: whatever code a child is sent, the student's code there can
    keep, and the same child makes the hidden checks of sigmoid after forward's public ones
    (autograder.sandbox.session, `defined_by`, would need a fresh child for them). The hidden
    checks, whose inputs no table holds, `train`, given a whole correct network, and a call
    with a dependency no table holds (TwoLayerNet.numerical_gradient's numerical_gradient)
    take code.
    """
    if not (reference_available() if available is None else available):
        return tables_source(current_assignment().data_dir / VALUES_NAME)
    if values:
        return noted_tables_source(current_assignment())
    from autograder.reference import reference_source  # instructor-only: not in the bundle

    return reference_source(current_assignment().name, wanted)


def _wanted(dependencies: dict[str, str] | None, inputs: dict[str, Any]) -> frozenset[str]:
    """What of the reference a call judged with correct dependencies needs: the functions its
    dependencies name ("correct_sigmoid": sigmoid; an exact gradient falls back on
    numerical_gradient) and the classes of the objects it is given (a correct TwoLayerNet)."""
    names = {name for target in (dependencies or {}).values()
             for name in ((target.removeprefix("correct_"),) if target.startswith("correct_")
                          else ("numerical_gradient",))}
    return frozenset(names | _object_classes(inputs))


def _untabled(dependencies: dict[str, str] | None) -> bool:
    """Whether a correct dependency of the call has no table of values (numerical_gradient takes
    a function): the call takes code, or the student's own copy would stand in for it."""
    return any(name in NOT_NOTED and target.startswith("correct_")
               for name, target in (dependencies or {}).items())


def _correct_object(value: Any) -> bool:
    """Whether `value` holds a correct object (a whole correct network: no table answers it)."""
    if isinstance(value, dict):
        return value.get("of") == "correct" or any(_correct_object(v) for v in value.values())
    return False


def _object_classes(value: Any) -> set[str]:
    """The reference classes the objects in `value` are made of: a correct network's whole
    class; of a student's network given correct methods, those methods only ("Class.predict")."""
    if isinstance(value, dict):
        kind = value.get("__object__")
        own: set[str] = set()
        if isinstance(kind, str) and value.get("of") == "correct":
            own = {kind}
        elif isinstance(kind, str):
            own = {f"{kind}.{m}" for m in str(value.get("correct_methods", "")).split(",") if m}
        return own.union(*(_object_classes(item) for item in value.values()))
    return set()


def _in_call_order(parameters: tuple[str, ...], inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs in parameter order: the sandbox passes them by position, as the book calls."""
    if set(inputs) != set(parameters[:len(inputs)]):
        raise ValueError(f"inputs {list(inputs)} are not the first parameters of {parameters}")
    return {name: inputs[name] for name in parameters[:len(inputs)]}
