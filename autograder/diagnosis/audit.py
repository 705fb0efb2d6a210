"""`autograder audit`: does the rubric catch the mistakes the reference can be edited into?

For instructors who change the rubric. For each exercise function: how many generated mutants
behave differently from the reference on the contract's domain (many seeded random inputs:
single samples and batches, labels and one-hot answers, large values, N-D arrays; functions as
the sandbox passes them, by the kit's test functions' names), how many of those lose points on
that function under the rubric, how many get a diagnosis on every failed check, and which escape
(listed with an input that tells them from the reference). Every correct variant of the corpus
(tests/submissions/correct/) must keep full marks and get no diagnosis, under the secret in
force and, on the hidden checks of the functions it rewrites, under 20 other secrets (a grade
that hangs on the instructor's secret is not a grade). Exit status 1 when a
mutant that differs escapes or a correct variant loses a point.

Mutants, the reference and the corpus are the kit's own code: they run in this process
(autograder.diagnosis.inprocess), never a student's.
"""
from __future__ import annotations

import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.checks import StudentCode
from autograder.checks.compare import format_call
from autograder.diagnosis.attribution import attribute
from autograder.diagnosis.inprocess import InProcessSession
from autograder.diagnosis.mutation import Mutant, mutants, reference_sources
from autograder.diagnosis.signatures import _header
from autograder.diagnosis.summary import Summary, reproduces, summarise
from autograder.grading import run_check
from autograder.kit import KIT_ROOT, RubricCheck, exercise, load_exercises, load_rubric
from autograder.results import FunctionResult
from autograder.sandbox.prefetch import PlannedCall
from autograder.sandbox.session import defined_by
from autograder.secret import secret_in_force

__all__ = ["AuditResult", "DEFAULT_SEED", "audit", "render_audit"]

DEFAULT_SEED = 2024
SAMPLES = 24  # random inputs per function and kind of input
DOMAIN_RTOL = 1e-6  # two outputs differ when some value differs by more than this, relatively
CORRECT_VARIANTS = KIT_ROOT / "tests" / "submissions" / "correct"
# Functions whose contract lets them change an input (gradient_descent moves init_x in place).
MAY_CHANGE_INPUTS = frozenset({"gradient_descent"})
# The kinds whose inputs the instructor's secret draws (autograder.checks.hidden): a correct
# variant must pass them under any secret, so they are tried under SECRETS_TRIED more.
SECRET_DRAWN_KINDS = frozenset({"random_vs_reference"})
SECRETS_TRIED = 20

Inputs = dict[str, Any]


@dataclass
class MutantVerdict:
    mutant: Mutant
    differs: bool
    witness: str = ""  # a call that tells it from the reference
    caught: bool = False
    diagnosed: bool = False


@dataclass
class AuditResult:
    seed: int
    verdicts: list[MutantVerdict] = field(default_factory=list)
    correct: dict[str, list[str]] = field(default_factory=dict)  # variant -> what it lost
    seconds: float = 0.0

    @property
    def escaped(self) -> list[MutantVerdict]:
        return [v for v in self.verdicts if v.differs and not v.caught]

    @property
    def ok(self) -> bool:
        return not self.escaped and not any(self.correct.values())


def audit(rubric: tuple[RubricCheck, ...] | None = None, *, seed: int = DEFAULT_SEED,
          limit: int | None = None) -> AuditResult:
    """Audit `rubric` (the shipped one by default) against the generated mutants.

    `limit` audits a sample of that many mutants, drawn with `seed` (all of them by default).
    """
    started = time.perf_counter()
    rubric = rubric or load_rubric()
    found = mutants()
    if limit is not None and limit < len(found):
        chosen = sorted(np.random.default_rng(seed).choice(len(found), limit, replace=False))
        found = [found[i] for i in chosen]
    domain = {e.function: list(_domain(e.function, seed)) for e in load_exercises()}
    reference = InProcessSession(reference_sources())
    expected = {function: [_outcome(reference, function, inputs) for inputs in calls]
                for function, calls in domain.items()}
    result = AuditResult(seed)
    for mutant in found:
        verdict = _witness(mutant, domain[mutant.function], expected[mutant.function])
        if verdict.differs:
            verdict.caught, verdict.diagnosed = _graded(mutant.sources, mutant.function, rubric)
        result.verdicts.append(verdict)
    result.correct = _correct_variants(rubric)
    result.seconds = time.perf_counter() - started
    return result


def _witness(mutant: Mutant, calls: list[Inputs], expected: list[Summary]) -> MutantVerdict:
    session = InProcessSession(mutant.sources)
    whole = mutant.function not in MAY_CHANGE_INPUTS
    for inputs, reference in zip(calls, expected, strict=True):
        actual = _outcome(session, mutant.function, inputs)
        same = reproduces(reference, actual, DOMAIN_RTOL) if whole else reproduces(
            reference[0], actual[0], DOMAIN_RTOL)
        if not same:
            return MutantVerdict(mutant, True, format_call(mutant.function, inputs))
    return MutantVerdict(mutant, False)


