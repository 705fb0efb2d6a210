"""Times `autograder grade` on N generated submissions and prints throughput and peak memory.

For each N (default 100 and 1000) it writes N submissions (the reference solutions, some with a
common mistake, as folders, zips and single files) into a temporary folder, runs
`autograder grade --force` with isolation on, and prints submissions per second and the peak
memory of the whole process tree (proportional set size, sampled every 250 ms), and the CPU
time the machine spent per submission (all of it: run it on a quiet machine). It then times a
pytest run per submission of the same checks on a sample, and prints the ratio.

`--nbgrader-sample K` (default 3, 0 skips) compares with nbgrader in the same run: it writes the
kit's nbgrader course (`autograder nbgrader`), releases it (`nbgrader generate_assignment`),
turns K of the generated submissions, mistaken and correct ones in turn, into submitted notebooks
(each answer cell holds the same code as the student's .py twin; an appended mistake goes into
the answer cell of the function it redefines, or the module's last one), then times one
`nbgrader autograde` for all K and one `autograder grade` on the same K notebook folders. It
prints seconds (wall clock and CPU) per submission and peak memory for each, the ratios, and a
line for every student whose points differ between the two (per function and in total).
`--repeat R` grades each class R times and reports the median run (each run is printed, with
the load average before it: other work on the machine slows a run). `--versus PATH` grades the
same class with another checkout of the kit (an older commit: `git worktree add PATH COMMIT`)
in turn with this one, run for run, and prints its median and the ratio of the two.
Run: python bench/bench_grade.py [--sizes 100 1000] [--jobs 2] [--repeat 5] [--pytest-sample 20]
     [--nbgrader-sample 3] [--versus OTHER_CHECKOUT]
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
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
    for number in range(size):
        modules = dict(reference)
        mistake = appended_mistake(number)
        if mistake:
            module, code = mistake
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


def appended_mistake(number: int) -> tuple[str, str] | None:
    """(module, appended code) of submission `number`, None when it is the reference."""
    if number % 10 < 7:
        return None
    mistakes = list(MISTAKES.values())
    return mistakes[number % len(mistakes)]


def mistake_name(number: int) -> str:
    """The name of submission `number`'s mistake in MISTAKES, or "reference"."""
    return next((name for name, mistake in MISTAKES.items() if mistake == appended_mistake(number)),
                "reference")


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


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores, /proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(n) for n in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait; guest time is already counted in user
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str], cwd: Path = KIT_ROOT) -> tuple[float, float, float]:
    """Run `command`; return (seconds, peak memory of its process tree in MB, CPU seconds).

    The CPU seconds are the whole machine's busy time during the run: the sandboxes' children
    are reaped by fork servers whose own parents kill them, so the rusage of the command would
    miss them; on a quiet machine nearly all of it is the command's.
    """
    peak = [0]
    busy_before = machine_busy_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=cwd)

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.25)  # reading smaps costs the kernel time: sample only so often

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, _ = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    busy = machine_busy_seconds() - busy_before
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return seconds, peak[0] / 1024, busy


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


def notebook_sample(size: int, count: int) -> list[int]:
    """`count` student numbers below `size`: mistaken and correct submissions in turn."""
    mistaken = [n for n in range(size) if appended_mistake(n)]
    correct = [n for n in range(size) if not appended_mistake(n)]
    in_turn = [n for pair in zip(mistaken, correct, strict=False) for n in pair]
    return (in_turn + mistaken[len(correct):] + correct[len(mistaken):])[:count]


