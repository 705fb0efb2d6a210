"""Students kept apart, and limits for a whole process tree, tried with the hostile corpus.

The same fork server grades an attack twice in a row (the second child must find nothing the
first left) and the host is searched afterwards for SysV objects, abstract sockets and keys; the
memory attacks are stopped at the limit for the whole tree (peak measured by the cgroup); a
student's 60 busy processes do not change an honest neighbour's grade.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT
from autograder.sandbox.account import english
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.limits import Limits
from autograder.sandbox.seccomp import AUDIT_ARCH, DENIED, NUMBERS, filter_program
from autograder.sandbox.session import SubmissionSession
from conftest import SUBMISSIONS, Override

SYSV_KEY = 0x0D1F5EED


def attack(name: str, root: Path) -> Path:
    return Override.read(SUBMISSIONS / "hostile" / f"{name}.py").build(root / name)


@pytest.fixture
def launcher():
    try:
        made = make_launcher("best")
    except RuntimeError as error:
        pytest.skip(str(error))
    with made:
        yield made


def host_sysv_keys() -> set[int]:
    keys = set()
    for kind in ("shm", "msg", "sem"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        keys |= {int(line.split()[0]) for line in lines if line.split()}
    return keys


def full_marks(result) -> bool:
    return result.total == result.max_total


def lost_points(result) -> list[tuple[str, str, str]]:
    """What a result lost, to read when it should have full marks: (function, check, message)."""
    return [(f, c.id, c.failure.message) for f, r in result.functions.items()
            for c in r.checks if c.failure]


@pytest.mark.parametrize("name", ["sysv_ipc_left_for_the_next", "abstract_socket_server",
                                  "socket_caught_in_flight", "tcp_time_wait", "keyring_message",
                                  "escape_syscalls", "fork_server_counts"])
def test_what_a_student_leaves_reaches_neither_the_next_nor_the_host(launcher, tmp_path, name):
    folder = attack(name, tmp_path)
    for _ in range(2):  # the second child would find what the first left
        result = grade_submission(folder, launcher=launcher)
        assert full_marks(result), lost_points(result)
    launcher.close()
    assert SYSV_KEY not in host_sysv_keys()
    assert "@dlfs-hostile-abstract" not in Path("/proc/net/unix").read_text()
    assert "dlfs-hostile-key" not in Path("/proc/keys").read_text()


FORK_SERVER = r'''
import importlib.util, socket, sys
spec = importlib.util.spec_from_file_location("zygote_under_test", sys.argv[1])
zygote = importlib.util.module_from_spec(spec)
spec.loader.exec_module(zygote)
zygote.check(zygote.libc.unshare(zygote.CLONE_NEWNET), "unshare")  # a fork server's own
'''


def in_a_fork_server_s_network_namespace(tmp_path: Path, script: str) -> list[str]:
    """Run `script` in a process that loaded the fork server's module (as `zygote`) and holds a
    network namespace of its own, as a fork server does; the words it printed."""
    path = tmp_path / "fork_server_script.py"
    path.write_text(FORK_SERVER + script)
    zygote = KIT_ROOT / "autograder" / "sandbox" / "zygote.py"
    done = subprocess.run([sys.executable, str(path), str(zygote)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


LEFT_BEHIND = r'''
left = socket.socket(socket.AF_UNIX)
left.bind("\0dlfs-left-behind")  # a name no process answers on, as one caught in flight
network = zygote.NetworkNamespace(zygote.open_proc_root())
def names():  # the eighth field of /proc/net/unix, where a socket has one
    return [fields[7] for fields in network.unix_sockets() if len(fields) > 7]
before = names()
network.prepare(zygote.Children())
after, shared = names(), not network.own_for_next
socket.socket(socket.AF_UNIX).bind("\0dlfs-left-behind")  # free in the fresh namespace
busy = zygote.Children()
busy.alive.add(1)  # a child still alive: the next gets a namespace of its own
network.prepare(busy)
print(before, after, shared, network.own_for_next)
'''


@pytest.mark.skipif(os.geteuid() != 0, reason="a network namespace of its own needs root")
def test_the_fork_server_leaves_a_network_namespace_where_a_named_socket_outlived_a_child(tmp_path):
    printed = in_a_fork_server_s_network_namespace(tmp_path, LEFT_BEHIND)
    assert printed == ["['@dlfs-left-behind']", "[]", "True", "True"]


@pytest.mark.parametrize("name", ["unnamed_sockets_left_in_flight", "pty_left_in_flight"])
def test_what_an_earlier_child_left_for_the_collector_is_gone_for_the_next(launcher, tmp_path,
                                                                           name):
    folder = attack(name, tmp_path)
    for _ in range(4):  # each child dies leaving three sockets the kernel frees milliseconds later
        result = grade_submission(folder, launcher=launcher)
        assert full_marks(result), lost_points(result)


LEFT_UNNAMED = r'''
left = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # no name, as two caught in flight
def listed():
    with open("/proc/self/net/unix") as table:
        return len(table.readlines()) - 1
network = zygote.NetworkNamespace(zygote.open_proc_root())
before = listed()
network.prepare(zygote.Children())
print(before, listed(), not network.own_for_next)
'''


@pytest.mark.skipif(os.geteuid() != 0, reason="a network namespace of its own needs root")
def test_the_fork_server_leaves_a_network_namespace_where_any_socket_outlived_a_child(tmp_path):
    printed = in_a_fork_server_s_network_namespace(tmp_path, LEFT_UNNAMED)
    assert printed == ["2", "0", "True"]  # the next child would count none


def test_descriptors_a_student_holds_in_flight_do_not_stop_a_neighbour(launcher, tmp_path):
    """As an ordinary user every child is the instructor's uid outside, as the grading process
    and the fork servers are, and the kernel counts descriptors in flight per user."""
    with make_launcher("best") as neighbour, SubmissionSession(
            attack("descriptors_in_flight_hoard", tmp_path), launcher, Limits()) as hoarder:
        held = hoarder.call("activations", "relu", {"x": 2.0})  # a number: no memory file sent
        assert held.error is None, held.error  # imported: it holds them as long as it lives
        result = grade_submission(KIT_ROOT / "solutions", launcher=neighbour)
    assert full_marks(result), lost_points(result)


def test_the_seccomp_filter_checks_the_architecture_and_covers_the_list():
    for machine, numbers in NUMBERS.items():
        program = filter_program(machine)
        assert len(program) % 8 == 0 and len(program) // 8 < 4096
        assert AUDIT_ARCH[machine].to_bytes(4, "little") in program
        for name in DENIED:
            if name in numbers:
                assert numbers[name].to_bytes(4, "little") in program, name


def tree_limits_or_skip(launcher) -> None:
    said = english(launcher.limits_in_force(Limits()))
    if "(cgroup v" not in said:
        pytest.skip(f"no cgroup for the whole tree here: {said}")


@pytest.mark.parametrize(("name", "module", "function"), [
    ("memory_through_forks", "activations", "relu"),
    ("memfd_and_sysv_hoard", "activations", "softmax")])
def test_memory_held_by_the_whole_tree_stops_at_the_limit(launcher, tmp_path, name, module,
                                                         function):
    tree_limits_or_skip(launcher)
    limits = Limits(memory_mb=512, call_seconds=8.0)
    folder = attack(name, tmp_path)
    with SubmissionSession(folder, launcher, limits) as session:
        outcome = session.call(module, function, {"x": __import__("numpy").ones(3)}
                               if function == "relu" else {"a": __import__("numpy").ones(3)})
    assert not outcome.ok  # killed at the limit (or by the time limit), never a value
    peak = launcher.last_peak_bytes
    assert 256 * 2**20 < peak <= 512 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_a_neighbour_s_busy_processes_do_not_change_an_honest_grade(tmp_path):
    try:
        busy_launcher, honest_launcher = make_launcher("best"), make_launcher("best")
    except RuntimeError as error:
        pytest.skip(str(error))
    with busy_launcher, honest_launcher:
        tree_limits_or_skip(busy_launcher)
        folder = attack("busy_processes", tmp_path)
        busy = SubmissionSession(folder, busy_launcher, Limits(import_seconds=20.0))
        started = threading.Event()

        def spin() -> None:  # the import forks 60 spinning processes that live with the child
            busy.call("losses", "mean_squared_error",
                      {"y": __import__("numpy").ones(2), "t": __import__("numpy").ones(2)})
            started.set()

        thread = threading.Thread(target=spin)
        thread.start()
        assert started.wait(60)
        try:
            result = grade_submission(KIT_ROOT / "solutions", launcher=honest_launcher)
        finally:
            busy.close()
            thread.join()
    assert full_marks(result), lost_points(result)


def test_no_child_cgroup_is_left(launcher, tmp_path):
    grade_submission(attack("busy_processes", tmp_path), launcher=launcher)
    launcher.close()
    leftovers = list(Path("/sys/fs/cgroup").glob(f"*/**/dlfs-{os.getpid()}-*"))
    assert leftovers == []


LEAVER = '''
import os


def leave():
    left = 0
    for folder in ("/tmp", "/dev/shm", "/", "/dev", "/opt", "/etc", os.path.dirname(os.__file__)):
        try:
            with open(os.path.join(folder, "dlfs_left_for_the_next"), "w") as file:
                file.write("answers")
            left += 1
        except OSError:
            pass
    return left


def found():
    return [folder for folder in ("/tmp", "/dev/shm", "/", "/dev", "/opt", "/etc",
                                  os.path.dirname(os.__file__))
            if os.path.exists(os.path.join(folder, "dlfs_left_for_the_next"))]
'''


def test_files_a_child_writes_are_gone_for_the_next_child(launcher, tmp_path):
    folder = tmp_path / "leaver"
    folder.mkdir()
    (folder / "leaver.py").write_text(LEAVER, encoding="utf-8")
    with SubmissionSession(folder, launcher, Limits()) as session:
        assert session.call("leaver", "leave", {}).value == 2  # its own /tmp and /dev/shm only
    with SubmissionSession(folder, launcher, Limits()) as session:
        assert session.call("leaver", "found", {}).value == []


def test_a_child_cannot_word_its_own_failure_as_the_grader_s(launcher, tmp_path):
    """The grading process words an unknown source as its own error ("an error of the grader,
    not of the submission"); it knows which digest each call named, so a child's claim about a
    digest its call did not name (here: the student's own text) stays the submission's error."""
    from autograder.sandbox.session import UNKNOWN_SOURCE

    grader_s_words = UNKNOWN_SOURCE.split("{digest}")[1].strip()
    result = grade_submission(attack("forged_unknown_source", tmp_path), launcher=launcher)
    softmax = [c.failure.message for c in result.functions["softmax"].checks if c.failure]
    assert softmax, "softmax raises: every check fails"
    assert not [m for m in softmax if grader_s_words in m or "dlfs-hostile-forged" in m], softmax[0]
    others = [lost for lost in lost_points(result) if lost[0] != "softmax"]
    assert others == []
