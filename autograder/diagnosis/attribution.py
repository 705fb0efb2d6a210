"""Attribution per check: a diagnosis on a failed check only where its model explains that check.

A model explains a failed check when, on every call the check made, it returns what the
student's function returned (or raises the same error), and it differs from the reference on at
least one of them. Then, by kind of model:

- a mistake of the hand-written catalogue (data/mistakes.toml) is tried first, and only when its
  signs show in the student's outputs (autograder.mistakes); where it has no model of code (a
  module that fails at import, a dependency's mistake), its signs are its model: an error sign
  explains a check whose call raised that error, another sign the check whose call it describes;
- a generated mutant must also reproduce the student's outputs on every call where it differs
  from the reference, whichever check made it (item 2 of issue 11).

A failed check no model explains keeps no diagnosis: the feedback describes the difference.
"""
from __future__ import annotations

import weakref
from dataclasses import replace
from functools import cache
from typing import Any

from autograder.checks import Observation, RecordedCall, StudentCode
from autograder.diagnosis.models import ErrorModel, ModelData, key_text, load_models, mutant_explanation
from autograder.diagnosis.summary import SIGNATURE_RTOL, Summary, reproduces, summarise
from autograder.kit import Mistake, exercise, load_known_cases, load_mistakes, load_rubric
from autograder.mistakes import ANY, sign_holds, signs_hold
from autograder.results import CheckResult, FunctionResult
from autograder.sandbox.prefetch import PlannedCall

__all__ = ["Diagnoser", "attribute"]

FINDING = "diagnosis"  # the phase of a finding a check records among its calls, not a call
DESCRIPTIVE_SIGNS = frozenset({"error", "keys_differ", "none", "bool_dtype", "float_dtype",
                               "not_tuple", "history_not_array", "expected", "input_rounded"})

# per student, computed once: the summary of each call, and the calls by key
_SUMMARIES: weakref.WeakKeyDictionary[StudentCode, dict[str, Summary]] = weakref.WeakKeyDictionary()
_MADE: weakref.WeakKeyDictionary[StudentCode, dict[str, RecordedCall]] = weakref.WeakKeyDictionary()


def attribute(student: StudentCode, result: FunctionResult,
              diagnoser: Diagnoser | None = None) -> None:
    """Set each failed check's diagnosis where a model explains it, and the function's status.
    A `diagnoser` of the function given again keeps what it found (grading diagnoses the public
    checks before the hidden ones run, then all of them)."""
    failed = [c for c in result.checks if c.failure is not None]
    if not failed:
        return
    if all(c.failure.not_implemented for c in failed if c.failure) and len(failed) == len(
            result.checks):
        result.status = "not implemented"
        return
    diagnoser = diagnoser or Diagnoser(student, result.name)
    titles = []
    for check in failed:
        failure = check.failure
        if failure is None or failure.not_implemented:
            continue
        model = diagnoser.explain(check)
        if model is not None:
            model = diagnoser.as_written(model)
            failure.mistake, failure.mistake_title = model.id, model.title
            # the model's own hint, or none: the check's hint is about the check, and beside a
            # mutant's title ("leaves out axis=1 in the call to t.argmax") it sent learners to
            # a line they had right (learner round 12)
            failure.hint = model.hint
            titles.append(model.title)
    result.status = "mistake: " + titles[0] if titles else "failed"


