"""The code correct dependencies come from crosses to each sandboxed child once (wire.py, sources).

A call judged with correct dependencies names that code (the reference's functions; in the
student bundle a table of their values, about 250 KB for the training assignment) by its digest.
The first message to a child that needs it carries it, later ones only the digest; a child
started afresh (after a crash, after the hidden phase, after calls sent ahead were dropped) is
sent it again; a digest a child was never sent is an error reply of that call.
"""
from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pytest

from autograder.grading import grade_submission
from autograder.i18n import translated, using_language
from autograder.kit import KIT_ROOT
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.prefetch import CallPlan, PlannedCall
from autograder.sandbox.session import SubmissionSession
from autograder.sandbox.wire import Framed, SourceStore, UnknownSource, frame, source_digest
from conftest import reference_with

# A "correct" sigmoid that is recognisably this source's (0.5 everywhere), and some weight: the
# size of the training assignment's table of dependency values in the student bundle.
SOURCE = ("import numpy as np\n"
          "def sigmoid(x):\n    return np.full_like(np.asarray(x, dtype=float), 0.5)\n"
          "def identity_function(x):\n    return x\n"
          f"PADDING = {'0123456789' * 25_000!r}\n")
DIGEST = source_digest(SOURCE)
NETWORK = {"W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "b1": np.array([0.1, 0.2, 0.3]),
           "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]), "b2": np.array([0.1, 0.2]),
           "W3": np.array([[0.1, 0.3], [0.2, 0.4]]), "b3": np.array([0.1, 0.2])}
DEPENDENCIES = {"sigmoid": "correct_sigmoid", "identity_function": "correct_identity_function"}
CRASH = "def step_function(x):\n    import os\n    os._exit(3)\n"


def with_this_sigmoid(x: np.ndarray) -> np.ndarray:
    """forward(NETWORK, x) when sigmoid is SOURCE's: every hidden unit is 0.5."""
    hidden = np.full((*x.shape[:-1], 2), 0.5)
    return hidden @ NETWORK["W3"] + NETWORK["b3"]


class SpyLauncher:
    """A launcher that keeps every message sent to each child it started, in order."""

    def __init__(self, launcher, strip_sources: bool = False) -> None:
        self.launcher, self.account = launcher, launcher.account
        self.strip_sources = strip_sources
        self.sent: dict[int, list[dict]] = defaultdict(list)
        self.starts = 0

    def start(self, folder, limits):
        number, self.starts = self.starts, self.starts + 1
        child = self.launcher.start(folder, limits)
        send = child.send

        def spied(message, fds=()):
            if isinstance(message, Framed):  # a batch made once: what the child reads
                message = json.loads(message.body)
            if self.strip_sources:  # a judge that forgot to send them
                message = {k: v for k, v in message.items() if k != "sources"}
            self.sent[number].append(message)
            return send(message, fds)

        child.send = spied
        return child

    def bytes_sent(self) -> int:
        return sum(len(frame(m, allow_nan=True)) for messages in self.sent.values() for m in messages)


def names(message: dict, digest: str) -> bool:
    calls = message.get("calls", [message])
    return any(call.get("reference") == digest for call in calls)


def assert_sent_once_per_child(spy: SpyLauncher, digest: str) -> list[int]:
    """Each child that was asked for `digest` got its source once, with the first message that
    named it; the children that got it."""
    given = []
    for child, messages in spy.sent.items():
        carried = [i for i, m in enumerate(messages) if digest in m.get("sources", {})]
        named = [i for i, m in enumerate(messages) if names(m, digest)]
        assert carried == named[:1], (child, carried, named)
        given += [child] if carried else []
    return given


@pytest.fixture(scope="module")
def launcher():
    with make_launcher("best") as launcher:
        yield launcher


def forward(session: SubmissionSession, x: np.ndarray):
    return session.call("network", "forward", {"network": NETWORK, "x": x},
                        dependencies=DEPENDENCIES, reference=SOURCE)


def test_a_source_crosses_to_a_child_once_however_many_calls_name_it(launcher):
    spy = SpyLauncher(launcher)
    xs = [np.array([1.0, 0.5 + i]) for i in range(10)]
    with SubmissionSession(KIT_ROOT / "solutions", spy) as session:
        outcomes = [forward(session, x) for x in xs]
    assert [o.error for o in outcomes] == [None] * len(xs)
    for outcome, x in zip(outcomes, xs, strict=True):
        np.testing.assert_allclose(outcome.value, with_this_sigmoid(x))  # the source's sigmoid
    assert spy.starts == 1 and assert_sent_once_per_child(spy, DIGEST) == [0]
    assert len(SOURCE) < spy.bytes_sent() < len(SOURCE) + 20_000  # ten calls, one source


