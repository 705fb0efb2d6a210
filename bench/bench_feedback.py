"""Times grading with and without the feedback artifacts (counterexamples, plots, pages, report).

Grades N submissions, copies of a few kinds (correct, and each with a common mistake), serially,
twice: once plain (grade, Markdown feedback, results.json) and once with the feedback of issue 5
(minimal counterexamples, plot data, one feedback.html per student with its plots drawn through
the shared cache, and the class report.html at the end). Prints both times and their ratio;
the issue asks for at most 2. Run: python bench/bench_feedback.py [--n 200]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT))

from autograder.feedback import write_class_report, write_student_feedback  # noqa: E402
from autograder.grading import grade_submission  # noqa: E402
from autograder.report import render_markdown  # noqa: E402

MISTAKES = {
    "correct": {},
    "unguarded_softmax": {"activations.py": "def softmax(a):\n    e = np.exp(a)\n"
                                            "    return e / np.sum(e, axis=-1, keepdims=True)\n"},
    "flipped_sigmoid": {"activations.py": "def sigmoid(x):\n    return 1 / (1 + np.exp(x))\n"},
    "mse_mean": {"losses.py": "def mean_squared_error(y, t):\n    return np.mean((y - t) ** 2)\n"},
    "tiny_h": {"gradients.py": "def numerical_diff(f, x):\n    h = 1e-50\n"
                               "    return (f(x + h) - f(x)) / h\n"},
    "shared_history": {"gradients.py": "def gradient_descent(f, init_x, lr=0.01, step_num=100):\n"
                                       "    x = init_x\n    x_history = []\n"
                                       "    for i in range(step_num):\n"
                                       "        x_history.append(x)\n"
                                       "        x -= lr * numerical_gradient(f, x)\n"
                                       "    return x, np.array(x_history)\n"},
}


def make_class(folder: Path, n: int) -> list[Path]:
    """n submissions cycling through the kinds above, each in its own folder."""
    kinds = list(MISTAKES)
    students = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        student = folder / f"s{i:04d}_{kind}"
        shutil.copytree(KIT_ROOT / "solutions", student)
        for module, code in MISTAKES[kind].items():
            path = student / module
            path.write_text(path.read_text() + "\n\n" + code)
        students.append(student)
    return students


def grade_one(student: Path, out: Path, feedback: bool):
    """Grade one submission and write its files; with `feedback`, its feedback.html too."""
    result = grade_submission(student, counterexamples=feedback, plots=feedback)
    target = out / student.name
    target.mkdir(parents=True, exist_ok=True)
    (target / "feedback.md").write_text(render_markdown(result))
    tests = [{"name": c.name, "score": c.score, "max_score": c.max_score, "output": c.message,
              "visibility": "visible", "status": "passed" if c.passed else "failed",
              "tags": [c.function], "extra_data": {"check_id": c.id, "function": c.function},
              "mistake": c.failure.mistake if c.failure else None} for c in result.checks()]
    (target / "results.json").write_text(json.dumps(
        {"score": result.total, "execution_time": result.seconds, "tests": tests,
         "extra_data": {"max_score": result.max_total}}))
    if feedback:
        write_student_feedback(result, target, cache_dir=out / ".plot-cache")
    return result


def grade_both(students: list[Path], scratch: Path) -> tuple[list[float], list[float], float]:
    """Each submission graded plain and with feedback, alternating which goes first (the
    machine's load then weighs on both alike); then the class report. Seconds per submission."""
    plain, rich, rows = [], [], []
    for i, student in enumerate(students):
        for feedback in ((False, True) if i % 2 == 0 else (True, False)):
            started = time.perf_counter()
            result = grade_one(student, scratch / ("rich" if feedback else "plain"), feedback)
            (rich if feedback else plain).append(time.perf_counter() - started)
            if feedback:
                rows.append((student.name, result))
    started = time.perf_counter()
    write_summary(scratch / "rich", rows, sum(rich))
    write_class_report(scratch / "rich")
    return plain, rich, time.perf_counter() - started


def write_summary(out: Path, rows: list, seconds: float) -> None:
    totals = [r.total for _, r in rows]
    functions = list(rows[0][1].functions)
    summary = {
        "students": len(rows), "graded": len(rows), "problems": [],
        "mean": statistics.fmean(totals), "median": statistics.median(totals),
        "max_total": rows[0][1].max_total,
        "score_distribution": [{"range": f"{10 * i}-{10 * i + 10}",
                                "students": sum(min(int(t // 10), 9) == i for t in totals)}
                               for i in range(10)],
        "pass_rates": {f: sum(r.functions[f].passed for _, r in rows) / len(rows) for f in functions},
        "slowest": [{"student": s, "seconds": round(r.seconds, 3)}
                    for s, r in sorted(rows, key=lambda x: -x[1].seconds)[:10]],
        "seconds": seconds, "isolation": rows[0][1].isolation, "jobs": 1}
    (out / "summary.json").write_text(json.dumps(summary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120, help="submissions (default 120)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        students = make_class(Path(scratch) / "class", args.n)
        grade_submission(students[0])  # warm up: reference import, memoized reference results
        plain, rich, report = grade_both(students, Path(scratch))
        drawn = len(list((Path(scratch) / "rich" / ".plot-cache").glob("*.png")))
    with_all = sum(rich) + report
    print(f"{args.n} submissions ({len(MISTAKES)} kinds: correct and {len(MISTAKES) - 1} mistakes), "
          "graded serially, each twice (alternating)")
    print(f"  without feedback artifacts: {sum(plain):7.2f} s  "
          f"({1000 * statistics.median(plain):4.0f} ms median per submission)")
    print(f"  with counterexamples, plots, feedback.html, report.html: {with_all:7.2f} s  "
          f"({1000 * statistics.median(rich):4.0f} ms median; report {report:.2f} s; "
          f"distinct plots drawn {drawn})")
    print(f"  ratio {with_all / sum(plain):.2f}")


if __name__ == "__main__":
    main()
