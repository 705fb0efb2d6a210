"""The canary: before a class is graded, code known to be right must get full marks.

Student code runs in a sandbox that sees only part of the machine, under limits; if the sandbox
hides a package (a venv it cannot see), or a limit is too small for NumPy, honest code loses
points with nothing said. So before anyone is graded, `check_environment` runs, in a sandbox of
the same kind and with the same limits as the class's:

1. a probe that imports what students may import (NumPy and its random and linalg parts, and
   Matplotlib with its pyplot where the kit's environment has it) and computes with NumPy;
2. the reference solutions, graded like any submission, where the kit holds them (the
   instructor's kit and Gradescope's do; the student bundle has no `grade`).

If either falls short, `CanaryFailure` says what failed, and the run stops before grading anyone.
"""
from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from autograder.sandbox.limits import Limits
from autograder.sandbox.session import SubmissionSession

__all__ = ["CanaryFailure", "check_environment"]

STUDENT_IMPORTS = ("numpy", "numpy.random", "numpy.linalg", "matplotlib", "matplotlib.pyplot")
PROBE_MODULE = "dlfs_canary_probe"
PROBE = '''
import importlib


def probe(names):
    failed = []
    for name in names.split(","):
        try:
            importlib.import_module(name)
        except BaseException as error:
            failed.append(f"import {name}: {type(error).__name__}: {error}")
    try:
        import numpy as np
        a = np.random.default_rng(0).standard_normal((300, 300))
        float((a @ a.T).sum() + np.exp(-np.abs(a)).sum())
    except BaseException as error:
        failed.append(f"computing with NumPy: {type(error).__name__}: {error}")
    if failed:
        raise RuntimeError("; ".join(failed))
    return 1
'''


class CanaryFailure(RuntimeError):
    """Code known to be right did not get full marks in the sandbox: the run must not start."""


def check_environment(kind: str, limits: Limits) -> str:
    """Run the canary in a new sandbox of `kind` with `limits`; say what ran, or raise."""
    from autograder.sandbox.isolation import make_launcher

    with make_launcher(kind) as launcher:
        problem = _probe(launcher, limits)
        if problem:
            raise CanaryFailure(_explain(problem, limits))
        problem = _reference(launcher, limits)
        if problem:
            raise CanaryFailure(_explain(problem, limits))
    return "the canary (imports, NumPy and the reference solutions) got full marks"


def _wanted_imports() -> list[str]:
    """What students may import that the kit's own environment has (Matplotlib is optional)."""
    return [name for name in STUDENT_IMPORTS
            if importlib.util.find_spec(name.split(".")[0]) is not None]


def _probe(launcher, limits: Limits) -> str:
    with tempfile.TemporaryDirectory(prefix="dlfs-canary-") as folder:
        (Path(folder) / f"{PROBE_MODULE}.py").write_text(PROBE, encoding="utf-8")
        with SubmissionSession(Path(folder), launcher, limits) as session:
            outcome = session.call(PROBE_MODULE, "probe", {"names": ",".join(_wanted_imports())})
    if outcome.ok and outcome.value == 1:
        return ""
    if outcome.error is None:
        return f"the probe returned {outcome.value!r}"
    return f"the probe of the sandbox's environment failed: {outcome.error.describe()}"


def _reference(launcher, limits: Limits) -> str:
    from autograder.grading import grade_submission
    from autograder.kit import SOLUTIONS_DIR, reference_available

    if not reference_available():
        return ""
    result = grade_submission(SOLUTIONS_DIR, launcher=launcher, limits=limits,
                              counterexamples=False)
    if result.total >= result.max_total:
        return ""
    lost = []
    for name, function in result.functions.items():
        failures = [c.failure.message for c in function.checks if c.failure is not None]
        if failures:
            lost.append(f"{name} {function.score:g}/{function.max_score:g} ({failures[0][:200]})")
    return (f"the reference solutions got {result.total:g} of {result.max_total:g} in the "
            f"sandbox: {'; '.join(lost[:4])}")


def _explain(problem: str, limits: Limits) -> str:
    hints = []
    if any(sign in problem for sign in ("MemoryError", "memory", "failed to map segment",
                                        "Cannot allocate", "was killed")):
        hints.append(f"--memory {limits.memory_mb} may be too small for NumPy (try 1024)")
    if "ModuleNotFoundError" in problem or "No module named" in problem:
        hints.append("a package students import cannot be imported inside the sandbox (is it "
                     "installed in the kit's environment, and readable by every user?)")
    if "did not finish" in problem or "Timeout" in problem:
        hints.append("the machine may be too busy for the time limits (raise --timeout)")
    advice = f" ({'; '.join(hints)})" if hints else ""
    return (f"the canary failed, so nobody was graded: {problem}{advice}. Code known to be right "
            "must get full marks in the sandbox before any student is graded.")