def test_a_batch_sent_ahead_carries_the_source_once_and_later_calls_only_its_digest(launcher):
    spy = SpyLauncher(launcher)
    xs = [np.array([[1.0, 0.5 + i]]) for i in range(5)]
    planned = [PlannedCall("network", "forward", {"network": NETWORK, "x": x}, (),
                           tuple(sorted(DEPENDENCIES.items())), SOURCE) for x in xs]
    with SubmissionSession(KIT_ROOT / "solutions", spy) as session:
        session.prefetch(planned)
        session.prefetch(planned)  # a second batch to the same child: the digest only
        outcomes = [forward(session, x) for x in xs + xs + [np.array([3.0, 4.0])]]
    assert all(o.ok for o in outcomes)
    np.testing.assert_allclose(outcomes[-1].value, with_this_sigmoid(np.array([3.0, 4.0])))
    batches = [m for m in spy.sent[0] if m.get("op") == "batch"]
    assert len(batches) == 2 and DIGEST in batches[0]["sources"] and "sources" not in batches[1]
    assert assert_sent_once_per_child(spy, DIGEST) == [0]


def test_a_child_started_afresh_is_sent_the_source_again(launcher, tmp_path):
    """After a crash (the session retries in a fresh child) and after the hidden phase (its child
    is ended), the next child knows nothing: it gets the source with the first call naming it."""
    spy = SpyLauncher(launcher)
    x = np.array([1.0, 0.5])
    with SubmissionSession(reference_with(tmp_path, "activations", CRASH), spy) as session:
        first = forward(session, x)
        crashed = session.call("activations", "step_function", {"x": np.zeros(2)})
        after_crash = forward(session, x)
        session.enter_hidden_phase()
        hidden = forward(session, x + 1)
        session.leave_hidden_phase()
        after_hidden = forward(session, x)
    assert crashed.error is not None and crashed.error.phase == "crash"
    for outcome, given in ((first, x), (after_crash, x), (hidden, x + 1), (after_hidden, x)):
        assert outcome.ok, outcome.error
        np.testing.assert_allclose(outcome.value, with_this_sigmoid(given))
    # child 0: the first forward, then the crash; 1: the crash retried; 2: forward and the
    # hidden phase; 3: the fresh child after it
    assert spy.starts == 4
    assert assert_sent_once_per_child(spy, DIGEST) == [0, 2, 3]


def test_calls_sent_ahead_and_dropped_with_a_crashed_child_leave_the_next_child_the_source(
        launcher, tmp_path):
    """The batch that carried the source dies with its child; the calls it held are made again,
    by a fresh child, which is sent the source again (the session does not count it as sent)."""
    spy = SpyLauncher(launcher)
    xs = [np.array([1.0, 0.5]), np.array([2.0, 0.5])]
    crash = PlannedCall("activations", "step_function", {"x": np.zeros(2)})
    planned = [PlannedCall("network", "forward", {"network": NETWORK, "x": x}, (),
                           tuple(sorted(DEPENDENCIES.items())), SOURCE) for x in xs]
    with SubmissionSession(reference_with(tmp_path, "activations", CRASH), spy) as session:
        session.prefetch([planned[0], crash, planned[1]])
        first = forward(session, xs[0])
        crashed = session.call("activations", "step_function", {"x": np.zeros(2)})
        second = forward(session, xs[1])  # sent ahead, dropped with the child: made anew
    assert crashed.error is not None and crashed.error.phase == "crash"
    for outcome, x in ((first, xs[0]), (second, xs[1])):
        assert outcome.ok, outcome.error
        np.testing.assert_allclose(outcome.value, with_this_sigmoid(x))
    given = assert_sent_once_per_child(spy, DIGEST)
    assert given[0] == 0 and len(given) == 2  # the batch's child, then the one that made forward


def test_a_digest_the_child_was_never_sent_is_an_error_reply_not_a_crash(launcher):
    spy = SpyLauncher(launcher, strip_sources=True)
    with SubmissionSession(KIT_ROOT / "solutions", spy) as session:
        unknown = forward(session, np.array([1.0, 0.5]))
        relu = session.call("activations", "relu", {"x": np.array([-1.0, 2.0])})
    assert unknown.error is not None
    assert (unknown.error.type, unknown.error.phase) == ("UnknownSource", "call")
    assert DIGEST[:16] in unknown.error.message and "grader" in unknown.error.message
    with using_language("ko"):  # the grader's words, in the student's language
        assert translated(unknown.error.message).startswith("샌드박스가")
        assert DIGEST[:16] in translated(unknown.error.message)
    assert relu.ok and relu.value.tolist() == [0.0, 2.0]
    assert spy.starts == 1  # the same child answered on


