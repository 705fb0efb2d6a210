"""Times the training assignment's checks: CPU per submission and class throughput.

1. CPU per submission: `grade_submission(..., assignment="training")` in this process, on the
   reference, the book's code and a few corpus mistakes (every check, hidden ones included,
   in the sandbox the kit picks), each graded --repeat times with one launcher. Machine CPU is
   the whole machine's busy time (/proc/stat; the sandbox's children are not this process's):
   run it on a quiet machine. On a busy one, the judge's own CPU (this process) and the time
   spent inside the student's calls (measured in the child) bound it better. Target: under
   1.5 s of CPU per submission.
2. Class throughput: N generated submissions (7 in 10 correct: the reference and the correct
   variants of tests/submissions/training/correct; the rest one-mistake submissions of
   tests/submissions/training/mistakes), graded with `autograder grade --assignment training
   --force --jobs J`. Target: at least 10 submissions per second on 2 cores.
Run: python bench/bench_training.py [--n 100] [--jobs 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT / "tests"))

from test_training import CORPUS, build, overrides  # noqa: E402

from autograder.grading import grade_submission  # noqa: E402
from autograder.kit import assignment  # noqa: E402
from autograder.sandbox.session import Limits  # noqa: E402

TRAINING = assignment("training")
SAMPLE_MISTAKES = ("grad_no_batch_divide", "train_same_batch", "predict_no_softmax", "numerical_copy")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores, /proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(n) for n in stat.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def write_submission(kind: str, source: Path | object, destination: Path) -> None:
    if kind == "folder":
        shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    else:
        build(source, destination)


CALL_SECONDS: list[float] = []  # time inside each student call, as the sandbox child measured it


def _count_call_seconds() -> None:
    from autograder.sandbox import session

    outcome = session.SubmissionSession._outcome

    def counted(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        result = outcome(self, *args, **kwargs)
        CALL_SECONDS.append(result.seconds)
        return result
    session.SubmissionSession._outcome = counted


def cpu_per_submission(repeat: int) -> None:
    from autograder.sandbox.isolation import make_launcher

    _count_call_seconds()

    mistakes = {o.path.stem: o for o in overrides("mistakes")}
    with tempfile.TemporaryDirectory() as scratch:
        folders = {"reference": TRAINING.solutions_dir, "book": CORPUS / "book"}
        for name in SAMPLE_MISTAKES:
            folders[name] = build(mistakes[name], Path(scratch) / name)
        launcher = make_launcher("best")
        try:
            grade_submission(folders["reference"], launcher=launcher, assignment="training")  # warm
            print(f"CPU per submission ({launcher.isolation.split(':')[0]}, every check, "
                  f"{repeat} runs each):")
            for name, folder in folders.items():
                cpu, wall, judge, sandbox, total = [], [], [], [], 0.0
                for _ in range(repeat):
                    busy, started = machine_busy_seconds(), time.perf_counter()
                    own, in_calls = time.process_time(), sum(CALL_SECONDS)
                    result = grade_submission(folder, launcher=launcher, limits=Limits(),
                                              assignment="training")
                    wall.append(time.perf_counter() - started)
                    cpu.append(machine_busy_seconds() - busy)
                    judge.append(time.process_time() - own)
                    sandbox.append(sum(CALL_SECONDS) - in_calls)
                    total = result.total
                print(f"  {name:<24} {total:5.0f} / 100   machine CPU {min(cpu):.2f} s (median "
                      f"{sorted(cpu)[len(cpu) // 2]:.2f} s), judge CPU {min(judge):.2f} s, "
                      f"in the student's calls {min(sandbox):.2f} s, wall {min(wall):.2f} s")
        finally:
            close = getattr(launcher, "close", None)
            if close is not None:
                close()


def class_throughput(n: int, jobs: int) -> None:
    correct = [("folder", TRAINING.solutions_dir)] + [("override", o) for o in overrides("correct")]
    wrong = [("override", o) for o in overrides("mistakes")]
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "class"
        submissions.mkdir()
        for i in range(n):
            kind, source = correct[i % len(correct)] if i % 10 < 7 else wrong[i % len(wrong)]
            write_submission(kind, source, submissions / f"s{i:04d}")
        out = Path(scratch) / "out"
        busy, started = machine_busy_seconds(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submissions),
                               "-o", str(out), "--assignment", "training", "--force",
                               "--jobs", str(jobs)], capture_output=True, text=True, cwd=KIT_ROOT)
        seconds, cpu = time.perf_counter() - started, machine_busy_seconds() - busy
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        graded = len((out / "grades.csv").read_text().splitlines()) - 1
        print(f"class of {n} ({graded} graded, {jobs} jobs): {seconds:.1f} s, "
              f"{n / seconds:.1f} submissions/s, CPU {cpu / n * 1000:.0f} ms per submission "
              "(start-up included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cpu_per_submission(args.repeat)
    class_throughput(args.n, args.jobs)


if __name__ == "__main__":
    main()
