"""Diagnoses: which mistake explains a failed check, from error models stored as data.

`attribute(student, result)` is the one place where a diagnosis is attached to failures
(autograder.grading calls it). Models: the hand-written catalogue (data/mistakes.toml, which
takes precedence) and mutants generated from the reference (autograder.diagnosis.mutation),
with their signatures in data/diagnosis_models.json (autograder.diagnosis.signatures).
"""
from autograder.diagnosis.attribution import attribute
from autograder.diagnosis.models import load_models
from autograder.kit import load_mistakes

__all__ = ["attribute", "titles"]


def titles() -> dict[str, str]:
    """The title of every diagnosis by its id: the catalogue's mistakes and the mutants."""
    return {**{m.id: m.title for m in load_models().mutants},
            **{m.id: m.title for m in load_mistakes()}}
