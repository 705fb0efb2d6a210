"""Hidden checks of the training assignment: random networks against the reference, and the
training loop run with other seeds, sizes and batch sizes. Never shipped to students."""
from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np

from autograder.checks import CheckFailure, StudentCode, check_kind
from autograder.checks.compare import expect_close
from autograder.checks.training import (
    GRADIENT_RTOL,
    KEYS,
    call_method,
    check_gradient,
    describe_call,
    judge_accuracy,
    judge_batches,
    judge_loss,
    judge_updates,
    note_symptom,
    output_symptoms,
    run_training,
    training_settings,
)
from autograder.i18n import N_
from autograder.kit import RubricCheck, current_assignment
from autograder.reference import reference_module
from autograder.secret import hidden_seed

ON_A_RANDOM_NETWORK = N_("{message} on a random network (its inputs stay hidden)")
# no colon: a hidden check keeps what comes before one (autograder.bulk.workers)
IN_A_HIDDEN_RUN = N_("{message} (in a hidden run, with another seed, other sizes and another batch size)")

SIZES = ((3, 4, 2, 6), (7, 5, 4, 1), (6, 3, 5, 2))  # input, hidden, output, batch (one sample too)


def _cases(seed: int) -> Iterator[tuple[dict[str, np.ndarray], dict[str, Any]]]:
    rng = np.random.default_rng(seed)
    for i, h, o, n in SIZES:
        params = {"W1": rng.normal(0, 1.5, (i, h)), "b1": rng.normal(0, 0.5, h),
                  "W2": rng.normal(0, 1.5, (h, o)), "b2": rng.normal(0, 0.5, o)}
        x = rng.uniform(0, 1, (n, i))
        t = np.eye(o, dtype=np.int64)[rng.integers(0, o, n)]
        yield params, {"x": x, "t": t}


def _reference(method: str, params: dict[str, np.ndarray], inputs: dict[str, Any]) -> Any:
    network_class = reference_module("two_layer_net").TwoLayerNet
    network = network_class.__new__(network_class)
    network.params = {k: v.copy() for k, v in params.items()}
    return getattr(network, method)(*inputs.values())


@cache
def _expected(function: str, seed: int) -> list[Any]:
    method = function.rpartition(".")[2]
    return [_reference(method, params, _inputs(function, inputs))
            for params, inputs in _cases(seed)]


def _inputs(function: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"x": inputs["x"]} if function.endswith("predict") else inputs


@check_kind("network_against_reference")
def network_against_reference(student: StudentCode, check: RubricCheck) -> None:
    """predict, loss or accuracy on random networks and batches, against the reference."""
    seed = hidden_seed(41, check.id)  # the instructor's secret in it (autograder.secret)
    for number, ((params, inputs), expected) in enumerate(zip(_cases(seed), _expected(check.function, seed),
                                                             strict=True)):
        inputs = _inputs(check.function, inputs)
        reply = call_method(student, check, check.function, params, inputs,
                            case=f"hidden_{number}")
        try:
            expect_close(reply.value, expected, rtol=1e-9, atol=1e-12,
                         call=describe_call(check.function, params, inputs))
        except CheckFailure as failure:
            note_symptom(student, check.function,
                         *output_symptoms(check.function, reply.value, params, inputs, expected))
            raise CheckFailure(ON_A_RANDOM_NETWORK.format(message=failure.message)) from None


@check_kind("network_gradient_against_reference")
def network_gradient_against_reference(student: StudentCode, check: RubricCheck) -> None:
    """numerical_gradient or gradient on random networks and batch sizes, against the reference."""
    seed = hidden_seed(43, check.id)
    for number, ((params, inputs), expected) in enumerate(zip(_cases(seed), _expected(check.function, seed),
                                                             strict=True)):
        try:
            check_gradient(student, check, check.function, params, inputs,
                           {k: expected[k] for k in KEYS}, f"hidden_{number}", GRADIENT_RTOL)
        except CheckFailure as failure:
            raise CheckFailure(ON_A_RANDOM_NETWORK.format(message=failure.message),
                               actual=failure.actual,
                               not_implemented=failure.not_implemented) from None


@check_kind("train_hidden_runs")
def train_hidden_runs(student: StudentCode, check: RubricCheck) -> None:
    """The loop again with other seeds, sizes, batch sizes and learning rates: random batches,
    every parameter updated, the loss falling, the test accuracy reached."""
    settings = training_settings()
    with (current_assignment().data_dir / "hidden_runs.toml").open("rb") as file:
        runs = tomllib.load(file)["runs"]
    for number, run_settings in enumerate(runs):
        run = run_training(student, run_settings, f"hidden_run_{number}")
        try:
            if not isinstance(run.log, dict):
                raise CheckFailure("the network passed to train was not used")
            judge_batches(student, check, run, run.log)
            judge_updates(student, check, run, run.log)
            judge_loss(student, check, run)
            judge_accuracy(student, check, run, settings["min_test_accuracy"])
        except CheckFailure as failure:
            raise CheckFailure(IN_A_HIDDEN_RUN.format(message=failure.message),
                               expected=failure.expected, actual=failure.actual,
                               not_implemented=failure.not_implemented) from None
