"""Diagnoses: which mistake explains a failed check, from error models stored as data.

`attribute(student, result)` is the one place where a diagnosis is attached to failures
(autograder.grading calls it). Models: the hand-written catalogue (data/mistakes.toml, which
takes precedence) and mutants generated from the reference (autograder.diagnosis.mutation),
with their signatures in data/diagnosis_models.json (autograder.diagnosis.signatures).
"""
from autograder.diagnosis.attribution import attribute

__all__ = ["attribute"]
