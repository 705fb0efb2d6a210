"""Which calls to send to the sandbox ahead of time, in one request.

Checks call the student's functions one at a time, and each call is a round trip to the
sandbox: a message each way and two process wake-ups, which cost more than most calls
themselves. But for a submission that passes a function's checks, the checks make the same
calls every time: their inputs are known values and seeded random arrays, never a student's
output. So a `CallPlan` remembers, per exercise function and phase, the calls its checks made
for the last submission that passed them all, and the session sends them all ahead, in batches
(`SubmissionSession.prefetch`): the child makes them while the judge judges the replies.
Grading runs in two phases (autograder.grading): every public check of every function, then
every hidden check; each phase is learnt and sent on its own, so no hidden input reaches the
child before the last public check has its reply.

A plan is only a hint. An outcome is handed out only to a call with exactly the same function,
dependencies and inputs (compared by `PlannedCall.key`), so a stale or wrong plan costs time,
never a grade; a call the plan did not foresee goes to the sandbox as before. One difference
remains: calls a failing check would not have reached still run, so a function that keeps
state from call to call may see more calls than it would have, call by call.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["HIDDEN", "PHASES", "PUBLIC", "CallPlan", "PlannedCall"]

PUBLIC, HIDDEN = "public", "hidden"  # the phases of grading, in the order they run
PHASES = (PUBLIC, HIDDEN)


@dataclass(frozen=True)
class PlannedCall:
    """One call of a student's function: what the sandbox needs to make it, and its identity."""

    module: str
    function: str
    inputs: dict[str, Any] = field(compare=False)
    function_inputs: tuple[str, ...] = ()
    dependencies: tuple[tuple[str, str], ...] = ()
    # the reference's source, where the dependencies need it: not part of the key (the call
    # names it by its digest, and the session sends it to each child once: wire.with_sources)
    reference: str = field(default="", compare=False, repr=False)
    key: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(repr((self.module, self.function, self.function_inputs,
                            self.dependencies)).encode())
        _fingerprint(self.inputs, digest)
        object.__setattr__(self, "key", digest.digest())


def _fingerprint(value: Any, digest: Any) -> None:
    """Feed `value` to `digest` so that inputs fingerprint alike only when they are alike."""
    if isinstance(value, np.ndarray):
        digest.update(f"a{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        digest.update(f"d{len(value)}".encode())
        for name, item in value.items():
            digest.update(f"k{name!r}".encode())
            _fingerprint(item, digest)
    else:
        digest.update(f"v{type(value).__name__}:{value!r};".encode())


class CallPlan:
    """Per exercise function and phase, the calls its checks of that phase made for the last
    submission passing them all.

    One plan serves one grading process for all the submissions it grades: the first submission
    is graded call by call and teaches the plan; later ones get their calls sent ahead.
    """

    def __init__(self) -> None:
        self._calls: dict[tuple[str, str], tuple[PlannedCall, ...]] = {}
        # what the judge keeps of the checks it judged on these calls' replies, for the
        # submissions this plan serves (autograder.judged): never read here
        self.judged: dict[Any, Any] = {}

    def calls(self, function: str, phase: str) -> tuple[PlannedCall, ...]:
        return self._calls.get((function, phase), ())

    def learn(self, function: str, phase: str, calls: Iterable[PlannedCall]) -> None:
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}: one of {PHASES}")
        self._calls[(function, phase)] = tuple(calls)
