"""Times `autograder check` as a student runs it: the reference, the stubs, one endless loop.

Prints wall-clock seconds (median of several runs) for each case; the issue asks for under
2 seconds on the full set. Run: python bench/bench_check.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent


def time_check(folder: Path, runs: int, *extra: str) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), *extra],
                       capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
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


if __name__ == "__main__":
    main()
