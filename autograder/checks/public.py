"""Public checks: known values and properties. They ship to students; no reference code here."""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks import StudentCode, check_kind
from autograder.checks.compare import (
    Call,
    describe_kind,
    expect_close,
    format_value,
    format_values,
    require_value,
)
from autograder.checks.failure import CheckFailure, Compared, ShrinkRequest, Verdict
from autograder.checks.shrink import raised
from autograder.i18n import N_
from autograder.kit import KnownCase, RubricCheck, load_known_cases
from autograder.sandbox.session import CallOutcome
from autograder.sandbox.wire import array_inputs

DIVERGED = 1e10  # |x| beyond this after 100 steps of lr = 10 means the descent blew up
PAIR = "(x, x_history)"  # what gradient_descent returns, as its expected value is shown


def _cases(check: RubricCheck) -> list[KnownCase]:
    known = load_known_cases()
    return [known[case_id] for case_id in check.cases]


def _run(student: StudentCode, case: KnownCase, check: RubricCheck) -> tuple[Any, Call]:
    call = Call(case.function, case.inputs)
    outcome = student.call_case(case, correct_dependencies=check.correct_dependencies)
    return require_value(outcome, call), call


def descent_result(value: Any, call: Call | str) -> tuple[Any, Any]:
    """Split gradient_descent's result into (x, x_history), failing clearly if it is not a pair."""
    if not isinstance(value, tuple) or len(value) != 2:
        shown = format_value(value)
        single = isinstance(value, np.ndarray)
        if single and np.shape(value)[:1] == (2,):  # what unpacks without an error, and wrongly
            message = N_("returned {value}, not the pair (x, x_history): `x, x_history = "
                         "gradient_descent(...)` would silently unpack the two coordinates of x")
        elif value is None:
            message = N_("returned {value}, not the pair (x, x_history): a function whose body "
                         "ends without `return x, x_history` returns None")
        else:
            message = N_("returned {value}, not the pair (x, x_history)")  # all a hidden check keeps
        raise CheckFailure(message.format(value=N_("a single array") if single else shown), call=call,
                           expected=PAIR, actual=shown)
    return value


@check_kind("known_values")
def known_values(student: StudentCode, check: RubricCheck) -> None:
    """The function reproduces each known value of the check."""
    for case in _cases(check):
        actual, call = _run(student, case, check)
        try:
            if case.function == "gradient_descent":
                actual = descent_result(actual, call)[0]
            if case.function == "init_network":
                _expect_network(actual, case.expected, call, rtol=case.rtol, atol=case.atol)
            else:  # a check pinning a constant of the contract compares tighter than its cases
                expect_close(actual, case.expected, call=call,
                             rtol=case.rtol if check.rtol is None else check.rtol,
                             atol=case.atol if check.atol is None else check.atol)
        except CheckFailure as failure:
            failure.case = case.id
            raise


def _expect_network(actual: Any, expected: dict[str, np.ndarray], call: Call | str, *,
                    rtol: float, atol: float) -> None:
    if not isinstance(actual, dict):
        raise CheckFailure(N_("did not return a dict"), call=call, actual=format_value(actual))
    missing = [k for k in expected if k not in actual]
    if missing:
        has = ", ".join(map(repr, actual))
        raise CheckFailure((N_("the dict has no key {missing} (it has {keys})") if has
                            else N_("the dict has no key {missing} (it has none)")).format(
                               missing=", ".join(map(repr, missing)), keys=has), call=call,
                           expected=N_("keys {keys}").format(keys=", ".join(map(repr, expected))))
    for key, value in expected.items():
        expect_close(actual[key], value, rtol=rtol, atol=atol, call=call,
                     what=f"network[{key!r}] holds")


@check_kind("integer_dtype")
def integer_dtype(student: StudentCode, check: RubricCheck) -> None:
    """The result is an array of an integer dtype (any width)."""
    for case in _cases(check):
        actual, call = _run(student, case, check)
        if not isinstance(actual, np.ndarray) or actual.dtype.kind not in "iu":
            kind = f"dtype {actual.dtype}" if isinstance(actual, np.ndarray) else type(actual).__name__
            raise CheckFailure(N_("returned {kind}, not an integer array").format(kind=kind), call=call,
                               expected=N_("an integer array such as array([0, 0, 1, 1])"),
                               actual=format_value(actual), case=case.id,
                               compared=Compared(case.expected, actual, case.inputs, what="dtype"))


@check_kind("input_unchanged")
def input_unchanged(student: StudentCode, check: RubricCheck) -> None:
    """After the call, every array the function was given holds exactly its old values, those
    inside a dict (forward's network) too."""
    for case in _cases(check):
        call = Call(case.function, case.inputs)
        outcome = student.call_case(case, correct_dependencies=check.correct_dependencies)
        if require_value(outcome, call) is None:  # a body of `pass` changes nothing, and earns nothing
            raise CheckFailure(N_("returned {kind}, not numbers").format(kind=describe_kind(None)),
                               call=call, case=case.id)
        for name, before in array_inputs(case.inputs).items():
            after = outcome.inputs_after.get(name)
            if after is None or after.shape != before.shape or not np.array_equal(after, before):
                shown_before, shown_after = format_values(before, after)  # every digit, where close
                raise CheckFailure(N_("changed its input {name}").format(name=name), call=call,
                                   expected=AFTERWARDS.format(name=name, value=shown_before),
                                   actual=AFTERWARDS.format(name=name, value=shown_after),
                                   case=case.id,
                                   compared=Compared(before, after, case.inputs, what=name))


