"""What a student reads about a failed check: the one place that decides it, for every front door.

`autograder check` (text and --json), results.json, feedback.md and feedback.html and the
notebooks' check() all show failures through this module:

- `fill_differences(result)` runs once per function after grading, its counterexamples and its
  diagnosis: every failed check gets its neutral `difference` (autograder.feedback.difference,
  computed from the values; a shrunk counterexample gets its own, shown beside it) or, after a
  crash, the exception and the student's own line, and a `cause`: the same
  for failures of one function with one cause (a diagnosis, a kind of difference, an error).
- one check's own text (results.json, --json) is `Failure.describe`: a diagnosis where one
  explains the check, else the difference; never both, never a guessed cause.
- `function_blocks(function)` groups a function's failures into one block per cause, and
  `import_failures(result)` reports a module that could not be imported once, not under every
  check of every function in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.checks.failure import Compared
from autograder.feedback.difference import (
    Difference,
    describe_change,
    describe_difference,
    describe_dtype,
    describe_probabilities,
)
from autograder.i18n import N_, _, translated
from autograder.kit import exercise, load_known_cases, load_mistakes, load_rubric
from autograder.results import (
    RAISED_CALL,
    STUDENT_LINE,
    CheckResult,
    Counterexample,
    Failure,
    FunctionResult,
    GradingResult,
    error_text,
    shown_student_line,
)
from autograder.sandbox.wire import array_inputs

__all__ = ["Block", "Entry", "ImportFailure", "error_text", "fill_differences", "function_blocks",
           "import_failure_lines", "import_failures", "only_import_failures", "student_line"]

RAISED = N_("raised {error}")
N_("likely mistake: {title}")  # a block's headline, filled in English, translated where shown
BATCH_INPUTS = ("a", "x", "y")  # the argument that is one sample (1-D) or a batch (2-D)
ELEMENTWISE = ("step_function", "sigmoid", "relu", "identity_function", "numerical_gradient")
# A block's headline when its checks differ by the numbers (each check then shows its own).
GENERIC = {"scale": N_("a multiple of the expected value, a different one on each check"),
           "offset": N_("the expected value shifted, by a different amount on each check"),
           "small": N_("differs from the expected value only slightly"),
           "other": N_("differs from the expected value"), "elements": N_("wrong at some elements"),
           "nonfinite": N_("nan or inf where finite values are expected"),
           "row-sums": N_("rows that do not sum to 1"), "changed": N_("the call changed its input")}


@dataclass
class Entry:
    """One failed check of a block, as shown: its own lines, its values or not, its counterexample."""

    check: CheckResult
    lines: list[str]  # the check's message, then its own numbers where the block's words hold
    values: list[str]  # input / expected / actual (and the student's line): the block's first check
    counterexample: Counterexample | None = None

    @property
    def title(self) -> str:
        return (f"{_('FAILED')} {_(self.check.name)} "
                f"({_points(self.check.score)}/{_points(self.check.max_score)})")


@dataclass
class Block:
    """One cause of a function's failures, with the checks it costs."""

    headline: str  # "likely mistake: ...", or the neutral difference, or the error (as shown)
    entries: list[Entry] = field(default_factory=list)
    hint: str = ""
    why: str = ""
    mistake: bool = False  # the headline is a diagnosis

    @property
    def checks(self) -> list[CheckResult]:
        return [e.check for e in self.entries]

    @property
    def points_lost(self) -> float:
        return sum(c.max_score - c.score for c in self.checks)

    @property
    def details(self) -> list[str]:
        """The entries as text lines (check, feedback.md, notebooks)."""
        lines = []
        for entry in self.entries:
            shown = entry.lines + entry.values + (
                entry.counterexample.describe().splitlines() if entry.counterexample else [])
            lines += [entry.title] + ["  " + part for line in shown for part in line.splitlines()]
        return lines


@dataclass
class ImportFailure:
    """A module that could not be imported: told once, with the functions it cost."""

    module: str
    error: str
    line: str  # the student's own line, "losses.py, line 56: def mean_squared_error(y, t)"
    functions: list[str]
    mistake_title: str = ""
    hint: str = ""
    why: str = ""
    source: str = ""  # what the student wrote the module as, where not its own .py (a notebook)


IMPORT_FAILED = N_("{module}.py could not be imported, so none of its functions ran "
                   "({functions}: {points} points)")
# a module the kit made from what the student wrote (notebooks, one .py): named by that file
SOURCE_FAILED = N_("{file}: none of these functions could run ({functions}: {points} points)")


# ---- filling in the difference of each failed check ------------------------------------------------


