"""Grading results as small dataclasses: one check, one function, one submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["CheckResult", "Failure", "FunctionResult", "GradingResult"]


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

    def describe(self) -> str:
        lines = [self.message]
        if self.call:
            lines.append(f"input:    {self.call}")
        if self.expected:
            lines.append(f"expected: {self.expected}")
        if self.actual:
            lines.append(f"actual:   {self.actual}")
        if self.mistake_title:
            lines.append(f"likely mistake: {self.mistake_title}")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


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
        return "" if self.failure is None else self.failure.describe()

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
                "problems": self.problems,
                "functions": {name: f.to_dict() for name, f in self.functions.items()}}
