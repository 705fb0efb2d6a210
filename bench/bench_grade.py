"""Times `autograder grade` on N generated submissions and prints throughput and peak memory.

For each N (default 100 and 1000) it writes N submissions (the reference solutions, some with a
common mistake, as folders, zips and single files) into a temporary folder, runs
`autograder grade --force` with isolation on, and prints submissions per second and the peak
memory of the whole process tree (proportional set size, sampled every 100 ms). It then times a
pytest run per submission of the same checks on a sample, and prints the ratio.
Run: python bench/bench_grade.py [--sizes 100 1000] [--jobs 2] [--pytest-sample 20]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
MODULES = ("activations", "network", "losses", "gradients")

# (module, code appended to the reference module): later definitions replace the reference ones.
MISTAKES = {
    "softmax_no_guard": ("activations", "def softmax(a):\n    e = np.exp(a)\n"
                                        "    return e / np.sum(e, axis=-1, keepdims=True)\n"),
    "mse_np_mean": ("losses", "def mean_squared_error(y, t):\n    return np.mean((y - t)**2)\n"),
    "descent_returns_x": ("gradients", "def gradient_descent(f, init_x, lr=0.01, step_num=100):\n"
                                       "    x = init_x\n    for i in range(step_num):\n"
                                       "        x -= lr * numerical_gradient(f, x)\n    return x\n"),
    "syntax_error": ("losses", "def broken(y, t)\n    return 0\n"),
}

PYTEST_FILE = '''
import os
from pathlib import Path

import pytest

from autograder.checks import StudentCode
from autograder.grading import run_check
from autograder.kit import load_rubric
from autograder.sandbox.session import SubmissionSession

@pytest.fixture(scope="module")
def student():
    with SubmissionSession(Path(os.environ["SUBMISSION"])) as session:
        yield StudentCode(session)

@pytest.mark.parametrize("check", load_rubric(), ids=lambda c: c.id)
def test_check(student, check):
    assert run_check(student, check).passed
'''


def write_class(folder: Path, size: int) -> None:
    """`size` submissions: 7 in 10 correct, the rest with one mistake; folders, zips, single files."""
    reference = {m: (KIT_ROOT / "solutions" / f"{m}.py").read_text() for m in MODULES}
    mistakes = list(MISTAKES.values())
    for number in range(size):
        modules = dict(reference)
        if number % 10 >= 7:
            module, code = mistakes[number % len(mistakes)]
            modules[module] += "\n\n" + code
        student = f"s{number:05d}"
        if number % 20 == 5:
            with zipfile.ZipFile(folder / f"{student}.zip", "w") as archive:
                for module, text in modules.items():
                    archive.writestr(f"{student}/{module}.py", text)
        elif number % 20 == 9 and modules == reference:
            single = "\n\n".join(modules.values())
            (folder / f"{student}.py").write_text(
                single.replace("from activations import", "# from activations import"))
        else:
            (folder / student).mkdir()
            for module, text in modules.items():
                (folder / student / f"{module}.py").write_text(text)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(command: list[str]) -> tuple[float, float, float]:
    """Run `command`; return (seconds, peak memory of its process tree in MB, CPU seconds)."""
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=KIT_ROOT)

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return seconds, peak[0] / 1024, usage.ru_utime + usage.ru_stime


def time_pytest(folder: Path, sample: int) -> float:
    """Seconds per submission for one pytest run per submission (the same checks)."""
    students = sorted(p for p in folder.iterdir() if p.is_dir())[:sample]
    with tempfile.TemporaryDirectory() as scratch:
        test_file = Path(scratch) / "test_submission.py"
        test_file.write_text(PYTEST_FILE)
        started = time.perf_counter()
        for student in students:
            subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(test_file)], cwd=scratch, capture_output=True, check=False,
                           env=os.environ | {"SUBMISSION": str(student)})
        return (time.perf_counter() - started) / len(students)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--isolation", default="best")
    parser.add_argument("--pytest-sample", type=int, default=20)
    args = parser.parse_args()
    print(f"autograder grade, {args.jobs} jobs, isolation {args.isolation}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before the run")
    rate = 0.0
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            submissions, out = Path(scratch) / "class", Path(scratch) / "out"
            submissions.mkdir()
            write_class(submissions, size)
            seconds, peak, cpu = run_measured([sys.executable, "-m", "autograder", "grade",
                                          str(submissions), "-o", str(out), "--force",
                                          "--jobs", str(args.jobs), "--isolation", args.isolation])
            rate = size / seconds
            print(f"  N = {size:5d}: {seconds:7.1f} s, {rate:6.1f} submissions/s, "
                  f"peak memory {peak:6.0f} MB (whole process tree, PSS), "
                  f"{1000 * cpu / size:5.0f} ms CPU per submission "
                  f"(at most {os.cpu_count() * size / cpu:.0f} submissions/s on an idle machine)")
            if size == args.sizes[-1] and args.pytest_sample:
                per_submission = time_pytest(submissions, args.pytest_sample)
                print(f"  pytest once per submission (same checks, {args.pytest_sample} "
                      f"submissions, one at a time): {per_submission:.2f} s per submission, "
                      f"{1 / per_submission:.1f} submissions/s")
                print(f"  autograder grade is {rate * per_submission:.1f} times as fast "
                      f"({rate * per_submission / args.jobs:.1f} times per core)")


if __name__ == "__main__":
    main()