def fill_differences(result: FunctionResult) -> None:
    """Give every failed check of `result` its `difference` and `cause` (after the diagnosis)."""
    if all(check.failure is None for check in result.checks):
        return
    one_sample_right = _passes_one_sample(result)
    for check in result.checks:
        failure = check.failure
        if failure is None:
            continue
        hidden = check.visibility == "hidden"
        difference = _scoped(_difference(failure, failure.compared, reveal=not hidden), failure.compared,
                             one_sample_right, result.name)
        # a hidden check's own values stay hidden: only the words that hold for every call
        failure.difference = difference.text if not hidden else _in_general(difference.text)
        example = failure.counterexample
        if example is not None and example.compared is not None and failure.error is None:
            # the words beside a counterexample are true of it, not of the check's own input
            words = _scoped(_difference(failure, example.compared, reveal=not hidden), example.compared,
                            one_sample_right, result.name).text
            example.difference = words if not hidden else _in_general(words)
        import_error = difference.kind.startswith("import:")  # told once per module, whatever else
        failure.cause = (f"mistake:{failure.mistake}" if failure.mistake and not import_error
                         else difference.kind)
        if not failure.mistake:
            failure.hint = ""  # a hint comes with the diagnosis that explains the check, or not at all


def _scoped(difference: Difference, compared: Compared | None, one_sample_right: bool,
            function: str) -> Difference:
    """The difference, said to hold for a batch only where the function is right on one sample
    (not a changed input: what a call does to its input is no answer of one sample or a batch)."""
    if (one_sample_right and difference.kind.split(":")[0] not in ("error", "import", "message", "changed")
            and _is_batch(compared)):
        elementwise = function in ELEMENTWISE
        if difference.text:
            scope = (N_("right for a 1-D x, wrong for a 2-D x: {difference}") if elementwise
                     else N_("right for one sample, wrong for a batch: {difference}"))
            text = scope.format(difference=difference.text)
        else:
            text = (N_("right for a 1-D x, wrong for a 2-D x") if elementwise
                    else N_("right for one sample, wrong for a batch"))
        return Difference("batch:" + difference.kind, text)
    return difference


def _difference(failure: Failure, compared: Compared | None, *, reveal: bool) -> Difference:
    error = failure.error
    if failure.not_implemented:
        return Difference("not-implemented", "")
    if error is not None:
        line = student_line(error.where)
        if error.phase == "import":
            return Difference(f"import:{error.type}:{error.message}", line)
        if error.phase in ("timeout", "crash", "reply", "missing"):
            return Difference(f"error:{error.phase}", "")
        # the same exception at the same line of the student's is one cause, whatever its numbers
        return Difference(f"error:{error.type}:{error.where or error.message}", line)
    if compared is None:  # the check's message is the whole, precise story
        return Difference(f"message:{failure.message}", "")
    if compared.what == "dtype":
        return describe_dtype(compared.actual)
    if compared.what == "probabilities":
        return describe_probabilities(compared.inputs["a"], compared.actual)
    if compared.what in array_inputs(compared.inputs):  # an input the call was not to change
        return describe_change(compared.what, compared.expected, compared.actual)
    return describe_difference(compared.expected, compared.actual, compared.inputs, reveal=reveal)


def student_line(where: str) -> str:
    """'your line: losses.py, line 56: def ...' from the sandbox's `where`: the last frame of the
    traceback inside the submission's folder, never the kit's own frames."""
    return f"{STUDENT_LINE}{where}" if where else ""


def _is_batch(compared: Compared | None) -> bool:
    inputs = compared.inputs if compared is not None else {}
    return any(isinstance(inputs.get(name), np.ndarray) and inputs[name].ndim >= 2
               for name in BATCH_INPUTS)


def _passes_one_sample(result: FunctionResult) -> bool:
    """Whether a passed check of the function called it on one sample (1-D inputs) only."""
    rubric = {c.id: c for c in load_rubric()}
    known = load_known_cases()
    for check in result.checks:
        rubric_check = rubric.get(check.id)
        if not check.passed or rubric_check is None or not rubric_check.cases:
            continue
        inputs = [known[case].inputs for case in rubric_check.cases if case in known]
        if inputs and all(_one_sample(i) for i in inputs):
            return True
    return False


def _one_sample(inputs: dict[str, Any]) -> bool:
    arrays = [inputs[name] for name in BATCH_INPUTS if isinstance(inputs.get(name), np.ndarray)]
    return bool(arrays) and all(a.ndim == 1 for a in arrays)


# ---- blocks: one per cause ------------------------------------------------------------------------------


