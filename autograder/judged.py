"""Checks judged once per distinct answer: a group of checks whose replies are, bit for bit, those
a submission that passed the group got, gets that submission's verdicts without judging again.

Grading a class, most submissions pass most functions' checks with the same numbers: the
reference's, or a common correct variant's. With a `CallPlan`, the calls of one function's checks
of one phase are sent ahead (autograder.sandbox.prefetch), so their outcomes are there before the
checks run. A check is a function of what it is given: the outcomes of the calls it makes, and the
outcomes earlier checks kept (`StudentCode.observations`, which it may look up instead of
calling). Where the outcomes of the planned calls and of every observation the group looked up
fingerprint exactly like those of a group that passed (every number's bits, every array's dtype,
shape and bytes, every error's text, the inputs as the call left them), the checks would make the
same calls and reach the same verdicts; so those verdicts, the calls the checks recorded and the
observations they kept are taken instead (`judge_group`). A value the fingerprint cannot read
exactly (a type it does not know) is judged as usual, and so is every failure: only groups whose
checks all passed are kept, so a failure's message, diagnosis and feedback are always computed
for the submission that failed. The time a call took is not part of any verdict and not compared.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from autograder.checks import Observation, StudentCode, StudentState
from autograder.kit import RubricCheck, current_assignment
from autograder.results import CheckResult
from autograder.sandbox.prefetch import CallPlan
from autograder.sandbox.session import CallOutcome, StudentError
from autograder.sandbox.wire import ForeignObject

__all__ = ["fingerprint", "judge_group"]

MAX_KEPT = 8  # distinct passing answers kept per group of checks (a class's common variants)


class _Unreadable(Exception):
    """A value the fingerprint cannot read exactly."""


@dataclass(frozen=True)
class _Judged:
    """A group of checks that all passed, as it was judged."""

    outcomes: bytes  # the fingerprint of its planned calls and their outcomes
    looked_up: tuple[tuple[tuple[str, str], bytes | None], ...]  # each observation looked up, as it was
    results: tuple[CheckResult, ...]  # its verdicts, each with the calls it recorded
    kept: StudentState  # the observations it kept


def judge_group(student: StudentCode, plan: CallPlan, phase: str, function: str,
                checks: Sequence[RubricCheck],
                run_check: Callable[[StudentCode, RubricCheck], CheckResult]) -> list[CheckResult]:
    """The verdicts of `checks` (one function's, one phase's): taken from a group judged alike
    where there is one, else judged by `run_check` (and kept if they all pass)."""
    session = student.session
    planned = plan.calls(function, phase)
    keys = [call.key for call in planned]
    sent = session.sent_ahead(planned) if planned else None
    outcomes = None if sent is None else fingerprint(sent, keys)
    kept: list[_Judged] = plan.judged.setdefault(
        (current_assignment().name, phase, tuple(c.id for c in checks)), [])
    if outcomes is not None:
        for judged in kept:
            if judged.outcomes == outcomes and all(_observation_print(student.observations.get(name)) == seen
                                                   for name, seen in judged.looked_up):
                session.hand_out(planned)
                results = [replace(r, calls=list(r.calls)) for r in judged.results]
                student.keep(judged.kept, [call for r in results for call in r.calls])
                return results
    before, first_call, first_lookup = student.kept(), len(session.calls_made), len(student.looked_up)
    results = [run_check(student, check) for check in checks]
    made = session.calls_made[first_call:]
    if (outcomes is not None and len(kept) < MAX_KEPT and all(r.failure is None for r in results)
            and [c.key for c in made] == keys):
        looked_up = {name: _observation_print(before.observations.get(name))
                     for name in dict.fromkeys(student.looked_up[first_lookup:])}
        if None not in looked_up.values():
            kept.append(_Judged(outcomes, tuple(looked_up.items()),
                                tuple(replace(r, calls=list(r.calls)) for r in results),
                                student.kept_since(before)))
    return results


def _observation_print(observation: Observation | None) -> bytes | None:
    return _fingerprint(lambda digest: _observation(observation, digest))


def _fingerprint(feed: Callable[[Any], object]) -> bytes | None:
    """The digest of what `feed` feeds it; None where it meets a value it cannot read exactly."""
    digest = hashlib.blake2b(digest_size=32)
    try:
        feed(digest)
    except _Unreadable:
        return None
    return digest.digest()


def fingerprint(outcomes: Sequence[CallOutcome], calls: Sequence[bytes] = ()) -> bytes | None:
    """A digest equal for two lists of outcomes (of the calls keyed `calls`: PlannedCall.key)
    only where no check can tell them apart: the same calls, exact types, every bit of every
    number, every array's dtype and shape; None where an outcome holds a value it cannot read
    exactly, or a hang, crash or unreadable reply (the child's state, not an answer)."""
    def feed(digest: Any) -> None:
        digest.update(f"c{len(calls)};".encode())
        for key in calls:
            digest.update(key)
        for outcome in outcomes:
            _outcome(outcome, digest)
    return _fingerprint(feed)


def _observation(observation: Observation | None, digest: Any) -> None:
    if observation is None:
        digest.update(b"-")
        return
    _value(observation.inputs, digest)
    _outcome(observation.outcome, digest)


def _outcome(outcome: CallOutcome, digest: Any) -> None:
    if outcome.error is not None and outcome.error.phase in ("timeout", "reply", "crash"):
        raise _Unreadable  # the child's state, not an answer: judged each time
    _value(outcome.value, digest)
    _value(outcome.error, digest)
    _value(outcome.inputs_after, digest)
    _value(outcome.warnings, digest)


def _value(value: Any, digest: Any) -> None:
    """Feed `value` to `digest` so that values fingerprint alike only when they are the same to
    any check: exact types, every bit of every number."""
    kind = type(value)
    if value is None:
        digest.update(b"N")
    elif kind is bool:
        digest.update(b"T" if value else b"F")
    elif kind is int:
        digest.update(f"i{value};".encode())
    elif kind is float:
        digest.update(f"f{value.hex()};".encode())
    elif kind is str:
        encoded = value.encode("utf-8", "surrogatepass")
        digest.update(f"s{len(encoded)}:".encode())
        digest.update(encoded)
    elif kind is np.ndarray and not value.dtype.hasobject and value.dtype.fields is None:
        digest.update(f"a{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif kind in (list, tuple):
        digest.update(f"{kind.__name__[0]}{len(value)};".encode())
        for item in value:
            _value(item, digest)
    elif kind is dict:
        digest.update(f"d{len(value)};".encode())
        for name, item in value.items():
            _value(name, digest)
            _value(item, digest)
    elif kind is ForeignObject:
        digest.update(b"o")
        _value(value.type_name, digest)
    elif kind is StudentError:
        digest.update(b"e")
        for part in (value.type, value.message, value.phase, value.where):
            _value(part, digest)
    else:
        raise _Unreadable(kind.__name__)
