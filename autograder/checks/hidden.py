"""Hidden checks: seeded random inputs, the student's answer compared with the reference's.

This module and the reference solutions never ship to students. Inputs are generated here,
sent to the sandbox, and the reference result is computed in the grading process, once per
check for a whole class (memoized: it is the same for every submission).

When a check fails, its counterexample comes from its public twins (`public_twin`: the same
comparison on inputs drawn from public seeds), shrunk after grading (autograder.checks.shrink)
by a child that never saw a hidden input. The check's own random inputs and expected values
are never shown to students, nor kept in its failure; the shrunk input is, with its expected
and actual output, and only when every number in it was simplified by the shrinker.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import numpy as np

from autograder.checks import StudentCode, check_kind
from autograder.checks.compare import Call, expect_close, require_value
from autograder.checks.failure import CheckFailure, ShrinkRequest, Verdict
from autograder.checks.public import PAIR, descent_result
from autograder.checks.shrink import compare_with_expected
from autograder.kit import RubricCheck, exercise
from autograder.reference import reference_function
from autograder.sandbox import child as test_functions
from autograder.secret import hidden_seed

Inputs = dict[str, Any]


def _probabilities(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    a = rng.normal(0, 2, shape)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _one_hot(labels: np.ndarray | np.integer, classes: int) -> np.ndarray:
    return np.eye(classes, dtype=np.int64)[labels]


def _elementwise(rng: np.random.Generator) -> Iterator[Inputs]:
    for shape in [(7,), (4, 3), (3, 3), (2, 5)]:
        x = rng.normal(0, 4, shape)
        x.flat[0] = 0.0
        yield {"x": x}


def _softmax(rng: np.random.Generator) -> Iterator[Inputs]:
    for shape in [(5,), (3, 3), (4, 6), (1, 10)]:
        yield {"a": rng.normal(0, 5, shape) + rng.uniform(-50, 50)}


def _forward(rng: np.random.Generator) -> Iterator[Inputs]:
    for batch in [(2,), (5, 2), (2, 2)]:
        network = {"W1": rng.normal(0, 1, (2, 3)), "b1": rng.normal(0, 1, 3),
                   "W2": rng.normal(0, 1, (3, 2)), "b2": rng.normal(0, 1, 2),
                   "W3": rng.normal(0, 1, (2, 2)), "b3": rng.normal(0, 1, 2)}
        yield {"network": network, "x": rng.normal(0, 1, batch)}


def _mse(rng: np.random.Generator) -> Iterator[Inputs]:
    for size in [10, 4, 7]:
        yield {"y": _probabilities(rng, (size,)), "t": _one_hot(rng.integers(0, size), size)}


def _cross_entropy(rng: np.random.Generator) -> Iterator[Inputs]:
    yield {"y": _probabilities(rng, (6,)), "t": _one_hot(rng.integers(0, 6), 6)}
    for batch, classes in [(4, 5), (3, 3), (2, 7)]:
        y, labels = _probabilities(rng, (batch, classes)), rng.integers(0, classes, batch)
        yield {"y": y, "t": _one_hot(labels, classes)}
        yield {"y": y, "t": labels}


def _diff(rng: np.random.Generator) -> Iterator[Inputs]:
    for name in ["function_1", "function_1", "function_tmp1", "function_tmp2"]:
        yield {"f": name, "x": float(rng.uniform(-10, 10))}


def _gradient(rng: np.random.Generator) -> Iterator[Inputs]:
    yield {"f": "function_2", "x": rng.uniform(-5, 5, 2)}
    yield {"f": "sum_squares", "x": rng.uniform(-5, 5, (3, 4))}
    yield {"f": "sum_squares", "x": rng.uniform(-5, 5, 5)}
    yield {"f": "rows_interact", "x": rng.uniform(-5, 5, (2, 5))}


def _descent(rng: np.random.Generator) -> Iterator[Inputs]:
    for name in ["function_2", "shifted_bowl", "function_2"]:
        yield {"f": name, "init_x": rng.uniform(-5, 5, 2), "lr": float(rng.uniform(0.01, 0.3)),
               "step_num": int(rng.integers(5, 60))}


GENERATORS: dict[str, Callable[[np.random.Generator], Iterator[Inputs]]] = {
    "step_function": _elementwise, "sigmoid": _elementwise, "relu": _elementwise,
    "identity_function": _elementwise, "softmax": _softmax, "forward": _forward,
    "mean_squared_error": _mse, "cross_entropy_error": _cross_entropy,
    "numerical_diff": _diff, "numerical_gradient": _gradient, "gradient_descent": _descent,
}


def tolerance(function: str, inputs: Inputs) -> tuple[float, float]:
    """(rtol, atol) on `inputs`: the function's tolerance, with its reason, in data/rubric.toml,
    and where its contract guards a log with a delta, that guard's band on these inputs."""
    ex = exercise(function)
    if not ex.log_guard:
        return ex.rtol, ex.atol
    return ex.rtol, ex.atol + guard_band(ex.log_guard, inputs)


def guard_band(delta: float, inputs: Inputs) -> float:
    """How far two guards against log(0) at the contract's scale can set cross_entropy_error
    apart on these inputs. Where the right class has probability p, `np.log(y + delta)` and
    `np.log(np.maximum(y, delta))` (or `np.clip(y, delta, 1)`) differ by
    log(1 + min(p, delta) / max(p, delta)): delta / p for a likely class, at most ln 2 near
    p = delta, and nothing at p = 0, where the guard alone sets the loss. The loss averages its
    rows, and so does the band. 0.0 for inputs it cannot read (the comparison then decides)."""
    try:
        y = np.asarray(inputs["y"], dtype=np.float64)
        t = np.asarray(inputs["t"])
        if y.ndim == 1:
            y, t = y.reshape(1, -1), t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        rows = np.arange(y.shape[0])
        p = (y * t).sum(axis=1) if t.shape == y.shape else y[rows, t.astype(np.int64)]
        gap = np.log1p(np.minimum(p, delta) / np.maximum(p, delta))
    except (KeyError, TypeError, ValueError, IndexError):
        return 0.0
    return float(gap.mean()) if gap.size and np.isfinite(gap).all() else 0.0