def function_blocks(function: FunctionResult, *, show_hidden_details: bool = True) -> list[Block]:
    """The function's failed checks grouped by cause, in the order they first fail; a module
    that could not be imported is left to `import_failures`."""
    groups: dict[str, list[CheckResult]] = {}
    for check in function.checks:
        if check.failure is not None and not check.failure.cause.startswith("import:"):
            groups.setdefault(check.failure.cause or check.id, []).append(check)
    explanations = _explanations()
    blocks = []
    for checks in groups.values():
        first = checks[0].failure
        assert first is not None
        general = {_in_general(c.failure.difference) for c in checks if c.failure is not None}
        mixed = not first.mistake and len({c.failure.difference for c in checks if c.failure}) > 1
        headline = _headline(first)
        if mixed:
            headline = general.pop() if len(general) == 1 else GENERIC.get(
                first.cause.removeprefix("batch:").split(":")[0], "differs from the expected value")
        block = Block(translated(headline), hint=translated(first.hint) if first.mistake else "",
                      why=translated(explanations.get(first.mistake or "", "")),
                      mistake=bool(first.mistake_title))
        shown = next((c for c in checks if show_hidden_details or c.visibility != "hidden"), None)
        said: set[str] = set()  # the student's exceptions this block has told in full
        for check in checks:
            failure = check.failure
            assert failure is not None
            lines, values = [translated(_once(failure, said))], []
            hidden = check.visibility == "hidden" and not show_hidden_details
            told = failure.shown_difference  # its counterexample's, where one is shown
            if told and not failure.mistake and told != headline and failure.error is None and not hidden:
                here = re.search(r"\(here ([^()]*)\)", told)
                lines.append(f"{_('here')}: {translated(here.group(1))}"
                             if here and _in_general(told) == headline
                             else f"{_('difference')}: {translated(told)}")
            if check is shown:
                values = failure.value_lines()
                if failure.error is not None and failure.difference:
                    values.append(shown_student_line(failure.difference))  # the student's own line: a fact
            elif hidden:
                lines.append(f"({_('a hidden check with random inputs failed: its inputs are not shown')})")
            block.entries.append(Entry(check, lines, values, failure.counterexample))
        blocks.append(block)
    return blocks


def _once(failure: Failure, said: set[str]) -> str:
    """The check's message; where it tells an exception of the student's that an earlier check of
    the block told, only the exception's type ("the function raised AttributeError")."""
    error = failure.error
    if error is None or error.phase != "call" or not error.message:
        return failure.message
    told = RAISED_CALL.format(error=error_text(error.type, error.message))
    if failure.message != told:
        return failure.message
    if told in said:
        return RAISED_CALL.format(error=error.type)
    said.add(told)
    return failure.message


def _in_general(text: str) -> str:
    """The words of a difference that hold for every call: without its "(here ...)" numbers."""
    return re.sub(r" \(here [^()]*\)", "", text)


def _headline(failure: Failure) -> str:
    if failure.mistake_title:
        return f"likely mistake: {failure.mistake_title}"  # translated as a whole where shown
    if failure.error is not None and failure.error.phase == "call":
        return RAISED.format(error=error_text(failure.error.type, failure.error.message))
    if failure.difference:
        return failure.difference
    return failure.message


def import_failures(result: GradingResult) -> list[ImportFailure]:
    """Each module that could not be imported, once, with the functions that lost points by it."""
    found: dict[str, ImportFailure] = {}
    explanations = _explanations()
    for name, function in result.functions.items():
        for check in function.checks:
            failure = check.failure
            if failure is None or failure.error is None or not failure.cause.startswith("import:"):
                continue
            module = exercise(name).module
            error = failure.error
            entry = found.get(module)
            if entry is None:
                text = error_text(error.type, translated(error.message))  # the kit's own, where it is
                source = result.source(module)
                entry = found[module] = ImportFailure(module, text, error.where, [],
                                                      failure.mistake_title, failure.hint if
                                                      failure.mistake else "",
                                                      explanations.get(failure.mistake or "", ""),
                                                      "" if source == f"{module}.py" else source)
            if name not in entry.functions:
                entry.functions.append(name)
    return list(found.values())


def import_failure_lines(entry: ImportFailure, result: GradingResult) -> list[str]:
    """An import failure as text: the module, the error, the student's line, what it cost."""
    lost = sum(result.functions[f].max_score - result.functions[f].score for f in entry.functions)
    header = _(SOURCE_FAILED) if entry.source else _(IMPORT_FAILED)
    lines = [header.format(module=entry.module, file=entry.source,
                           functions=", ".join(entry.functions), points=_points(lost)),
             "  " + _(RAISED).format(error=entry.error)]
    if entry.line:
        lines.append(f"  {shown_student_line(student_line(entry.line))}")
    if entry.mistake_title:
        lines.append(f"  {_('likely mistake')}: {translated(entry.mistake_title)}")
    if entry.hint:
        lines.append(f"  {_('hint')}: {translated(entry.hint)}")
    if entry.why:
        lines.append(f"  {_('why')}: {translated(entry.why)}")
    return lines


def only_import_failures(function: FunctionResult) -> bool:
    failures = [c.failure for c in function.checks if c.failure is not None]
    return bool(failures) and all(f.cause.startswith("import:") for f in failures)


def _explanations() -> dict[str, str]:
    return {m.id: m.explanation for m in load_mistakes() if m.explanation}


def _points(value: float) -> str:
    return f"{value:g}"