def test_a_child_that_says_it_lacks_a_source_is_not_sent_it_again(launcher, tmp_path):
    """What the child replies never makes the session send a source: a student's forward that
    raises UnknownSource just fails, and the next call still names the digest alone."""
    claim = ("class UnknownSource(LookupError):\n    pass\n\n"
             "def forward(network, x):\n    raise UnknownSource('send me the reference again')\n")
    spy = SpyLauncher(launcher)
    with SubmissionSession(reference_with(tmp_path, "network", claim), spy) as session:
        outcomes = [forward(session, np.array([1.0, 0.5 + i])) for i in range(3)]
    assert [o.error.type for o in outcomes] == ["UnknownSource"] * 3
    assert "send me the reference again" in outcomes[0].error.message  # its words, not the grader's
    assert spy.starts == 1 and assert_sent_once_per_child(spy, DIGEST) == [0]


def test_the_child_keeps_a_source_only_under_the_digest_of_what_arrived():
    store = SourceStore()
    store.receive({"sources": {"0" * 64: "x = 1\n", DIGEST: SOURCE}})
    store.receive({"sources": "not a mapping"})
    store.receive(["not a message"])
    assert store.source(DIGEST) == SOURCE
    assert store.source("") == ""
    with pytest.raises(UnknownSource):
        store.source("0" * 64)  # its source is kept under its own digest, not this one
    assert store.source(source_digest("x = 1\n")) == "x = 1\n"


def test_grading_sends_each_source_to_each_child_once_with_and_without_a_plan(launcher):
    plan = CallPlan()
    spies = []
    for _ in range(2):  # the first grading teaches the plan, the second sends calls ahead
        spy = SpyLauncher(launcher)
        result = grade_submission(KIT_ROOT / "solutions", launcher=spy, plan=plan)
        assert result.total == result.max_total
        spies.append(spy)
    for spy in spies:
        digests = {call["reference"] for messages in spy.sent.values() for m in messages
                   for call in m.get("calls", [m]) if call.get("reference")}
        assert digests  # forward, gradient_descent, ... are judged with correct dependencies
        for digest in digests:
            assert assert_sent_once_per_child(spy, digest)
    assert any(m.get("op") == "batch" for messages in spies[1].sent.values() for m in messages)


def allclose_lookup(noted, args):
    """The table lookup as first written: the first noted call whose arguments are close."""
    for arguments, value in noted:
        if len(arguments) == len(args) and all(
                np.shape(a) == np.shape(b) and np.allclose(np.asarray(b, dtype=float),
                                                           np.asarray(a, dtype=float), rtol=1e-12, atol=1e-15)
                for a, b in zip(arguments, args, strict=True)):
            return value
    return "own"


def test_the_bundle_s_table_answers_every_call_as_a_call_by_call_comparison_would():
    """child.tabled looks a call up with one comparison per argument (stacked noted calls):
    the same answers as np.allclose against each noted call in turn, near misses, other shapes,
    NaN and infinity included."""
    from autograder.sandbox.child import tabled

    rng = np.random.default_rng(7)
    base = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    noted = [[[base[0] + i, base[1] * i], [float(i)]] for i in range(40)]
    noted += [[[np.ones((2, 2)), np.zeros(2)], 99.0], [[base[0] + 3, base[1] * 3], [-1.0]]]  # a later twin
    noted += [[[np.full((3, 2), np.inf), base[1]], [7.0]], [[[1.0, 2.0]], [8.0]]]
    noted_lists = [[[np.asarray(a).tolist() for a in arguments], value] for arguments, value in noted]
    calls = [[base[0] + i, base[1] * i] for i in range(0, 40, 3)]
    calls += [[base[0] + 5 + 1e-13, base[1] * 5], [base[0] + 5 + 1e-9, base[1] * 5],  # close, not close
              [np.ones((2, 2)), np.zeros(2)], [np.ones((2, 2)), np.zeros(3)], [base[0] + 2],
              [np.full((3, 2), np.inf), base[1]], [np.full((3, 2), np.nan), base[1]],
              [np.array([1.0, 2.0])], [[1.0, 2.0]], [np.array([[1.0, 2.0]])]]
    function = tabled(noted_lists, lambda *args: "own")
    assert function("not numbers") == "own"
    for args in calls:
        expected = allclose_lookup(noted_lists, args)
        got = function(*args)
        if isinstance(expected, list):
            assert isinstance(got, np.ndarray) and got.tolist() == expected
        else:
            assert got == expected
    assert function(base[0] + 3, base[1] * 3).tolist() == [3.0]  # the first of two noted alike
