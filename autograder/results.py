"""Grading results as small dataclasses: one check, one function, one submission."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.checks.failure import Compared, ShrinkRequest
    from autograder.sandbox.session import StudentError

from autograder.i18n import N_, _, columns, pad, translated
from autograder.sandbox.account import Account, english

__all__ = ["CheckResult", "Counterexample", "Failure", "FunctionResult", "GradingResult", "PlotData"]

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
    difference: str = ""  # how `actual` differs from `expected`, in neutral words (the feedback fills it)
    # the values shown, with the call's inputs: `difference` is computed from them
    compared: Compared | None = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        width = _label_width()
        return "\n".join([f"{_('smallest failing input')}: {self.call}",
                          f"  {pad(_('expected') + ':', width)}{translated(self.expected)}",
                          f"  {pad(_('actual') + ':', width)}{translated(self.actual)}"])


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
    """What a student needs to see to fix a failed check.

    Either a diagnosis explains the check (`mistake`, `mistake_title`, `hint`) or `difference`
    says in neutral words how the student's value differs from the expected one (or, after a
    crash, the error and the student's own line). `cause` is the same for failures of one
    function that have one cause (a diagnosis, a kind of difference, an error), so they are
    shown as one block (autograder.feedback.explain). The values compared, the student's error
    and the shrink request are typed fields for the feedback, never serialised.
    """

    message: str
    call: str = ""
    expected: str = ""
    actual: str = ""
    hint: str = ""
    mistake: str | None = None
    mistake_title: str = ""
    not_implemented: bool = False
    counterexample: Counterexample | None = None
    difference: str = ""
    cause: str = ""
    compared: Compared | None = field(default=None, repr=False, compare=False)
    error: StudentError | None = field(default=None, repr=False, compare=False)
    shrink: ShrinkRequest | None = field(default=None, repr=False, compare=False)

    def describe(self, *, show_inputs: bool = True) -> str:
        """One failed check in plain words (results.json, --json), in the chosen language: what
        happened, the values (without `show_inputs`, the check's own input is left out), the
        counterexample, then its diagnosis or else its neutral difference (after a crash, the
        student's line)."""
        lines = [translated(self.message)]
        if show_inputs:
            lines += self.value_lines()
        if self.counterexample is not None:
            lines += self.counterexample.describe().splitlines()
        return "\n".join(lines + self.explanation_lines())

    def value_lines(self) -> list[str]:
        """The input, expected and actual values, their labels padded to one width (display
        columns, so that Hangul labels line up too)."""
        width = _label_width()
        return [f"{pad(_(label) + ':', width)}{translated(value)}" for label, value in (
            ("input", self.call), ("expected", self.expected), ("actual", self.actual)) if value]

    @property
    def shown_difference(self) -> str:
        """The difference told beside the values shown: the counterexample's where one is shown
        (the check's own input may be another, or hidden), else the check's own."""
        example = self.counterexample
        return example.difference if example is not None and example.difference else self.difference

    def explanation_lines(self) -> list[str]:
        """The diagnosis with its hint where one explains the check, else the difference."""
        line = [shown_student_line(self.difference)] if self.difference.startswith(STUDENT_LINE) else []
        if self.mistake_title:  # after a crash, the student's own line comes first
            hint = [f"{_('hint')}: {translated(self.hint)}"] if self.hint else []
            return [*line, f"{_('likely mistake')}: {translated(self.mistake_title)}", *hint]
        if self.not_implemented or not self.difference:
            return []
        return [shown_student_line(self.difference) if self.difference.startswith(STUDENT_LINE) else
                f"{_('difference')}: {translated(self.shown_difference)}"]

    def to_dict(self) -> dict:
        """The serialisable fields (the values, error and shrink request stay in the process)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in NOT_SERIALISED}
        example = self.counterexample
        data["counterexample"] = None if example is None else {
            f.name: getattr(example, f.name) for f in fields(example) if f.name != "compared"}
        return data


NOT_SERIALISED = ("compared", "error", "shrink")
STUDENT_LINE = "your line: "  # how the student's own line after a crash begins (kept in English in the data)


def shown_student_line(difference: str) -> str:
    """'your line: losses.py, line 56: ...' in the chosen language (the source line as it is);
    a notebook's 'homework.ipynb, cell 3, line 2: ...' too."""
    where = difference.removeprefix(STUDENT_LINE)
    in_cell = re.match(r"([^\n]+?), cell (\d+), line (\d+)(.*)", where, re.S)  # notebook_code.NOTEBOOK_PLACE
    found = re.match(r"([^,\n]+), line (\d+)(.*)", where, re.S)  # as the sandbox writes it
    if in_cell:
        where = _("{notebook}, cell {cell}, line {line}").format(
            notebook=in_cell.group(1), cell=in_cell.group(2), line=in_cell.group(3)) + in_cell.group(4)
    elif found:
        where = _("{file}, line {number}").format(file=found.group(1), number=found.group(2)) + found.group(3)
    return _("your line: {where}").format(where=where)


RAISED_CALL = N_("the function raised {error}")  # a check's message when the student's function raised
LONG_ERROR = 160  # characters: an exception's first line longer than this is cut to its first sentence


def error_text(type_name: str, message: str) -> str:
    """'ValueError: shapes ... not aligned': the first line (its first sentence where it is
    long), without the sandbox's folder or the SyntaxError's own '(file, line N)' (the
    student's line is shown next). NumPy's `np.int` message runs to 5 lines, cut mid-sentence
    at the sandbox's 500 characters: its first line says it all."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    first = re.sub(r" \([^()]*, line \d+\)$", "", first)
    first = re.sub(r"\(/[^()]*/([\w.]+\.py)\)", r"(\1)", first)
    if len(first) > LONG_ERROR:
        sentence = re.match(r".{20,}?[.!?](?=\s)", first)
        first = sentence.group(0) if sentence and len(sentence.group(0)) <= LONG_ERROR else \
            first[:LONG_ERROR].rstrip() + "..."
    return f"{type_name}: {first}" if first else type_name


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
    # the calls this check made, in order (autograder.checks.RecordedCall): read by
    # autograder.diagnosis to attribute a failure; never serialised
    calls: list = field(default_factory=list, repr=False, compare=False)

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
            result["failure"] = self.failure.to_dict()
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
    isolation: Account = ()  # what the sandbox isolated (autograder.sandbox.account)
    seconds: float = 0.0
    # the public checks' time: all a student is shown (a hidden check's time can tell its input:
    # a helper's submission slept as long as a hidden input said)
    public_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    plots: list[PlotData] = field(default_factory=list)
    # what the student handed in that each module was made from, where it is not the module's
    # own file: notebooks ("homework.ipynb"), or the one .py they wrote (by module name)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(f.score for f in self.functions.values())

    @property
    def max_total(self) -> float:
        return sum(f.max_score for f in self.functions.values())

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.functions.values())

    def source(self, module: str) -> str:
        """The file the student wrote `module` as: "activations.py", or the notebook it came from."""
        return self.sources.get(module, f"{module}.py")

    def checks(self) -> list[CheckResult]:
        return [c for f in self.functions.values() for c in f.checks]

    def rewrite_texts(self, rewrite: Callable[[str], str]) -> None:
        """Pass every text that can name the student's file through `rewrite`: the problems, and
        each failure's message, difference, and its error's message and place (`where`)."""
        self.problems = [rewrite(problem) for problem in self.problems]
        for check in self.checks():
            failure = check.failure
            if failure is not None:
                failure.message, failure.difference = rewrite(failure.message), rewrite(failure.difference)
                if failure.error is not None:
                    failure.error = replace(failure.error, where=rewrite(failure.error.where),
                                            message=rewrite(failure.error.message))

    def to_dict(self) -> dict:
        return {"total": self.total, "max_total": self.max_total,
                "hidden_checks_run": self.hidden_checks_run, "isolation": english(self.isolation),
                "problems": self.problems, "plots": [asdict(p) for p in self.plots],
                "functions": {name: f.to_dict() for name, f in self.functions.items()}}
