"""Grading results as small dataclasses: one check, one function, one submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from autograder.i18n import N_, _, columns, pad

__all__ = ["CheckResult", "Counterexample", "Failure", "FunctionResult", "GradingResult", "PlotData"]

NOT_A_KNOWN_MISTAKE = N_("not one of the common mistakes the kit knows: compare your code with the hint")


def _label_width() -> int:
    """The columns of the widest value label, and a space: the values line up under each other."""
    return max(columns(_(label) + ":") for label in ("input", "expected", "actual")) + 1


@dataclass
class Counterexample:
    """The smallest input found that still fails a randomized check, with both outputs."""

    call: str
    expected: str
    actual: str
    probes: int = 0  # calls of the student's function the shrinking made

    def describe(self) -> str:
        width = _label_width()
        return "\n".join([f"{_('smallest failing input')}: {self.call}",
                          f"  {pad(_('expected') + ':', width)}{self.expected}",
                          f"  {pad(_('actual') + ':', width)}{self.actual}"])


@dataclass
class PlotData:
    """What one plot of the feedback shows, as plain data (lists of numbers) made while grading.

    `kind` says how it is drawn (autograder.feedback.plots); `series` holds named lists of
    numbers (None where the student's function gave no finite value).
    """

    kind: str
    function: str
    title: str
    series: dict = field(default_factory=dict)


@dataclass
class Failure:
    """What a student needs to see to fix a failed check."""

    message: str
    call: str = ""
    expected: str = ""
    actual: str = ""
    hint: str = ""
    mistake: str | None = None
    mistake_title: str = ""
    not_implemented: bool = False
    counterexample: Counterexample | None = None

    def describe(self, *, show_inputs: bool = True) -> str:
        """The failure in plain words; without `show_inputs`, the check's own input is left out."""
        lines = [_(self.message)]
        if show_inputs:
            lines += self._values()
        if self.counterexample is not None:
            lines += self.counterexample.describe().splitlines()
        if self.mistake_title:
            lines.append(f"{_('likely mistake')}: {_(self.mistake_title)}")
        elif not self.not_implemented:
            lines.append(f"{_('likely mistake')}: {_(NOT_A_KNOWN_MISTAKE)}")
        if self.hint:
            lines.append(f"{_('hint')}: {_(self.hint)}")
        return "\n".join(lines)

    def _values(self) -> list[str]:
        lines, width = [], _label_width()
        if self.call:
            lines.append(f"{pad(_('input') + ':', width)}{self.call}")
        if self.expected:
            lines.append(f"{pad(_('expected') + ':', width)}{self.expected}")
        if self.actual:
            lines.append(f"{pad(_('actual') + ':', width)}{self.actual}")
        return lines


@dataclass
class CheckResult:
    """The outcome of one check of the rubric."""

    id: str
    function: str
    name: str
    score: float
    max_score: float
    visibility: str
    failure: Failure | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None

    @property
    def message(self) -> str:
        """What the student may read: a hidden check's own random input and values are left out."""
        if self.failure is None:
            return ""
        return self.failure.describe(show_inputs=self.visibility != "hidden")

    def to_dict(self) -> dict:
        result = {"name": self.name, "id": self.id, "passed": self.passed,
                  "score": self.score, "max_score": self.max_score,
                  "visibility": self.visibility, "message": self.message,
                  "mistake": None if self.failure is None else self.failure.mistake}
        if self.failure is not None:
            result["failure"] = asdict(self.failure)
        return result


@dataclass
class FunctionResult:
    """All checks of one exercise function."""

    name: str
    checks: list[CheckResult] = field(default_factory=list)
    status: str = ""  # "not implemented", "missing", ... when no check could run the function

    @property
    def score(self) -> float:
        return sum(c.score for c in self.checks)

    @property
    def max_score(self) -> float:
        return sum(c.max_score for c in self.checks)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def to_dict(self) -> dict:
        return {"score": self.score, "max_score": self.max_score, "status": self.status,
                "tests": [c.to_dict() for c in self.checks]}


@dataclass
class GradingResult:
    """A whole submission's result, in contract order of the functions."""

    functions: dict[str, FunctionResult]
    hidden_checks_run: bool = False
    isolation: str = "process"
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    plots: list[PlotData] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(f.score for f in self.functions.values())

    @property
    def max_total(self) -> float:
        return sum(f.max_score for f in self.functions.values())

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.functions.values())

    def checks(self) -> list[CheckResult]:
        return [c for f in self.functions.values() for c in f.checks]

    def to_dict(self) -> dict:
        return {"total": self.total, "max_total": self.max_total,
                "hidden_checks_run": self.hidden_checks_run, "isolation": self.isolation,
                "problems": self.problems, "plots": [asdict(p) for p in self.plots],
                "functions": {name: f.to_dict() for name, f in self.functions.items()}}
