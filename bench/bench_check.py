"""Times `autograder check` as a student runs it: the reference, the stubs, one endless loop.

Prints wall-clock seconds (median of several runs) for each case; the issue asks for under
2 seconds on the full set. The last row checks the training assignment's reference inside a
student bundle (built from this kit into .cache/, or the one `--bundle` names), where the calls
judged with correct dependencies get a table of their values (about 250 KB) instead of code.
Run: python bench/bench_check.py [--runs N] [--bundle BUNDLE]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent


def time_check(folder: Path, runs: int, *extra: str, cwd: Path | None = None,
               env: Mapping[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), *extra],
                       capture_output=True, check=False, cwd=cwd, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, help="a student bundle to check in (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        looping = Path(scratch) / "looping"
        shutil.copytree(KIT_ROOT / "solutions", looping)
        with (looping / "activations.py").open("a") as module:
            module.write("\n\ndef relu(x):\n    while True:\n        pass\n")
        rows = [("reference solutions (all checks, hidden included)", KIT_ROOT / "solutions", ()),
                ("generated stubs (nothing implemented)", KIT_ROOT / "assignments", ()),
                ("relu loops forever (--timeout 1)", looping, ("--timeout", "1"))]
        print(f"autograder check, median of {args.runs} runs")
        for label, folder, extra in rows:
            print(f"  {label:<52} {time_check(folder, args.runs, *extra):6.2f} s")
        bundle = (args.bundle or build_bundle()).resolve()
        seconds = time_check(KIT_ROOT / "solutions" / "training", args.runs, "--assignment", "training",
                             cwd=bundle, env={"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"})
        print(f"  {'training reference, in the student bundle':<52} {seconds:6.2f} s")


def build_bundle() -> Path:
    """A student bundle of this kit under .cache/ (the student's machine has no reference)."""
    from autograder.bundle import write_student_bundle

    return write_student_bundle(KIT_ROOT / ".cache" / "bench-check-bundle", force=True)


if __name__ == "__main__":
    main()