def write_submitted_notebooks(course: Path, numbers: list[int]) -> list[str]:
    """Each student's notebooks in course/submitted/: the released ones, answers filled in with the
    code of the student's .py twin. Returns the students' names."""
    import nbformat

    from autograder.ecosystem.nbgrader_course import ASSIGNMENT
    from autograder.kit import MODULES as KIT_MODULES

    students = []
    for number in numbers:
        student, mistake = f"s{number:05d}", appended_mistake(number)
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for module in KIT_MODULES:
            source = nbformat.read(str(course / "source" / ASSIGNMENT / f"{module}.ipynb"), as_version=4)
            answers = {c.metadata.nbgrader["grade_id"]: c.source for c in source.cells
                       if c.metadata.get("nbgrader", {}).get("solution")}
            if mistake and mistake[0] == module:
                defined = [f"{name}_answer" for name in re.findall(r"^def (\w+)", mistake[1], re.M)]
                cell = defined[0] if defined and defined[0] in answers else list(answers)[-1]
                answers[cell] += "\n\n" + mistake[1]
            notebook = nbformat.read(str(course / "release" / ASSIGNMENT / f"{module}.ipynb"),
                                     as_version=4)
            for cell in notebook.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in answers:
                    cell.source = answers[grade_id]
            nbformat.write(notebook, str(folder / f"{module}.ipynb"))
        students.append(student)
    return students


