"""The hostile corpus, graded through the real sandbox: no attack earns points or harms anyone.

Every file of tests/submissions/hostile/ is appended to (or added next to) the reference and
graded with `make_launcher("best")`, and again with the "namespaces" fallback (root only). The
attacks only ever run inside namespaces or bubblewrap (as root, or unprivileged in a user
namespace): where neither is available they are skipped.
"""
from __future__ import annotations

import glob
import hashlib
import os
import queue
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.diagnosis.models import load_models
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, load_exercises, load_rubric
from autograder.results import GradingResult
from autograder.sandbox.account import english
from autograder.sandbox.isolation import make_launcher
from autograder.sandbox.prefetch import PUBLIC, CallPlan
from autograder.sandbox.session import Limits
from autograder.secret import VARIABLE as SECRET_VARIABLE
from conftest import Override, overrides

HOSTILE = overrides("hostile")
LIMITS = Limits(call_seconds=1.5, cpu_seconds=20, memory_mb=768)
WORKERS = 3
KIT_FOLDERS = ("solutions", "data", "autograder", "tests")

# What each attack's code honestly computes wrong (besides `loses:`): it must not score there.
HONESTLY_WRONG = {
    "carry_hidden_input_to_a_public_check": ("mean_squared_error", "cross_entropy_error"),
    "closes_channel_fds": ("numerical_diff", "numerical_gradient", "gradient_descent"),
    "deeply_nested_return_value": ("cross_entropy_error",),
    "function_infinite_loop": ("numerical_diff",),
    "hidden_input_in_returned_value": ("step_function", "sigmoid", "relu", "softmax"),
    "frozen_clock_loop": ("numerical_gradient",),
    "huge_forged_reply": ("softmax",),
    "huge_return_value": ("softmax",),
    "ignores_signals_loop": ("softmax",),
    "import_infinite_loop": ("mean_squared_error", "cross_entropy_error"),
    "keyboard_interrupt": ("sigmoid",),
    "kill_parent_and_group": ("numerical_diff",),
    "leak_hidden_input_through_forged_phase": ("relu",),
    "leak_hidden_input_through_own_line": ("relu",),
    "lying_ndarray_subclass": ("softmax",),
    "lying_object": ("mean_squared_error",),
    "memory_bomb": ("relu",),
    "os_exit_in_function": ("mean_squared_error",),
    "patch_numpy_compare": ("softmax",),
    "patch_pytest_and_assertion": ("mean_squared_error",),
    "segfault": ("gradient_descent",),
    "steal_reference": ("numerical_gradient",),
    "steal_reference_from_system_folders": ("numerical_gradient",),
    "sys_exit_at_import": ("init_network", "forward"),
    "sys_exit_in_function": ("cross_entropy_error",),
}