def _outcome(session: InProcessSession, function: str, inputs: Inputs) -> Summary:
    ex = exercise(function)
    planned = PlannedCall(ex.module, function, inputs, tuple(n for n in inputs if n == "f"))
    return summarise(session.run(planned), inputs)


def _graded(sources: dict[str, str], function: str,
            rubric: tuple[RubricCheck, ...]) -> tuple[bool, bool]:
    """(loses points on `function`, every failed check of it has a diagnosis)."""
    student = StudentCode(InProcessSession(sources))  # type: ignore[arg-type]
    result = FunctionResult(function, [run_check(student, c) for c in rubric
                                       if c.function == function])
    attribute(student, result)
    failed = [c for c in result.checks if c.failure is not None]
    return bool(failed), bool(failed) and all(c.failure.mistake for c in failed if c.failure)


def _correct_variants(rubric: tuple[RubricCheck, ...]) -> dict[str, list[str]]:
    """Each correct variant: the checks it fails or that name a mistake (none, to pass)."""
    found: dict[str, list[str]] = {}
    for path in sorted(CORRECT_VARIANTS.glob("*.py")) if CORRECT_VARIANTS.is_dir() else []:
        header = _header(path)
        sources = dict(reference_sources())
        module = header["file"].removesuffix(".py")
        body = path.read_text(encoding="utf-8")
        sources[module] = body if header.get("replace") == "true" or module not in sources else (
            sources[module] + "\n\n" + body)
        student = StudentCode(InProcessSession(sources))  # type: ignore[arg-type]
        problems = []
        for exercise_ in load_exercises():
            result = FunctionResult(exercise_.function, [
                run_check(student, c) for c in rubric if c.function == exercise_.function])
            attribute(student, result)
            problems += [f"{c.id} fails" for c in result.checks if c.failure is not None]
            problems += [f"{c.id} names {c.failure.mistake}" for c in result.checks
                         if c.failure is not None and c.failure.mistake]
        problems += _lost_under_other_secrets(student, [
            c for c in rubric if c.kind in SECRET_DRAWN_KINDS and c.function in defined_by(body)])
        found[path.stem] = problems
    return found


def _lost_under_other_secrets(student: StudentCode, checks: list[RubricCheck]) -> list[str]:
    """The checks among `checks` that fail on the inputs some of SECRETS_TRIED secrets draw."""
    lost = Counter(c.id for k in range(SECRETS_TRIED) for c in checks
                   if not _passes_under(f"audit secret {k}", student, c))
    return [f"{check} fails under {count} of {SECRETS_TRIED} other secrets"
            for check, count in lost.items()]


def _passes_under(secret: str, student: StudentCode, check: RubricCheck) -> bool:
    with secret_in_force(secret):
        return run_check(student, check).passed


# ---- the contract's domain ------------------------------------------------------------------------


def _domain(function: str, seed: int) -> Iterator[Inputs]:
    rng = np.random.default_rng([seed, sum(map(ord, function))])
    yield from DOMAINS[function](rng)


def _arrays(rng: np.random.Generator) -> Iterator[np.ndarray]:
    shapes = [(), (1,), (4,), (3, 3), (2, 5), (2, 3, 4)]
    for i in range(SAMPLES):
        shape = shapes[i % len(shapes)]
        scale = [1.0, 10.0, 1000.0][i % 3]
        x = rng.normal(0, scale, shape)
        if x.ndim:
            x.flat[0] = 0.0
        yield x


def _elementwise(rng: np.random.Generator) -> Iterator[Inputs]:
    for x in _arrays(rng):
        yield {"x": x}


