"""The error models as data: what each returns on the checks' calls where it differs from the
reference (data/diagnosis_models.json, written by autograder.diagnosis.signatures).

A model is either a mistake of the hand-written catalogue (data/mistakes.toml: title, hint and
explanation from there, its signature from the corpus's buggy code) or a mutant of the
reference (its title made by the mutation operator). Matching a student's call is a dictionary
lookup by the call's key: no model is run while grading.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from autograder.diagnosis.summary import Summary
from autograder.i18n import N_
from autograder.kit import DATA_DIR, current_assignment, load_mistakes

__all__ = ["MODELS_FILE", "MODELS_NAME", "ErrorModel", "ModelData", "key_text", "load_models",
           "model_data", "public_data"]

MODELS_NAME = "diagnosis_models.json"  # in each assignment's data folder, where it has models
MODELS_FILE = DATA_DIR / MODELS_NAME  # the basics assignment's
KEY_CHARACTERS = 16  # of a call key's hex digest: plenty to tell a few thousand calls apart


def key_text(key: bytes) -> str:
    return key.hex()[:KEY_CHARACTERS]


@dataclass(frozen=True)
class ErrorModel:
    """A model of a mistake: its words, and its signature (call key -> summary)."""

    id: str
    function: str
    source: str  # "catalogue" or "mutant"
    title: str
    hint: str = ""
    explanation: str = ""
    signature: dict[str, Summary] = field(default_factory=dict, hash=False, compare=False)
    checks: frozenset[str] = frozenset()  # the checks with a call where it differs
    functions: frozenset[str] = frozenset()  # the functions whose calls it changes
    # a mutant's line, and the (title, line) of the mutants with the same signature: the same
    # outputs written another way (z1 = a1, or np.dot(a1, W2) where z1 belongs)
    line: str = ""
    alternatives: tuple[tuple[str, str], ...] = field(default=(), hash=False, compare=False)


@dataclass(frozen=True)
class ModelData:
    """Every model, the reference's summary of each call and the checks making each call."""

    reference: dict[str, Summary]
    calls: dict[str, dict]
    catalogue: dict[str, list[ErrorModel]]  # by mistake id: one model per example of it
    mutants: tuple[ErrorModel, ...]

    def mutants_for(self, function: str) -> list[ErrorModel]:
        return [m for m in self.mutants if function in m.functions]

    def predicted(self, model: ErrorModel, key: str) -> Summary | None:
        """What the model returns on the call `key` (None: a call the checks do not make)."""
        return model.signature.get(key, self.reference.get(key))


def load_models(path: Path | None = None) -> ModelData:
    """The models' data of the assignment being graded (kit.use_assignment): its data folder's
    diagnosis_models.json, or `path`; empty where the file is missing (then the catalogue's
    mistakes are recognised by their signs alone)."""
    chosen = current_assignment()
    path = path or chosen.data_dir / MODELS_NAME
    if path.exists() and _hidden_calls_follow_a_secret():
        from autograder.diagnosis.secret_models import models_under_secret
        from autograder.secret import fingerprint
        return models_under_secret(path, chosen.data_dir, fingerprint())
    return _load_models(path, chosen.data_dir)


def _hidden_calls_follow_a_secret() -> bool:
    """Whether the hidden checks draw inputs other than the published ones the file was made
    with: an instructor's secret in force (autograder.secret; never in the student bundle,
    which has no hidden check)."""
    from autograder.diagnosis.secret_models import secret_checks
    from autograder.secret import is_public

    return bool(secret_checks()) and not is_public()


@cache
def _load_models(path: Path, data_dir: Path) -> ModelData:
    if not path.exists():
        return ModelData({}, {}, {}, ())
    return model_data(json.loads(path.read_text(encoding="utf-8")), data_dir)


def model_data(data: dict, data_dir: Path) -> ModelData:
    """The models of a diagnosis_models.json's data."""
    calls = data.get("calls", {})
    mistakes = {m.id: m for m in load_mistakes(data_dir)}
    catalogue: dict[str, list[ErrorModel]] = {}
    found: list[ErrorModel] = []
    for entry in data.get("models", []):
        signature = entry["signature"]
        checks = frozenset(c for key in signature for c in calls.get(key, {}).get("checks", ()))
        functions = frozenset(calls[key]["function"] for key in signature if key in calls)
        if entry["source"] == "catalogue":
            mistake = mistakes.get(entry["id"])
            if mistake is not None:
                catalogue.setdefault(mistake.id, []).append(ErrorModel(
                    mistake.id, mistake.function, "catalogue", mistake.title, mistake.hint,
                    mistake.explanation, signature, checks, functions))
            continue
        found.append(ErrorModel(entry["id"], entry["function"], "mutant", entry["title"], "",
                                mutant_explanation(entry.get("line", "")), signature, checks, functions,
                                entry.get("line", ""),
                                tuple((a["title"], a["line"]) for a in entry.get("alternatives", ()))))
    return ModelData(data.get("reference", {}), calls, catalogue, tuple(found))


def mutant_explanation(line: str) -> str:
    return N_("Your code gives what `{line}` gives.").format(line=line) if line else ""


def public_data(data: dict, public_checks: set[str]) -> dict:
    """The models' data for the student bundle: the public checks' calls only, and the catalogue's
    models only (a mutant's words quote the reference's lines)."""
    calls = {key: {**call, "checks": [c for c in call["checks"] if c in public_checks]}
             for key, call in data["calls"].items()}
    calls = {key: call for key, call in calls.items() if call["checks"]}
    models = []
    for model in data["models"]:
        signature = {k: v for k, v in model["signature"].items() if k in calls}
        if model["source"] == "catalogue" and signature:
            models.append({**model, "signature": signature})
    return {**data, "calls": calls, "models": models,
            "reference": {k: v for k, v in data["reference"].items() if k in calls}}
