"""One submission's sandboxed process, seen from the grading process.

A `SubmissionSession` starts the child lazily, imports each module once (with a timeout, so an
endless loop at import costs that module only), forwards calls with a wall-clock limit, and
kills and restarts the child when it hangs, crashes or misbehaves. The judge only ever sees
`CallOutcome`s built from plain data by `wire`. The code a call's correct dependencies come
from crosses to each child once (`wire.with_sources`): the session records, per child, the
digests it has sent, calls sent ahead included, and a child started afresh is sent them again.
Whatever reference code a child was sent, the student's code there can read and keep (a
helper's attack found the reference class through the garbage collector and took full marks
with it), so the session never sends a call to a child holding the reference of the function
the call judges (`defined_by`): that call, and the ones after it, go to a fresh child.
The child process itself, and how it is reached, are `autograder.sandbox.process`'s; the
launchers that isolate it, `isolation`'s.
"""
from __future__ import annotations

import ast
import difflib
import itertools
import secrets
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from autograder.i18n import N_
from autograder.sandbox.limits import START_SECONDS, Limits
from autograder.sandbox.prefetch import PlannedCall
from autograder.sandbox.process import (
    ChildGone,
    ChildHandle,
    Launcher,
    ProcessLauncher,
    SocketChild,
    describe_exit,
)
from autograder.sandbox.wire import (
    Framed,
    MalformedReply,
    SharedInputs,
    batch_message,
    call_body,
    decode_value,
    source_digest,
    with_sources,
)

__all__ = ["CallOutcome", "ChildGone", "ChildHandle", "Launcher", "Limits", "ProcessLauncher",
           "SocketChild", "StudentError", "SubmissionSession", "describe_exit"]


@dataclass(frozen=True)
class StudentError:
    """Why a call produced no value: the student's exception, a timeout, a crash, a bad reply."""

    type: str
    message: str
    phase: str  # "import", "call", "missing", "timeout", "crash", "reply"
    where: str = ""

    @property
    def not_implemented(self) -> bool:
        return self.type == "NotImplementedError"

    def describe(self) -> str:
        if self.phase == "missing":
            return self.message
        if self.phase in ("timeout", "crash", "reply"):
            return self.message
        text = f"{self.type}: {self.message}" if self.message else self.type
        template = {(True, True): N_("raised {error} while importing the module ({where})"),
                    (True, False): N_("raised {error} while importing the module"),
                    (False, True): N_("raised {error} ({where})"),
                    (False, False): N_("raised {error}")}[(self.phase == "import", bool(self.where))]
        return template.format(error=text, where=self.where)


@dataclass
class CallOutcome:
    """What one call of a student's function gave: a value or an error, and its inputs after."""

    value: Any = None
    error: StudentError | None = None
    inputs_after: dict[str, np.ndarray] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class _Pending:
    """A call sent ahead whose reply is not read yet; its inputs sit in its batch's `shared`."""

    planned: PlannedCall
    request_id: str
    shared: SharedInputs
    call: str
    last: bool  # the batch's last call: its memory file can go once this reply is read


MAX_BATCH = 64  # calls per prefetch request (their memory files travel in one message)