@check_kind("diverges")
def diverges(student: StudentCode, check: RubricCheck) -> None:
    """Too large a learning rate blows up: the final x is huge or not finite."""
    for case in _cases(check):
        actual, call = _run(student, case, check)
        x = np.asarray(descent_result(actual, call)[0], dtype=float)
        if np.all(np.isfinite(x)) and np.max(np.abs(x), initial=0.0) <= DIVERGED:
            raise CheckFailure(N_("did not diverge"), call=call,
                               expected=N_("|x| above {limit} (the book ends near {value})").format(
                                   limit=f"{DIVERGED:g}", value=format_value(np.asarray(case.expected))),
                               actual=format_value(x), case=case.id)


@check_kind("descent_history")
def descent_history(student: StudentCode, check: RubricCheck) -> None:
    """x_history is an array of shape (step_num, *x.shape); row i is the position before step i."""
    for case in _cases(check):
        actual, call = _run(student, case, check)
        _, history = descent_result(actual, call)
        init_x = case.inputs["init_x"]
        steps = case.inputs.get("step_num", 100)
        if not isinstance(history, np.ndarray):
            raise CheckFailure(N_("returned x_history as a {type}, not a NumPy array").format(
                type=type(history).__name__), call=call,
                               expected="np.array(x_history)", actual=format_value(history),
                               case=case.id)
        if history.shape != (steps, *init_x.shape):
            raise CheckFailure(N_("returned x_history of shape {shape}").format(shape=history.shape),
                               call=call,
                               expected=SHAPE.format(shape=(steps, *init_x.shape)),
                               actual=format_value(history), case=case.id)
        if not np.array_equal(history[0], init_x):
            raise CheckFailure(N_("x_history[0] is not the starting point"), call=call,
                               expected=f"x_history[0] = {format_value(init_x)}",
                               actual=f"x_history[0] = {format_value(history[0])}", case=case.id)
        if steps > 1 and np.array_equal(history[1], history[0]):
            raise CheckFailure(N_("x_history does not change from one step to the next"), call=call,
                               expected="x_history[1] = "
                                        + format_value(init_x * (1 - 2 * case.inputs["lr"])),
                               actual=f"x_history[1] = {format_value(history[1])}", case=case.id)
        expected_second = init_x - case.inputs["lr"] * 2 * init_x  # one step on x0^2 + x1^2
        if steps > 1 and not np.allclose(history[1], expected_second, rtol=1e-6):
            raise CheckFailure(N_("x_history[1] is not the position after one step"), call=call,
                               expected=f"x_history[1] = {format_value(expected_second)}",
                               actual=f"x_history[1] = {format_value(history[1])}", case=case.id)


SPREAD_SEEDS = (0, 1, 2)


@check_kind("softmax_probabilities")
def softmax_probabilities(student: StudentCode, check: RubricCheck) -> None:
    """On seeded batches spread over thousands, rows are finite probabilities summing to 1.

    On a failure, the input is shrunk after grading to the smallest one whose output is still
    not a row of probabilities (autograder.checks.shrink), e.g. a single large value.
    """
    for seed in SPREAD_SEEDS:
        rng = np.random.default_rng(seed)
        shape = [(4, 4), (3, 7), (6,)][seed]
        a = rng.normal(0, 1, shape) * 10.0 ** rng.integers(0, 4, shape[:1] + (1,) * (len(shape) - 1))
        a = a + rng.uniform(-2000, 2000, shape[:1] + (1,) * (len(shape) - 1))
        call = Call("softmax", {"a": a})
        actual = require_value(student.call("softmax", {"a": a}), call)
        problem = _probability_problem(a, actual)
        if problem is not None:
            message, shown = problem
            raise CheckFailure(message, call=call, actual=shown, expected=(
                SHAPE.format(shape=a.shape) if message == DID_NOT_RETURN_SHAPE else PROBABILITIES),
                compared=Compared(PROBABILITIES, actual, {"a": a}, what="probabilities"),
                shrink=_softmax_shrink_request(a))


PROBABILITIES = N_("finite values in [0, 1], each row summing to 1, the largest input keeping "
                   "the largest probability")
DID_NOT_RETURN_SHAPE = N_("did not return an array of the input's shape")
AFTERWARDS = N_("{name} afterwards: {value}")  # an input's value after the call
SHAPE = N_("shape {shape}")


def _probability_problem(a: np.ndarray, actual: Any) -> tuple[str, str] | None:
    """What is wrong with `actual` as softmax(a): (message, what came back), or None."""
    y = np.asarray(actual, dtype=float) if isinstance(actual, np.ndarray) else None
    if y is None or y.shape != a.shape:
        return DID_NOT_RETURN_SHAPE, format_value(actual)
    if not np.all(np.isfinite(y)) or y.min() < 0 or y.max() > 1:
        return N_("returned values that are not probabilities"), format_value(y)
    if not np.allclose(y.sum(axis=-1), 1.0, rtol=0, atol=1e-9):
        return N_("returned rows that do not sum to 1"), N_("row sums {sums}").format(
            sums=format_value(y.sum(axis=-1)))
    if not np.array_equal(np.argmax(y, axis=-1), np.argmax(a, axis=-1)):
        return N_("changed which class is the most likely"), format_value(y)
    return None


def _softmax_shrink_request(a: np.ndarray) -> ShrinkRequest:
    """Shrinking judged by the same properties (no reference needed: this check is public)."""

    def verdict(inputs: dict, expected: Any, outcome: CallOutcome) -> Verdict | None:
        if outcome.error is not None:
            return Verdict("error:" + outcome.error.type, PROBABILITIES, raised(outcome.error))
        problem = _probability_problem(inputs["a"], outcome.value)
        return None if problem is None else Verdict(
            problem[0], PROBABILITIES, problem[1],
            Compared(PROBABILITIES, outcome.value, inputs, what="probabilities"))

    return ShrinkRequest("softmax", {"a": a}, expect=lambda inputs: None, verdict=verdict)