class Diagnoser:
    """The models that may explain the failed checks of one function of one submission."""

    def __init__(self, student: StudentCode, function: str, data: ModelData | None = None) -> None:
        self.student, self.function = student, function
        self.data = data or load_models()
        self._signs: dict[str, bool] = {}
        self._consistent: dict[str, bool] = {}
        self._explained: dict[str, ErrorModel | None] = {}  # by check id
        self._written: dict[str, frozenset[str]] = {}  # the student's lines, by module

    def explain(self, check: CheckResult) -> ErrorModel | None:
        """The model that explains this failed check, if any (found once per check)."""
        if check.id not in self._explained:
            self._explained[check.id] = self._explain(check)
        return self._explained[check.id]

    def _explain(self, check: CheckResult) -> ErrorModel | None:
        """The model that explains this failed check, if any: the catalogue first; among the
        models that explain it, the one that differs from the reference on the fewest calls (a
        learner's example of one mistake may hold a second one, the book's first softmax does)."""
        if not check.calls:
            return None
        explaining: list[ErrorModel] = []
        for mistake in load_mistakes():
            if mistake.function not in (self.function, ANY):
                continue
            models = self.data.catalogue.get(mistake.id, [])
            found = [m for m in models if self.reproduces_check(m, check)]
            if (not models or _descriptive_signs_only(mistake)) and self.sign_explains(
                    mistake, check):
                found = found or [_sign_model(mistake)]
            if found and self.signs(mistake):  # the signs last: they may call the sandbox
                explaining += found
        for models in self.data.catalogue.values():  # a dependency's mistake (sigmoid's, in forward)
            explaining += [m for m in models if m.function != self.function
                           and self.function in m.functions and self.reproduces_check(m, check)
                           and self.signs(_mistake(m.id))]
        if not explaining:
            explaining = [m for m in self.data.mutants_for(self.function) if check.id in m.checks
                          and self.reproduces_check(m, check) and self.consistent(m)]
        return min(explaining, key=_size) if explaining else None

    def as_written(self, model: ErrorModel) -> ErrorModel:
        """A mutant in the words of the line the student wrote, where one of the mutants that
        give its outputs has a line in their module: `a2 = np.dot(a1, W2) + b2` is told "uses a1
        where z1 belongs", not "leaves out sigmoid in the value given to z1", a line they have
        right (learner round 12)."""
        if not model.alternatives:
            return model
        written = self._lines(exercise(model.function).module)
        for title, line in ((model.title, model.line), *model.alternatives):
            if _squeezed(line) in written:
                return replace(model, title=title, line=line, explanation=mutant_explanation(line))
        return model

    def _lines(self, module: str) -> frozenset[str]:
        """The lines of the student's module, without their spaces (none if it cannot be read)."""
        if module not in self._written:
            text = self.student.session.source(module)
            self._written[module] = frozenset(map(_squeezed, text.splitlines()))
        return self._written[module]

    def signs(self, mistake: Mistake | None) -> bool:
        if mistake is None or not mistake.signs:
            return False
        if mistake.id not in self._signs:
            self._signs[mistake.id] = signs_hold(self.student, self.function, mistake)
        return self._signs[mistake.id]

    def reproduces_check(self, model: ErrorModel, check: CheckResult) -> bool:
        """The model returns what the student's function returned on every call of the check
        (and changes the same inputs, where the check is about that), and differs from the
        reference on one of them at least."""
        differs = False
        whole = _kind(check.id) == "input_unchanged"
        for call in check.calls:
            key = key_text(call.key)
            predicted = self.data.predicted(model, key)
            actual = self._summary(call)
            if predicted is None or not (reproduces(predicted, actual) if whole
                                         else reproduces(predicted[0], actual[0])):
                return False
            differs = differs or (key in model.signature and (
                whole or not reproduces(model.signature[key][0], self.data.reference[key][0],
                                       SIGNATURE_RTOL, 0.0)))
        return differs

    def consistent(self, model: ErrorModel) -> bool:
        """The student reproduces the model on every call it made where the model differs."""
        if model.id not in self._consistent:
            made = self._made()
            self._consistent[model.id] = all(
                reproduces(summary[0], self._summary(made[key])[0])
                for key, summary in model.signature.items() if key in made)
        return self._consistent[model.id]

    def sign_explains(self, mistake: Mistake, check: CheckResult) -> bool:
        """A sign-only model: the check's failing call is one its signs describe."""
        last = check.calls[-1]
        errors = [s for s in mistake.signs if str(s["output"]).startswith("error")]
        if errors and len(errors) == len(mistake.signs):
            # the check's failing call, or a finding a check noted about one of its calls (phase
            # FINDING: what a check measured, named, such as the training checks' symptoms)
            keys = {call.key for call in check.calls}
            seen = [last, *(c for c in self.student.calls if c.key in keys and c.outcome.error
                            is not None and c.outcome.error.phase == FINDING)]
            return any(call.outcome.error is not None and sign_holds(
                s["output"], Observation(call.inputs, call.outcome), "", message=s.get("message", ""),
                phase=s.get("phase", "")) for call in seen for s in errors)
        # a sign about the input explains a check about the input, a sign about the output
        # (floats, None, other keys) a check about the output: returning floats does not
        # explain writing into x. Rounding x by arithmetic explains both: x comes back a unit
        # in the last place off, and x - h computed as x + h - 2h rounds the values too
        about_input = _kind(check.id) == "input_unchanged"
        return any(s["output"] != "expected" and (s["output"] == "input_rounded"
                                                  or (s["output"] == "input_changed") == about_input)
                   and _sign_key(s, self.function) == last.key for s in mistake.signs)

    def _summary(self, call: RecordedCall) -> Summary:
        summaries = _SUMMARIES.setdefault(self.student, {})
        key = key_text(call.key)
        if key not in summaries:
            summaries[key] = summarise(call.outcome, call.inputs)
        return summaries[key]

    def _made(self) -> dict[str, RecordedCall]:
        """The student's calls so far by key (the first of each)."""
        made = _MADE.setdefault(self.student, {})
        if len(made) < len(self.student.calls):
            for call in self.student.calls:
                made.setdefault(key_text(call.key), call)
        return made


def _sign_key(sign: dict, function: str) -> bytes | None:
    case = load_known_cases().get(sign["case"])
    if case is None:
        return None
    ex = exercise(case.function)
    inputs = {name: case.inputs[name] for name in ex.parameters if name in case.inputs}
    dependencies = {} if sign.get("dependencies") == "yours" else ex.dependencies
    return PlannedCall(ex.module, case.function, inputs, tuple(n for n in inputs if n == "f"),
                       tuple(sorted(dependencies.items()))).key


def _descriptive_signs_only(mistake: Mistake) -> bool:
    """Signs that say what kind of output comes back, not its values (an error, other keys, None,
    booleans): they are the model, whatever the example's values (a KeyError for 'B1' as for
    'w1'), so such a mistake explains the check whose call its signs describe."""
    return all(str(s["output"]).partition(":")[0] in DESCRIPTIVE_SIGNS for s in mistake.signs)


def _squeezed(line: str) -> str:
    return "".join(line.split())


def _size(model: ErrorModel) -> int:
    """How many calls a model changes (a model made of signs only: more than any other)."""
    return len(model.signature) if model.signature else 10**6


@cache
def _kind(check_id: str) -> str:
    return next((c.kind for c in load_rubric() if c.id == check_id), "")


def _mistake(mistake_id: str) -> Mistake | None:
    return next((m for m in load_mistakes() if m.id == mistake_id), None)


def _sign_model(mistake: Mistake) -> ErrorModel:
    return ErrorModel(mistake.id, mistake.function, "catalogue", mistake.title, mistake.hint,
                      mistake.explanation)


def describe(model: ErrorModel) -> dict[str, Any]:
    return {"id": model.id, "title": model.title, "source": model.source}