def _tree_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or ".pytest_cache" in path.parts:
            continue
        if path.is_symlink():
            hashes[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            hashes[str(path)] = "dir"
    return hashes


def _kit_hashes() -> dict[str, str]:
    hashes = {}
    for folder in KIT_FOLDERS:
        hashes.update(_tree_hashes(KIT_ROOT / folder))
    return hashes


def leftover_processes(marker: bytes) -> list[str]:
    found = []
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(path, "rb") as cmdline:
                if marker in cmdline.read():
                    found.append(path)
        except OSError:
            continue
    return found


def markers() -> list[str]:
    return glob.glob("/tmp/pwned_*") + glob.glob("/tmp/dlfs_hostile_*")


def forged_files() -> list[str]:
    found = []
    for pattern in ("/tmp/*.json", "/tmp/*.csv", "/tmp/*.html", "/tmp/*/*.json", "/tmp/*/*.csv"):
        for path in glob.glob(pattern):
            try:
                if b"dlfs-hostile-forged" in Path(path).read_bytes()[:100_000]:
                    found.append(path)
            except OSError:
                continue
    return found

# Hidden checks an attack must lose: it knows their inputs under the kit's published seeds only.
HIDDEN_CHECKS_LOST = {"hidden_inputs_are_the_same_for_everyone": ("relu.random",),
                      "keeps_the_reference_of_a_dependency": ("sigmoid.random", "identity_function.random")}


@pytest.fixture(scope="module", params=["best", "best, calls sent ahead", "namespaces"])
def graded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Grade every attack (a few at a time), watching the kit and the submissions meanwhile.

    With the best sandbox (bubblewrap here) call by call, as `autograder check` does; with it
    again sending the calls ahead in batches, as `autograder grade` does once its plan has
    learnt them (autograder.sandbox.prefetch); and with the namespaces it falls
    back to.
    """
    kind, _, _ = request.param.partition(",")
    try:
        probe = make_launcher(kind)
    except RuntimeError as error:
        pytest.skip(str(error))
    if probe.mode == "process":
        probe.close()
        pytest.skip("the hostile corpus runs only inside bubblewrap or namespaces")
    if kind != "best" and make_launcher_mode("best") == kind:
        probe.close()
        pytest.skip(f"{kind} is already the best sandbox here")
    for path in markers():
        os.remove(path)
    # An instructor's secret no attacker could know (not the tests' published one): drawn afresh
    saved = os.environ.get(SECRET_VARIABLE)
    os.environ[SECRET_VARIABLE] = secrets.token_hex(16)
    try:
        load_models()  # the models under this secret are computed in-process: in the main thread
        return _grade_all(request, tmp_path_factory, kind, probe)
    finally:
        if saved is None:
            os.environ.pop(SECRET_VARIABLE, None)
        else:
            os.environ[SECRET_VARIABLE] = saved


def _grade_all(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kind: str,
               probe) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    folders = {o.path.stem: o.build(root / o.path.stem) for o in HOSTILE}
    before = {"kit": _kit_hashes(), "submissions": _tree_hashes(root)}
    launchers: queue.Queue = queue.Queue()  # made here: a zygote dies with the thread that made it
    launchers.put(probe)
    for _ in range(WORKERS - 1):
        launchers.put(make_launcher(kind))
    plans = {}
    if request.param.endswith("sent ahead"):
        for launcher in launchers.queue:  # each learns its plan from the reference
            plans[launcher] = CallPlan()
            grade_submission(KIT_ROOT / "solutions", launcher=launcher, plan=plans[launcher])
            assert all(plans[launcher].calls(e.function, PUBLIC) for e in load_exercises())

    def grade(name: str) -> tuple[str, GradingResult]:
        launcher = launchers.get()
        try:
            return name, grade_submission(folders[name], launcher=launcher, limits=LIMITS,
                                          plan=plans.get(launcher))
        finally:
            launchers.put(launcher)

    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(pool.map(grade, folders))
    isolation = english(probe.account)
    while not launchers.empty():
        launchers.get().close()
    after = {"kit": _kit_hashes(), "submissions": _tree_hashes(root)}
    return {"results": results, "before": before, "after": after, "isolation": isolation}


def make_launcher_mode(kind: str) -> str:
    with make_launcher(kind) as launcher:
        return launcher.mode


def _checks_with_students_dependencies(may_lose: set[str]) -> set[str]:
    """The checks that call a function with the student's own (attacked) dependencies.

    The rubric makes a broken dependency cost one point in the dependent function (forward
    with the student's sigmoid, gradient_descent with their numerical_gradient).
    """
    dependents = {e.function for e in load_exercises() if set(e.dependencies) & may_lose}
    return {c.id for c in load_rubric()
            if c.function in dependents and not c.correct_dependencies}


@pytest.mark.parametrize("attack", HOSTILE, ids=lambda o: o.path.stem)
def test_an_attack_earns_nothing_and_costs_only_its_own_functions(graded, attack: Override):
    result = graded["results"][attack.path.stem]
    may_lose = set(attack.may_lose)
    through_dependencies = _checks_with_students_dependencies(may_lose)
    for name, function in result.functions.items():
        if "*" not in may_lose and name not in may_lose:
            lost = [f"{c.id}: {c.failure.message}" for c in function.checks
                    if c.failure is not None and c.id not in through_dependencies]
            assert lost == [], f"{name} lost points"
    for name in (*attack.loses, *HONESTLY_WRONG.get(attack.path.stem, ())):
        function = result.functions[name]
        assert function.score < function.max_score, f"{name} earned points it did not compute"


@pytest.mark.parametrize("attack, check_id", [(a, c) for a, ids in HIDDEN_CHECKS_LOST.items()
                                               for c in ids])
def test_an_attack_that_knows_the_published_hidden_inputs_loses_the_hidden_check(
        graded, attack: str, check_id: str):
    result = graded["results"][attack]
    check = next(c for f in result.functions.values() for c in f.checks if c.id == check_id)
    assert check.failure is not None, f"{attack} passed {check_id} with a table of its inputs"


def test_no_file_of_the_kit_or_of_any_submission_changed(graded):
    assert graded["after"]["submissions"] == graded["before"]["submissions"]
    assert graded["after"]["kit"] == graded["before"]["kit"]


def test_nothing_the_attacks_started_is_left_running(graded):
    assert leftover_processes(b"dlfs-hostile-fork") == []


def test_no_marker_or_forged_grade_file_appears_outside_the_sandbox(graded):
    assert markers() == []
    assert forged_files() == []


def test_the_isolation_in_force_is_named(graded):
    assert graded["isolation"].startswith(("bubblewrap:", "namespaces:"))
    assert "no network" in graded["isolation"] and "uid 65534" in graded["isolation"]
