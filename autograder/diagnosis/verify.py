"""Checking a diagnosis against its model by running the model again (not by looking it up).

For tests, the audit and the bench: a diagnosis on a check must come from a model that, run
in-process on that check's very calls, returns what the student's function returned. A mutant
is rebuilt from its id, a catalogue mistake from its corpus examples; a mistake whose signs
describe the kind of output (an error, other keys, ...) must show that sign on the check's call.
"""
from __future__ import annotations

from functools import cache

from autograder.checks import Observation, RecordedCall
from autograder.diagnosis.attribution import _kind, _sign_key
from autograder.diagnosis.inprocess import InProcessSession
from autograder.diagnosis.mutation import mutants
from autograder.diagnosis.signatures import catalogue_sources
from autograder.diagnosis.summary import reproduces, summarise
from autograder.kit import exercise, load_mistakes
from autograder.mistakes import sign_holds
from autograder.results import CheckResult
from autograder.sandbox.prefetch import PlannedCall

__all__ = ["model_reproduces"]


def model_reproduces(check: CheckResult) -> bool:
    """Whether the diagnosis on this failed check is reproduced by running its model."""
    failure = check.failure
    if failure is None or failure.mistake is None:
        return True
    if not check.calls:
        return False
    if ".mutant." in failure.mistake:
        sources = _mutant_sources().get(failure.mistake)
        return sources is not None and _runs_alike(InProcessSession(sources), check)
    if any(_runs_alike(InProcessSession(sources), check)
           for _, sources in catalogue_sources().get(failure.mistake, [])):
        return True
    mistake = next((m for m in load_mistakes() if m.id == failure.mistake), None)
    return mistake is not None and _sign_shows(mistake.signs, check)


def _runs_alike(session: InProcessSession, check: CheckResult) -> bool:
    whole = _kind(check.id) == "input_unchanged"
    for call in check.calls:
        model = summarise(session.run(_planned(call)), call.inputs)
        student = summarise(call.outcome, call.inputs)
        if not (reproduces(model, student) if whole else reproduces(model[0], student[0])):
            return False
    return True


def _sign_shows(signs: tuple[dict, ...], check: CheckResult) -> bool:
    last = check.calls[-1]
    observation = Observation(last.inputs, last.outcome)
    for sign in signs:
        output = sign["output"]
        if output == "expected":
            continue
        if str(output).startswith("error"):
            if sign_holds(output, observation, "", message=sign.get("message", ""),
                          phase=sign.get("phase", "")):
                return True
        elif _sign_key(sign, check.function) == last.key and sign_holds(
                output, observation, sign["case"], rtol=sign.get("rtol")):
            return True
    return False


def _planned(call: RecordedCall) -> PlannedCall:
    ex = exercise(call.function)
    dependencies = ex.dependencies if call.correct_dependencies else {}
    return PlannedCall(ex.module, call.function, call.inputs,
                       tuple(n for n in call.inputs if n == "f"),
                       tuple(sorted(dependencies.items())))


@cache
def _mutant_sources() -> dict[str, dict[str, str]]:
    return {m.id: m.sources for m in mutants()}