def nbgrader_points(course: Path, students: list[str]) -> dict[str, dict[str, float]]:
    """Student -> function -> points, as `nbgrader autograde` recorded them in its gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.ecosystem.nbgrader_course import ASSIGNMENT

    points = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(ASSIGNMENT, student)
            except MissingEntry:
                continue
            points[student] = {grade.name.removesuffix("_tests"): grade.score
                               for notebook in submission.notebooks for grade in notebook.grades}
    return points


def read_totals(grades: Path) -> dict[str, float]:
    """Student -> total points in an `autograder grade` grades.csv."""
    with grades.open(newline="", encoding="utf-8") as file:
        return {row["student"]: float(row["total"]) for row in csv.DictReader(file)
                if row.get("status", "graded") == "graded"}  # not graded: a row without a total


def compare_with_nbgrader(size: int, count: int, jobs: int, isolation: str, *,
                          twins: dict[str, float], class_rate: float,
                          pytest_per_submission: float | None) -> None:
    """Time `nbgrader autograde` and `autograder grade` on the same `count` notebook submissions.

    `twins`: the totals of the class run's .py submissions; `class_rate`: its submissions/s.
    """
    from autograder.ecosystem.nbgrader_course import ASSIGNMENT, write_course

    numbers = notebook_sample(size, count)
    with tempfile.TemporaryDirectory() as scratch:
        course, folders, out = Path(scratch) / "course", Path(scratch) / "notebooks", Path(scratch) / "out"
        write_course(course)
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT,
                        "--force"], cwd=course, capture_output=True, check=True)
        students = write_submitted_notebooks(course, numbers)
        for student in students:  # one folder of notebooks per student, as `autograder grade` takes them
            shutil.copytree(course / "submitted" / student / ASSIGNMENT, folders / student)
        nb_seconds, nb_peak, nb_cpu = run_measured(
            [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=course)
        ag_seconds, ag_peak, ag_cpu = run_measured(
            [sys.executable, "-m", "autograder", "grade", str(folders), "-o", str(out), "--force",
             "--jobs", str(jobs), "--isolation", isolation])
        theirs = nbgrader_points(course, students)
        with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
            ours = {row["student"]: row for row in csv.DictReader(file)}
    kinds = ", ".join(f"{s} {mistake_name(n)}" for s, n in zip(students, numbers, strict=True))
    print(f"  nbgrader autograde vs autograder grade, the same {len(students)} notebook submission(s) "
          f"(4 notebooks each: {kinds})")
    same = 0
    for student in students:
        if student not in theirs or student not in ours:
            print(f"    {student}: graded by {'autograder only' if student in ours else 'nbgrader only'}")
            continue
        nb_total = sum(theirs[student].values())
        ag_total = float(ours[student]["total"])
        differing = [f"{name} {score:g} vs {float(ours[student].get(name) or 0):g}"
                     for name, score in theirs[student].items()
                     if abs(score - float(ours[student].get(name) or 0)) > 1e-6]
        if abs(nb_total - ag_total) > 1e-6 or differing:
            print(f"    {student}: nbgrader {nb_total:g}, autograder {ag_total:g} points DIFFER "
                  f"({'; '.join(differing) or 'totals only'})")
        else:
            same += 1
    totals = ", ".join(f"{s} {float(ours[s]['total']):g}" for s in students if s in ours)
    print(f"    same points per function and in total for {same} of {len(students)} students "
          f"(totals: {totals})")
    if twins:  # a syntax error costs one answer cell in a notebook, its whole module in a .py file
        print("    their .py twins in the class run: "
              + ", ".join(f"{s} {twins[s]:g}" for s in students if s in twins))
    nb_each, ag_each = nb_seconds / len(students), ag_seconds / len(students)
    print(f"    nbgrader autograde: {nb_seconds:6.1f} s, {nb_each:5.2f} s per submission, "
          f"{nb_cpu / len(students):5.2f} s CPU per submission, peak memory {nb_peak:4.0f} MB "
          f"(one kernel at a time)")
    print(f"    autograder grade:   {ag_seconds:6.1f} s, {ag_each:5.2f} s per submission, "
          f"{ag_cpu / len(students):5.2f} s CPU per submission, peak memory {ag_peak:4.0f} MB "
          f"({jobs} jobs, start-up included)")
    print(f"    autograder grade is {nb_each / ag_each:.1f} times as fast as nbgrader autograde "
          f"on these {len(students)} notebook submission(s) "
          f"({nb_cpu / ag_cpu:.1f} times less CPU); at the class run's rate "
          f"({class_rate:.1f} submissions/s, N = {size}) {nb_each * class_rate:.0f} times")
    if pytest_per_submission:
        print(f"    per submission: nbgrader autograde {nb_each:.2f} s, pytest once per submission "
              f"{pytest_per_submission:.2f} s, autograder grade {ag_each:.2f} s here and "
              f"{1 / class_rate:.2f} s in the class run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--isolation", default="best")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size; the median one is reported")
    parser.add_argument("--pytest-sample", type=int, default=20)
    parser.add_argument("--versus", type=Path, metavar="CHECKOUT",
                        help="another checkout of the kit, graded in turn with this one")
    parser.add_argument("--nbgrader-sample", type=int, default=3,
                        help="notebook submissions graded by both nbgrader autograde and "
                             "autograder grade (0 skips)")
    args = parser.parse_args()
    print(f"autograder grade, {args.jobs} jobs, isolation {args.isolation}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before the run")
    rate, per_submission, twins = 0.0, None, {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            submissions, out = Path(scratch) / "class", Path(scratch) / "out"
            submissions.mkdir()
            write_class(submissions, size)
            runs, other_runs = [], []
            command = [sys.executable, "-m", "autograder", "grade", str(submissions), "-o",
                       str(out), "--force", "--jobs", str(args.jobs), "--isolation", args.isolation]
            for run in range(args.repeat):  # the median of several runs: the machine varies
                load = os.getloadavg()[0]
                runs.append(run_measured(command))
                if args.repeat > 1:
                    print(f"  N = {size:5d}, run {run + 1}: {runs[-1][0]:7.1f} s "
                          f"(load average {load:.1f} before it)")
                if args.versus:
                    load = os.getloadavg()[0]
                    other_runs.append(run_measured(command, cwd=args.versus))
                    print(f"  N = {size:5d}, run {run + 1} of {args.versus}: "
                          f"{other_runs[-1][0]:7.1f} s (load average {load:.1f} before it)")
            seconds, peak, cpu = sorted(runs)[len(runs) // 2]
            if args.versus:
                other, _, other_cpu = sorted(other_runs)[len(other_runs) // 2]
                print(f"  N = {size:5d}: {args.versus} {other:.1f} s (median), this checkout "
                      f"{seconds:.1f} s: {seconds / other:.2f} times as long (the machine's CPU "
                      f"{cpu / other_cpu:.2f} times)")
            rate = size / seconds
            print(f"  N = {size:5d}: {seconds:7.1f} s{' (median)' if args.repeat > 1 else ''}, "
                  f"{rate:6.1f} submissions/s, "
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
            if size == args.sizes[-1]:
                twins = read_totals(out / "grades.csv")
    if args.nbgrader_sample:
        compare_with_nbgrader(args.sizes[-1], args.nbgrader_sample, args.jobs, args.isolation,
                              twins=twins, class_rate=rate, pytest_per_submission=per_submission)

if __name__ == "__main__":
    main()