class SubmissionSession:
    """Calls into one submission's code, each call isolated from the judge.

    `prefetch` sends the calls the checks are going to make, in batches, without waiting; the
    child answers them one by one while the judge works, each reply due within the time limit
    of a call, and `call` hands out those outcomes to exactly the same calls (see
    `autograder.sandbox.prefetch`). The parent still reads every array input back itself, as
    each reply is read; the child holds the batch's inputs meanwhile. `enter_hidden_phase` and
    `leave_hidden_phase` bracket the hidden checks: the child that saw their inputs is ended
    after them, and nothing it said is used again.
    """

    def __init__(self, folder: Path, launcher: Launcher | None = None,
                 limits: Limits | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.launcher = launcher or ProcessLauncher()
        self.limits = limits or Limits()
        self._child: ChildHandle | None = None
        self._imported: set[str] = set()
        self._sources_sent: set[str] = set()  # digests of the sources the current child was sent
        self._holds: set[str] = set()  # the exercise functions whose reference it holds (defined_by)
        self._asides = 0  # inside `aside`: calls for what is shown, which earn no point
        self._dead_modules: dict[str, StudentError] = {}
        # keyed by the function and its substituted dependencies: a hang in the student's own
        # numerical_gradient must not fail gradient_descent when judged with a correct one
        self._dead_functions: dict[tuple[str, tuple], StudentError] = {}
        self._past_ids: set[str] = set()
        # a request's id: this session's random prefix and a count (one random draw per call
        # cost more than some calls); replies are matched by id, so an id is never reused
        self._id_prefix, self._ids = secrets.token_hex(6), itertools.count()
        self._prefetched: dict[bytes, deque[CallOutcome]] = {}  # outcomes of calls sent ahead
        self._pending: deque[_Pending] = deque()  # calls sent ahead whose reply is not read yet
        self._pending_keys: Counter[bytes] = Counter()
        self.calls_made: list[PlannedCall] = []  # in order, for a `CallPlan` to learn from
        # what the session knew of failures before the child saw a hidden input (see
        # `enter_hidden_phase`); None outside the hidden phase
        self._before_hidden: tuple[dict, dict] | None = None

    def __enter__(self) -> SubmissionSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._forget_pending()
        if self._child is not None:
            self._child.kill()
            self._child = None
            self._imported.clear()
        self._holds.clear()

    def _fresh_child_for(self, planned: PlannedCall) -> None:
        """End the child (once the calls sent ahead are read) if it holds the reference of the
        function `planned` judges: the next one starts with nothing. Not for a call `aside`:
        what it shows earns no point, and a fresh child per plot would cost a class run dearly."""
        if planned.function in self._holds and not self._asides:
            self._collect()
            self.close()

    def _untainted(self, calls: Sequence[PlannedCall]) -> int:
        """How many of `calls`, from the first, can go to the current child in one go: none
        judges a function whose reference the child holds or would be sent with them."""
        if self._asides:
            return len(calls)
        holds, judged = set(self._holds), set[str]()
        for count, planned in enumerate(calls):
            if planned.reference:
                holds |= defined_by(planned.reference)
            judged.add(planned.function)
            if not judged.isdisjoint(holds):
                return count
        return len(calls)

    def source(self, module: str) -> str:
        """The text of the submission's `module` as the grader holds it (its first MiB; "" where
        it cannot be read): what the diagnosis matches its models' lines against."""
        try:
            with open(self.folder / f"{module}.py", "rb") as file:
                return file.read(MAX_SOURCE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def enter_hidden_phase(self) -> None:
        """The calls that follow carry hidden inputs: whatever the child says from now on, and
        whatever it leaves behind, is the hidden checks' only (see `leave_hidden_phase`)."""
        if self._before_hidden is None:
            self._before_hidden = (dict(self._dead_modules), dict(self._dead_functions))

    @property
    def in_hidden_phase(self) -> bool:
        return self._before_hidden is not None

    def leave_hidden_phase(self) -> None:
        """End the child that has seen hidden inputs, so that the next call starts a fresh one
        (lazily: none if no call follows) that never receives one. The outcomes it computed
        ahead are dropped, and the failures learnt meanwhile forgotten: their words (an exit
        status, a module's import error) came from a child that had seen hidden inputs."""
        if self._before_hidden is None:
            return
        self.close()
        self._prefetched.clear()
        dead_modules, dead_functions = self._before_hidden
        self._dead_modules, self._dead_functions = dict(dead_modules), dict(dead_functions)
        self._before_hidden = None

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Calls made for what is shown, not for a grade (plots, a diagnosis's observations, a
        counterexample), between the phases: a hang or an import failure they meet is not kept
        as a known failure that later checks would inherit."""
        saved = dict(self._dead_modules), dict(self._dead_functions)
        self._asides += 1
        try:
            yield
        finally:
            self._asides -= 1
            self._dead_modules, self._dead_functions = saved

    def call(self, module: str, function: str, inputs: dict[str, Any], *,
             function_inputs: tuple[str, ...] = (),
             dependencies: dict[str, str] | None = None, reference: str = "") -> CallOutcome:
        """Call `module.function(**inputs)` in the sandbox; `function_inputs` name test functions,
        `reference` is the source of the correct functions the dependencies name."""
        planned = PlannedCall(module, function, inputs, function_inputs,
                              tuple(sorted((dependencies or {}).items())), reference)
        self.calls_made.append(planned)
        key = (function, planned.dependencies)
        known_failure = self._known_failure(planned)
        if known_failure is not None:
            return CallOutcome(error=known_failure)
        if self._pending_keys[planned.key] and not self._prefetched.get(planned.key):
            self._collect(until=planned.key)
        if self._prefetched.get(planned.key):
            return self._sent_outcome(planned)
        self._fresh_child_for(planned)
        for attempt in range(2):
            import_error = self._import(module)
            if import_error is not None:
                return CallOutcome(error=import_error)
            shared = SharedInputs()
            try:
                request = _call_request(planned, shared)
                reply, failure = self._exchange(request, self.limits.call_seconds, function,
                                                shared.fds(), _sources([planned]))
                if failure is not None and failure.phase == "crash" and attempt == 0:
                    continue  # the crash may belong to an earlier call: once more, fresh child
                if failure is not None:
                    self._dead_functions[key] = failure
                    return CallOutcome(error=failure)
                outcome = self._outcome(reply, planned)
                outcome.inputs_after = shared.read_back()  # observed here, never reported
                return outcome
            finally:
                shared.close()
        raise AssertionError("unreachable")

    def prefetch(self, calls: Sequence[PlannedCall]) -> None:
        """Send `calls` to the child now, in batches, and return at once: the child makes them
        while the judge works, and `call` collects their outcomes in order as it needs them.

        Calls of a module that does not import, or of a function already known to fail, are
        not sent. Collecting stops at the first call that hangs (its timeout is kept as that
        call's outcome, so the hang costs its time once) or crashes the child (that call and
        the rest are left to `call`, which retries a crash in a fresh child as it always does).
        """
        while calls:
            for module in dict.fromkeys(c.module for c in calls):
                self._import(module)  # with the time an import gets, not a call's
            calls = [c for c in calls if self._known_failure(c) is None]
            if self._child is None or any(c.module not in self._imported for c in calls):
                return  # an import restarted the child: leave these calls to `call`
            count = self._untainted(calls)
            if count == 0:
                if calls[0].function not in self._holds:  # its own reference defines it
                    return  # (never, as reference_source cuts it): left to `call`
                self._fresh_child_for(calls[0])
                continue
            for first in range(0, count, MAX_BATCH):
                if not self._send_batch(calls[first:min(first + MAX_BATCH, count)]):
                    return
            calls = calls[count:]

    def sent_ahead(self, calls: Sequence[PlannedCall]) -> list[CallOutcome] | None:
        """The outcomes `call` would hand out for `calls`, made in this order, all of them sent
        ahead by `prefetch`: read (waiting for their replies) but not handed out. None where
        one of them would not come from a reply sent ahead (not sent, a function known to
        fail, the child gone)."""
        taken: Counter[bytes] = Counter()
        outcomes = []
        for planned in calls:
            if self._known_failure(planned) is not None:
                return None
            before = taken[planned.key]
            taken[planned.key] += 1
            while len(self._prefetched.get(planned.key, ())) <= before and self._pending_keys[planned.key]:
                self._collect(until=planned.key)
            waiting = self._prefetched.get(planned.key, deque())
            if len(waiting) <= before:
                return None
            outcomes.append(waiting[before])
        return outcomes

    def hand_out(self, calls: Sequence[PlannedCall]) -> None:
        """Take the outcomes `sent_ahead(calls)` returned as `call` would have: once each, the
        calls recorded as made."""
        for planned in calls:
            self.calls_made.append(planned)
            self._sent_outcome(planned)

    def _known_failure(self, planned: PlannedCall) -> StudentError | None:
        """Why `planned` fails without being made: its module does not import, or its function
        (with these dependencies) hung or sent an unreadable reply before."""
        return (self._dead_modules.get(planned.module)
                or self._dead_functions.get((planned.function, planned.dependencies)))

    def _sent_outcome(self, planned: PlannedCall) -> CallOutcome:
        """The next outcome sent ahead for `planned`'s key, handed out: a hang or an unreadable
        reply fails the function's later calls at once, as it would have failed this one."""
        outcome = self._prefetched[planned.key].popleft()
        if outcome.error is not None and outcome.error.phase in ("timeout", "reply"):
            self._dead_functions[(planned.function, planned.dependencies)] = outcome.error
        return outcome

    def _send_batch(self, calls: Sequence[PlannedCall]) -> bool:
        encoded = _encoded_batch(calls)
        shared = encoded.shared.replica()
        ids = [self._new_id() for _ in calls]
        failure = self._send(batch_message(encoded.bodies, ids, shared.size), calls[0].function,
                             shared.fds(), _sources(calls))
        if failure is not None:
            shared.close()
            return False
        for i, (planned, request_id) in enumerate(zip(calls, ids, strict=True)):
            self._pending.append(_Pending(planned, request_id, shared, str(i),
                                          last=i == len(calls) - 1))
            self._pending_keys[planned.key] += 1
        return True

    def _collect(self, until: bytes | None = None) -> None:
        """Read the replies to calls sent ahead, in order: up to the call keyed `until`, or all."""
        while self._pending:
            pending = self._pending.popleft()
            self._pending_keys[pending.planned.key] -= 1
            reply, failure = self._await(pending.request_id, self.limits.call_seconds,
                                         pending.planned.function)
            if failure is not None:
                if failure.phase != "crash":
                    self._keep(pending.planned, CallOutcome(error=failure))
                pending.shared.close()
                self._forget_pending()
                return
            outcome = self._outcome(reply, pending.planned)
            outcome.inputs_after = pending.shared.read_back(pending.call)  # as its reply arrives
            self._keep(pending.planned, outcome)
            if pending.last:
                pending.shared.close()
            if pending.planned.key == until:
                return

    def _forget_pending(self) -> None:
        """Drop the calls sent ahead that will get no reply (the child is gone)."""
        for pending in self._pending:
            if pending.last:
                pending.shared.close()
        self._pending.clear()
        self._pending_keys.clear()

    def _keep(self, planned: PlannedCall, outcome: CallOutcome) -> None:
        self._prefetched.setdefault(planned.key, deque()).append(outcome)

    def _import(self, module: str) -> StudentError | None:
        if module in self._dead_modules:
            return self._dead_modules[module]
        if module in self._imported and self._child is not None:
            return None
        request = {"op": "import", "module": module}
        for attempt in range(2):
            reply, failure = self._exchange(request, max(self.limits.import_seconds,
                                                         self.limits.call_seconds),
                                            N_("importing {module}.py").format(module=module))
            if failure is not None and failure.phase == "crash" and attempt == 0:
                continue
            break
        if failure is None and not reply.get("ok"):
            failure = _student_error(reply.get("error"), module, IMPORT_PHASES)
        if failure is not None:
            self._dead_modules[module] = failure
            return failure
        self._imported.add(module)
        preload = getattr(self.launcher, "preload_matplotlib", None)  # a fork server's
        if reply.get("matplotlib") is True and preload is not None:
            preload()  # the next submissions (the same student's class) import it at no cost
        return None

    def _exchange(self, request: dict, seconds: float, what: str, fds: Sequence[int] = (),
                  sources: Mapping[str, str] | None = None) -> tuple[dict, StudentError | None]:
        self._collect()  # the child answers in order: first what was sent ahead
        request = {**request, "id": self._new_id()}
        failure = self._send(request, what, fds, sources)
        if failure is not None:
            return {}, failure
        return self._await(request["id"], seconds, what)

    def _send(self, request: dict | Framed, what: str, fds: Sequence[int] = (),
              sources: Mapping[str, str] | None = None) -> StudentError | None:
        """Send `request` to the child, starting one first if there is none, with those of
        `sources` (digest -> source, the ones its calls name) this child was not sent yet."""
        if self._child is not None and not self._pending and self._child.pending():
            self._lose_child("crash", "")  # it spoke out of turn or ended: start afresh
        if self._child is None:
            try:
                self._child = self.launcher.start(self.folder, self.limits)
                ready = self._child.receive(START_SECONDS)
            except (ChildGone, OSError) as error:
                return self._lose_child("crash", N_("the grading sandbox could not start ({error})").format(
                    error=error))
            if not isinstance(ready, dict) or not ready.get("ready"):
                reason = str(ready.get("error", ""))[:300] if isinstance(ready, dict) else ""
                return self._lose_child("crash", "the grading sandbox did not start"
                                        + (f" ({reason})" if reason else ""))
            self._sources_sent = set()  # a new child: it has been sent nothing
            self._holds = set()
        unsent = {digest: source for digest, source in (sources or {}).items()
                  if digest not in self._sources_sent}
        try:
            self._child.send(with_sources(request, unsent), fds)
        except ChildGone as error:
            return self._child_died(what, error)
        self._sources_sent.update(unsent)  # the child reads its messages in order: it has them
        for source in unsent.values():
            self._holds |= defined_by(source)
        return None

    def _new_id(self) -> str:
        return f"{self._id_prefix}{next(self._ids):x}"

    def _await(self, request_id: str, seconds: float, what: str) -> tuple[dict, StudentError | None]:
        """The child's reply to the request `request_id`, within `seconds`."""
        if self._child is None:
            gone = N_("{what}: the grading sandbox is gone").format(what=what)
            return {}, StudentError("Crash", gone, "crash")
        deadline = time.monotonic() + seconds
        try:
            reply = self._child.receive(seconds)
            while isinstance(reply, dict) and reply.get("id") in self._past_ids:
                reply = self._child.receive(max(0.0, deadline - time.monotonic()))  # a late reply
        except ChildGone as error:
            return {}, self._child_died(what, error)
        if reply is None:
            return {}, self._lose_child(
                "timeout", N_("{what} did not finish within {seconds} s: look for an endless loop or a very "
                              "slow step").format(what=what, seconds=f"{seconds:g}"), type_="Timeout")
        self._past_ids.add(request_id)
        if not isinstance(reply, dict) or reply.get("id") != request_id:
            return {}, self._lose_child("reply", N_("{what}: the sandbox sent an unreadable reply").format(
                what=what))
        return reply, None

    def _child_died(self, what: str, error: ChildGone) -> StudentError:
        how = self._child.kill() if self._child is not None else N_("ended")
        self._child = None
        self._imported.clear()
        message = N_("{what}: the process running your code {how} ({error}); look for os._exit, sys.exit "
                     "or a crash")
        return StudentError("Crash", message.format(what=what, how=how, error=error), "crash")

    def _lose_child(self, phase: str, message: str, type_: str = "Crash") -> StudentError:
        if self._child is not None:
            self._child.kill()
        self._child = None
        self._imported.clear()
        return StudentError(type_, message, phase)

    def _outcome(self, reply: dict, planned: PlannedCall) -> CallOutcome:
        try:
            outcome = CallOutcome(warnings=[str(w)[:200] for w in reply.get("warnings", [])][:5],
                                  seconds=float(reply.get("seconds", 0.0)))
            if reply.get("ok"):
                outcome.value = decode_value(reply.get("value"))
            else:
                outcome.error = _student_error(
                    reply.get("error"), planned.module, CALL_PHASES, planned.function,
                    source_digest(planned.reference) if planned.reference else "")
        except (MalformedReply, TypeError, ValueError, RecursionError) as error:
            return CallOutcome(error=StudentError(
                "MalformedReply", f"the sandbox reply was malformed: {error}", "reply"))
        return outcome


def _call_request(planned: PlannedCall, shared: SharedInputs, call: str = "") -> dict:
    """The child's request for one call; array inputs go to `shared`, filed under `call`."""
    return {"op": "call", "module": planned.module, "function": planned.function,
            "inputs": {name: shared.encode(name, value, call)
                       for name, value in planned.inputs.items()},
            "shared_bytes": shared.size, "function_inputs": list(planned.function_inputs),
            "dependencies": dict(planned.dependencies),
            **({"reference": source_digest(planned.reference)} if planned.reference else {})}


@dataclass(frozen=True)
class _EncodedBatch:
    """A batch of calls as the child reads it, but for the ids: each call's JSON, and the layout
    and bytes of their array inputs (`SharedInputs.replica` gives each child its own copy)."""

    bodies: tuple[bytes, ...]
    shared: SharedInputs


ENCODED_BATCHES = 32  # batches kept encoded: a plan's few, per assignment, per phase
_encoded: OrderedDict[tuple, _EncodedBatch] = OrderedDict()


def _encoded_batch(calls: Sequence[PlannedCall]) -> _EncodedBatch:
    """`calls` encoded once per grading process: every submission passing the same checks gets
    the same batches (`CallPlan`). Keyed by each call's identity (its key: function,
    dependencies, inputs) and the digest of the reference it names."""
    key = tuple((c.key, source_digest(c.reference) if c.reference else "") for c in calls)
    found = _encoded.get(key)
    if found is None:
        shared = SharedInputs()
        found = _EncodedBatch(tuple(call_body(_call_request(c, shared, call=str(i)))
                                    for i, c in enumerate(calls)), shared)
        _encoded[key] = found
        if len(_encoded) > ENCODED_BATCHES:
            _encoded.popitem(last=False)
    return found


MAX_SOURCE_BYTES = 1 << 20  # of a module read by `SubmissionSession.source`: the contract's are a few KB


@lru_cache(maxsize=64)
def defined_by(source: str) -> frozenset[str]:
    """The exercise functions reference `source` holds: its functions, "Class.method" for each
    method of a class, and "Class" (the constructor) where it holds __init__."""
    names: set[str] = set()
    try:
        body = ast.parse(source).body
    except SyntaxError:  # the student bundle's noted values are data: they define nothing
        return frozenset()
    for statement in body:
        if isinstance(statement, ast.FunctionDef):
            names.add(statement.name)
        elif isinstance(statement, ast.ClassDef):
            for method in statement.body:
                if isinstance(method, ast.FunctionDef):
                    names.add(f"{statement.name}.{method.name}")
                    if method.name == "__init__":
                        names.add(statement.name)
    return frozenset(names)


def _sources(calls: Sequence[PlannedCall]) -> dict[str, str]:
    """The sources `calls` name (digest -> source), for `SubmissionSession._send` to send once."""
    return {source_digest(c.reference): c.reference for c in calls if c.reference}


# The phases a child may report: its reply is the student's to forge, so a timeout, a crash or
# an unreadable reply is only ever what this process saw itself, and an import only fails when
# it is imported. A forged phase would carry the student's own text where a hidden check's
# feedback keeps the sandbox's words (autograder.bulk.workers.hide_hidden_inputs).
IMPORT_PHASES = ("import",)
CALL_PHASES = ("call", "missing")
# A child can make this claim about the digest its call named too: the words say what it said.
UNKNOWN_SOURCE = N_("the sandbox says it was never sent the reference code {digest} this call names (if so, "
                    "an error of the grader, not of the submission: please report it)")


def _student_error(description: Any, module: str, phases: tuple[str, ...],
                   function: str = "", named: str = "") -> StudentError:
    """The error a reply describes; `named`: the digest of the reference code the call named,
    the only one whose absence the grading process words itself (UNKNOWN_SOURCE)."""
    if not isinstance(description, dict):
        return StudentError("MalformedReply", "the sandbox reply was malformed", "reply")
    phase = str(description.get("phase", ""))
    if phase not in phases:
        phase = phases[0]
    if phase == "missing":
        return _missing_function(description, module, function)
    if named and description.get("unknown_source") == named:  # wire.UnknownSource, as told
        return StudentError("UnknownSource", UNKNOWN_SOURCE.format(digest=named), phase)
    return StudentError(str(description.get("type", "Error"))[:80],
                        str(description.get("message", ""))[:500], phase,
                        str(description.get("where", ""))[:300])


def _missing_function(description: dict, module: str, wanted: str) -> StudentError:
    """A function the module does not define, with the closest name it does define (the
    message is made here, from the function asked for: the child's own words are not used)."""
    message = N_("{module}.py defines no function {function}").format(module=module, function=wanted)
    callables = description.get("callables")
    names = [str(n)[:80] for n in callables[:200]] if isinstance(callables, list) else []
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    if close and close[0] != wanted:
        message = N_("{module}.py defines no function {function} (did you mean {close}? rename it)").format(
            module=module, function=wanted, close=close[0])
    return StudentError("MissingFunction", message, "missing")