def _softmax(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        shape = [(5,), (3, 3), (4, 6), (1, 10), (6, 2)][i % 5]
        spread = [1.0, 10.0, 1000.0][i % 3]
        yield {"a": rng.normal(0, spread, shape) + rng.uniform(-1000, 1000)}


def _no_inputs(rng: np.random.Generator) -> Iterator[Inputs]:
    yield {}


def _forward(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        network = {"W1": rng.normal(0, 1, (2, 3)), "b1": rng.normal(0, 1, 3),
                   "W2": rng.normal(0, 1, (3, 2)), "b2": rng.normal(0, 1, 2),
                   "W3": rng.normal(0, 1, (2, 2)), "b3": rng.normal(0, 1, 2)}
        shape = [(2,), (5, 2), (2, 2), (1, 2)][i % 4]
        yield {"network": network, "x": rng.normal(0, 3, shape)}


def _probabilities(rng: np.random.Generator, shape: tuple[int, ...], zeros: bool) -> np.ndarray:
    a = rng.normal(0, 2, shape)
    y = np.exp(a - a.max(axis=-1, keepdims=True))
    if zeros:
        y[..., 0] = 0.0
    return y / y.sum(axis=-1, keepdims=True)


def _mse(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        shape = [(10,), (4,), (3, 5), (2, 2)][i % 4]
        y = _probabilities(rng, shape, zeros=i % 3 == 0)
        labels = rng.integers(0, shape[-1], shape[:-1])
        yield {"y": y, "t": np.eye(shape[-1], dtype=np.int64)[labels]}


def _cross_entropy(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        shape = [(10,), (4, 5), (3, 3), (1, 7), (2, 10)][i % 5]
        y = _probabilities(rng, shape, zeros=i % 4 == 0)
        labels = rng.integers(0, shape[-1], shape[:-1])
        if i % 4 == 0:  # the true class may be the one with probability 0
            labels = np.zeros_like(labels)
        if i % 2:
            yield {"y": y, "t": np.eye(shape[-1], dtype=np.int64)[labels]}
        elif len(shape) == 1:
            yield {"y": y, "t": np.array(labels if labels.ndim else [labels], dtype=np.int64)}
        else:
            yield {"y": y, "t": labels.astype(np.int64)}


def _diff(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        name = ["function_1", "function_tmp1", "function_tmp2"][i % 3]
        yield {"f": name, "x": float(rng.uniform(-100, 100) if i % 4 == 0 else rng.uniform(-10, 10))}


def _gradient(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        kind = i % 4
        if kind == 0:
            yield {"f": "function_2", "x": rng.uniform(-5, 5, 2)}
        elif kind == 1:
            shape = [(5,), (3, 4), (2, 2, 3)][i % 3]
            yield {"f": "sum_squares", "x": rng.uniform(-5, 5, shape)}
        elif kind == 2:
            yield {"f": "rows_interact", "x": rng.uniform(-5, 5, (2, int(rng.integers(1, 6))))}
        else:
            yield {"f": "closure_over_x", "x": rng.uniform(-5, 5, (2, 3))}


def _descent(rng: np.random.Generator) -> Iterator[Inputs]:
    for i in range(SAMPLES):
        name = ["function_2", "shifted_bowl", "sum_squares"][i % 3]
        init_x = rng.uniform(-5, 5, 2)
        if i % 4 == 0:
            yield {"f": name, "init_x": init_x}  # the defaults, lr = 0.01 and 100 steps
        else:
            yield {"f": name, "init_x": init_x, "lr": float(rng.uniform(0.01, 0.4)),
                   "step_num": int(rng.integers(1, 60))}


DOMAINS: dict[str, Callable[[np.random.Generator], Iterator[Inputs]]] = {
    "step_function": _elementwise, "sigmoid": _elementwise, "relu": _elementwise,
    "identity_function": _elementwise, "softmax": _softmax, "init_network": _no_inputs,
    "forward": _forward, "mean_squared_error": _mse, "cross_entropy_error": _cross_entropy,
    "numerical_diff": _diff, "numerical_gradient": _gradient, "gradient_descent": _descent,
}


# ---- the table --------------------------------------------------------------------------------------


def render_audit(result: AuditResult) -> str:
    """The audit's table, its escapes with their inputs, and the correct variants' verdict."""
    rows = [f"{'function':<20} {'mutants':>7} {'differ':>7} {'caught':>7} {'diagnosed':>9} "
            f"{'escape':>7}"]
    for ex in load_exercises():
        mine = [v for v in result.verdicts if v.mutant.function == ex.function]
        differ = [v for v in mine if v.differs]
        rows.append(f"{ex.function:<20} {len(mine):>7} {len(differ):>7} "
                    f"{sum(v.caught for v in differ):>7} {sum(v.diagnosed for v in differ):>9} "
                    f"{sum(not v.caught for v in differ):>7}")
    differ = [v for v in result.verdicts if v.differs]
    caught = sum(v.caught for v in differ)
    rows.append(f"{'all':<20} {len(result.verdicts):>7} {len(differ):>7} {caught:>7} "
                f"{sum(v.diagnosed for v in differ):>9} {len(differ) - caught:>7}")
    share = caught / len(differ) if differ else 1.0
    rows.append(f"\n{len(result.verdicts)} single-edit mutants (seed {result.seed}); "
                f"{len(differ)} differ from the reference on the contract's domain; "
                f"{caught} ({share:.1%}) lose points on their function.")
    if result.escaped:
        rows.append("\nEscaped (differ from the reference, lose no point):")
        rows += [f"  {v.mutant.id}: {v.mutant.title}\n    tells apart: {v.witness}"
                 for v in result.escaped]
    lost = {name: problems for name, problems in result.correct.items() if problems}
    rows.append(f"\nCorrect variants: {len(result.correct) - len(lost)} of {len(result.correct)} "
                "keep full marks with no diagnosis.")
    rows += [f"  {name}: {', '.join(problems)}" for name, problems in lost.items()]
    rows.append(f"({result.seconds:.1f} s)")
    return "\n".join(rows)


def rubric_from(path: Path) -> tuple[RubricCheck, ...]:
    """The checks of a rubric file (for auditing a changed rubric before it replaces the kit's)."""
    with path.open("rb") as file:
        document = tomllib.load(file)
    order = {e.function: i for i, e in enumerate(load_exercises())}
    checks = [RubricCheck(id=c["id"], function=c["function"], kind=c["kind"],
                          points=float(c["points"]), visibility=c["visibility"], name=c["name"],
                          hint=c.get("hint", ""), cases=tuple(c.get("cases", ())),
                          correct_dependencies=c.get("dependencies") == "correct")
              for c in document["check"]]
    return tuple(sorted(checks, key=lambda c: order[c.function]))