def reference_result(function: str, inputs: Inputs) -> Any:
    """What the reference returns, on copies of the inputs (gradient_descent updates in place)."""
    copies = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in inputs.items()}
    if "f" in copies:
        copies["f"] = test_functions.TEST_FUNCTIONS[str(copies["f"])]
    return reference_function(function)(**copies)


def reference_cases(check_id: str, function: str) -> tuple[tuple[Inputs, Any], ...]:
    """The check's seeded inputs with the reference's results, computed once per process and
    secret: the seed mixes the instructor's secret (autograder.secret) with the check id."""
    return _reference_cases(hidden_seed(_seed(check_id), check_id), function)


@cache
def _reference_cases(seed: int, function: str) -> tuple[tuple[Inputs, Any], ...]:
    rng = np.random.default_rng(seed)
    return tuple((inputs, reference_result(function, inputs)) for inputs in GENERATORS[function](rng))


@check_kind("random_vs_reference")
def random_vs_reference(student: StudentCode, check: RubricCheck) -> None:
    """The student's function agrees with the reference on seeded random inputs."""
    _agrees_on(student, check, reference_cases(check.id, check.function), shrinkable=False)


def public_twin(student: StudentCode, check: RubricCheck) -> ShrinkRequest | None:
    """A failing input for the check's counterexample, found without its hidden inputs: the same
    comparison on inputs drawn the same way from public seeds (up to TWINS draws, the first
    that fails). None if the student's function agrees on all of them (or the check has no
    twin): the check then shows no counterexample. A search that started from the hidden input
    would show what the student's own answers steered it to (their digits, round 10)."""
    if not has_public_twin(check):
        return None
    for draw in range(TWINS):
        try:
            _agrees_on(student, check, _reference_cases(_seed(_twin_name(draw) + check.id),
                                                         check.function), shrinkable=True)
        except CheckFailure as failure:
            return failure.shrink
    return None


def has_public_twin(check: RubricCheck) -> bool:
    """Whether a failure of this hidden check looks for a counterexample on its public twins."""
    return check.kind == "random_vs_reference"


TWINS = 3  # public draws tried for a failing hidden check's counterexample


def _twin_name(draw: int) -> str:
    return "public twin of " if draw == 0 else f"public twin {draw + 1} of "


def _agrees_on(student: StudentCode, check: RubricCheck, cases: tuple[tuple[Inputs, Any], ...],
               *, shrinkable: bool) -> None:
    """Each case's reference value, compared. A failure on public inputs (`shrinkable`) says how
    to shrink them; one on the hidden inputs carries none of them."""
    for inputs, reference in cases:
        rtol, atol = tolerance(check.function, inputs)
        call = Call(check.function, inputs)
        outcome = student.call(check.function, inputs,
                               correct_dependencies=check.correct_dependencies)
        try:
            actual = require_value(outcome, call)
            expected = reference
            if check.function == "gradient_descent":
                actual, expected = descent_result(actual, call)[0], expected[0]
            expect_close(actual, expected, rtol=rtol, atol=atol, call=call)
        except CheckFailure as failure:
            if shrinkable and not failure.not_implemented:
                failure.shrink = shrink_request(check, inputs)
            raise


def shrink_request(check: RubricCheck, inputs: Inputs) -> ShrinkRequest:
    """How to shrink a failing input of this check: compare with the reference on each probe."""
    function = check.function
    descent = function == "gradient_descent"

    def expect(candidate: Inputs) -> Any:
        if not valid_inputs(function, candidate):
            raise ValueError("not an input the contract allows")
        result = reference_result(function, candidate)
        return result[0] if descent else result

    def verdict(candidate: Inputs, expected: Any, outcome: Any) -> Verdict | None:
        rtol, atol = tolerance(function, candidate)
        return compare_with_expected(expected, outcome, rtol, atol,
                                     select=_first_of_pair if descent else None,
                                     whole=PAIR if descent else "")

    return ShrinkRequest(function, inputs, expect, verdict,
                         correct_dependencies=check.correct_dependencies, fresh_only=True)


def valid_inputs(function: str, inputs: Inputs) -> bool:
    """Whether a shrunk input is still one the contract allows (the losses' y and t)."""
    if function not in ("mean_squared_error", "cross_entropy_error"):
        return True
    y, t = inputs["y"], inputs["t"]
    if not (isinstance(y, np.ndarray) and isinstance(t, np.ndarray)) or y.ndim == 0:
        return False
    if np.any(y < 0) or np.any(y > 1):
        return False
    if t.shape == y.shape:  # one-hot: exactly one 1 per row
        return bool(np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=-1) == 1))
    classes = y.shape[-1]
    return function == "cross_entropy_error" and t.shape == y.shape[:-1] and bool(
        np.all((t >= 0) & (t < classes)))


def _first_of_pair(value: Any) -> Any:
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError("not a pair")
    return value[0]


def _seed(text: str) -> int:
    """The check id's public seed (Python's hash() is salted per process): the one in force
    under the kit's published secret, autograder.secret.PUBLIC."""
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


