"""Times the sandbox: child start-up, and grading one submission, per launcher.

Prints, for the plain process launcher of `autograder check` and for each isolation
`make_launcher` can start here (bubblewrap and namespaces need root): the median milliseconds to
start a child and get its "ready", and, for the reference and for a mistaken submission, the
median wall-clock milliseconds per submission and the CPU milliseconds per submission of every
process involved (grader, zygote, children; machine load inflates the wall-clock figures, not
the CPU ones). The bulk target is 60 ms of CPU per submission.
Run: python bench/bench_sandbox.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT))

from autograder.grading import grade_submission  # noqa: E402
from autograder.sandbox.isolation import make_launcher  # noqa: E402
from autograder.sandbox.session import Limits, ProcessLauncher  # noqa: E402

MISTAKE = '''

def softmax(a):
    exp_a = np.exp(a)  # no max subtraction: overflows on large inputs
    return exp_a / np.sum(exp_a)


def relu(x):
    x[x < 0] = 0  # changes the caller's array
    return x
'''


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_up_ms(launcher, folder: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = launcher.start(folder, Limits())
        ready = child.receive(20.0)
        times.append(time.perf_counter() - started)
        child.kill()
        assert ready and ready.get("ready"), ready
    return 1000 * statistics.median(times)


def grading_ms(make, folder: Path, runs: int) -> tuple[float, float, float]:
    """Median wall ms per submission, CPU ms per submission (all processes), the score."""
    launcher = make()
    grade_submission(folder, launcher=launcher)  # warm up: caches of the grading process
    cpu_before, children_before = time.process_time(), children_cpu()
    zygote_before = launcher.cpu_seconds() if hasattr(launcher, "cpu_seconds") else 0.0
    times, total = [], 0.0
    for _ in range(runs):
        started = time.perf_counter()
        total = grade_submission(folder, launcher=launcher).total
        times.append(time.perf_counter() - started)
    cpu = time.process_time() - cpu_before + children_cpu() - children_before
    if hasattr(launcher, "cpu_seconds"):  # the zygote and the children it forked and reaped
        cpu += launcher.cpu_seconds() - zygote_before
        launcher.close()
    return 1000 * statistics.median(times), 1000 * cpu / runs, total


def grader_us_per_call(make, folder: Path, runs: int) -> tuple[float, float]:
    """The grading process's CPU microseconds per call: lone, and sent ahead in batches of 50."""
    import numpy as np

    from autograder.sandbox.prefetch import PlannedCall
    from autograder.sandbox.session import SubmissionSession

    inputs = [{"x": np.arange(10.0) + i} for i in range(50)]
    lone, batched = [], []
    launcher = make()
    with SubmissionSession(folder, launcher, Limits()) as session:
        session.call("activations", "relu", inputs[0])  # the child started, the module imported
        for _ in range(runs):
            started = time.process_time()
            for _ in range(10):
                for given in inputs:
                    session.call("activations", "relu", given)
            lone.append((time.process_time() - started) / 500)
            started = time.process_time()
            for _ in range(10):
                session.prefetch([PlannedCall("activations", "relu", given) for given in inputs])
                for given in inputs:
                    session.call("activations", "relu", given)
            batched.append((time.process_time() - started) / 500)
    if hasattr(launcher, "close"):
        launcher.close()
    return 1e6 * statistics.median(lone), 1e6 * statistics.median(batched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    kinds = ["process"] + (["namespaces", "bubblewrap"] if os.geteuid() == 0 else [])
    makers = {"ProcessLauncher (autograder check)": ProcessLauncher}
    for kind in kinds:
        try:
            make_launcher(kind).close()
        except RuntimeError as error:
            print(f"{kind}: not available here ({error})")
            continue
        makers[f'make_launcher("{kind}")'] = lambda kind=kind: make_launcher(kind)
    with tempfile.TemporaryDirectory() as scratch:
        reference = KIT_ROOT / "solutions"
        mistaken = Path(scratch) / "mistaken"
        shutil.copytree(reference, mistaken)
        with (mistaken / "activations.py").open("a") as module:
            module.write(MISTAKE)
        print(f"{os.cpu_count()} cores, median of {args.runs} runs; CPU counts every process")
        print(f"{'launcher':<38} {'start ms':>9} {'reference ms':>13} {'CPU ms':>7} "
              f"{'mistaken ms':>12} {'CPU ms':>7}")
        for label, make in makers.items():
            launcher = make()
            start = start_up_ms(launcher, reference, args.runs)
            if hasattr(launcher, "close"):
                launcher.close()
            wall, cpu, total = grading_ms(make, reference, args.runs)
            wall_m, cpu_m, total_m = grading_ms(make, mistaken, args.runs)
            print(f"{label:<38} {start:9.1f} {wall:13.1f} {cpu:7.1f} {wall_m:12.1f} {cpu_m:7.1f}"
                  f"   (scores {total:g}, {total_m:g})")
        print(f"\n{'launcher':<38} {'grader CPU per call, us: lone':>30} {'batched':>8}")
        for label, make in makers.items():
            lone, batched = grader_us_per_call(make, reference, args.runs)
            print(f"{label:<38} {lone:30.1f} {batched:8.1f}")


if __name__ == "__main__":
    main()
