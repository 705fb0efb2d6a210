"""The figures of issue 11's diagnoses, and what they cost.

Prints, with the time each took:
- the audit: generated single-edit mutants, how many differ from the reference on the contract's
  domain, how many lose points (caught) and how many get a diagnosis on every failed check;
- on corpora the mutation engine did not produce: the share of the hand-written mistake corpus's
  failed checks that are named; on the two-mistake corpus, its failed checks, how many get a
  diagnosis, how many of those are one of its two mistakes (its `mistake:` and `accept:` lines)
  and how many are another cause (must be 0), for the whole corpus and its held-out third;
  the correct variants (full marks, no diagnosis); and that every diagnosis shown is reproduced
  by running its model again on the check's calls;
- `autograder check` on wrong submissions (median of --runs runs, the 2 s target);
- with --throughput, `bench/bench_grade.py --sizes 1000` run alternately on this tree and on
  --baseline REV (the commit before the diagnoses, by default), medians of --grade-runs runs:
  class grading's throughput before and after (the 20 % budget).

Run: python bench/bench_diagnosis.py [--runs 5] [--throughput --grade-runs 3 --baseline REV]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT / "tests"))
BASELINE = "3d59396"  # the branch point: recognise_mistake, one mistake per function


def corpus_figures(scratch: Path) -> None:
    from autograder.diagnosis.verify import model_reproduces
    from autograder.grading import grade_submission
    from conftest import overrides

    def grade(kind: str):
        for submission in overrides(kind):
            yield submission, grade_submission(submission.build(scratch / kind / submission.path.stem))

    started = time.perf_counter()
    failed = named = unreproduced = 0
    for _, result in grade("mistakes"):
        for check in result.checks():
            if check.failure is not None and not check.failure.not_implemented:
                failed += 1
                named += check.failure.mistake is not None
                unreproduced += not model_reproduces(check)
    print(f"mistake corpus: {named} of {failed} failed checks named ({named / failed:.1%}); "
          f"{unreproduced} diagnoses not reproduced by their model "
          f"({time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    totals = {"all": [0, 0, 0, 0, 0], "held out": [0, 0, 0, 0, 0]}
    for submission, result in grade("two_mistakes"):
        header = submission.path.read_text(encoding="utf-8").split('"""')[1]
        allowed = {name.strip() for line in header.splitlines()
                   if line.startswith(("mistake:", "accept:"))
                   for name in line.partition(":")[2].split(",") if name.strip()}
        groups = ["all"] + (["held out"] if "held_out: true" in header else [])
        for check in result.checks():
            if check.failure is None or check.failure.not_implemented:
                continue
            mistake = check.failure.mistake
            for group in groups:
                row = totals[group]
                row[0] += 1
                row[1] += mistake is not None
                row[2] += mistake in allowed
                row[3] += mistake is not None and mistake not in allowed
                row[4] += not model_reproduces(check)
    files = len(overrides("two_mistakes"))
    for group, (checks, diagnosed, own, other, unreproduced) in totals.items():
        print(f"two-mistake corpus ({group}{', ' + str(files) + ' submissions' if group == 'all' else ''}): "
              f"{checks} failed checks, {diagnosed} with a diagnosis, {own} one of its two "
              f"mistakes, {other} another cause, {checks - diagnosed} the neutral description; "
              f"{unreproduced} not reproduced")
    print(f"  ({time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    lost = diagnosed = 0
    variants = 0
    for _, result in grade("correct"):
        variants += 1
        lost += result.total < result.max_total
        diagnosed += any(c.failure and c.failure.mistake for c in result.checks())
    print(f"correct variants: {variants}, {lost} lose a point, {diagnosed} get a diagnosis "
          f"({time.perf_counter() - started:.1f} s)")


def audit_figures() -> None:
    from autograder.diagnosis.audit import audit

    result = audit()
    differ = [v for v in result.verdicts if v.differs]
    caught = sum(v.caught for v in differ)
    diagnosed = sum(v.diagnosed for v in differ)
    print(f"audit: {len(result.verdicts)} mutants (seed {result.seed}), {len(differ)} differ on "
          f"the domain, {caught} caught ({caught / len(differ):.1%}), {diagnosed} diagnosed on "
          f"every failed check ({diagnosed / len(differ):.1%}), {len(result.escaped)} escape "
          f"({result.seconds:.1f} s)")


def check_times(scratch: Path, runs: int) -> None:
    from conftest import SUBMISSIONS, Override

    wrong = {"softmax: no guard, whole batch (two mistakes)":
             SUBMISSIONS / "two_mistakes" / "tm05_softmax_no_guard_whole_batch.py",
             "gradients: numerical_gradient and gradient_descent wrong":
             SUBMISSIONS / "two_mistakes" / "tm25_gradient_forward_descent_history_list.py",
             "losses: syntax error":
             SUBMISSIONS / "mistakes" / "losses_syntax_error.py"}
    print(f"autograder check on wrong submissions, median of {runs} runs:")
    for label, path in wrong.items():
        folder = Override.read(path).build(scratch / "check" / path.stem)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "autograder", "check", str(folder)],
                           capture_output=True, check=False)
            times.append(time.perf_counter() - started)
        print(f"  {label:<58} {statistics.median(times):5.2f} s")


def throughput(scratch: Path, runs: int, baseline: str) -> None:
    base = scratch / "baseline"
    base.mkdir()
    archive = subprocess.run(["git", "-C", str(KIT_ROOT), "archive", baseline],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
    rates: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(runs):
        for label, root in (("before", base), ("after", KIT_ROOT)):
            env = {**os.environ, "PYTHONPATH": str(root)}
            done = subprocess.run([sys.executable, str(root / "bench" / "bench_grade.py"),
                                   "--sizes", "1000", "--pytest-sample", "0",
                                   "--nbgrader-sample", "0"], capture_output=True, text=True,
                                  env=env, cwd=root, check=False)
            match = re.search(r"N =\s*1000: +([\d.]+) s, +([\d.]+) submissions/s", done.stdout)
            if match is None:
                print(done.stdout[-2000:], done.stderr[-2000:])
                continue
            rates[label].append(float(match.group(2)))
            print(f"  {label}: {match.group(0).strip()}  (load {os.getloadavg()[0]:.1f})")
    if rates["before"] and rates["after"]:
        before, after = statistics.median(rates["before"]), statistics.median(rates["after"])
        print(f"class grading, 1,000 submissions, median submissions/s: before {before:.1f}, "
              f"after {after:.1f} ({after / before - 1:+.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--throughput", action="store_true")
    parser.add_argument("--grade-runs", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        audit_figures()
        corpus_figures(Path(scratch))
        check_times(Path(scratch), args.runs)
        if args.throughput:
            throughput(Path(scratch), args.grade_runs, args.baseline)


if __name__ == "__main__":
    main()
