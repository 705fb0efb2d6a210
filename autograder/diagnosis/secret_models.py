"""The error models on the hidden checks' calls under the instructor's secret.

data/diagnosis_models.json is computed under the kit's published seeds (autograder.secret.PUBLIC).
Under an instructor's secret the hidden checks draw other inputs, so their calls have other keys,
which the file does not know: without more, a failed hidden check would get no diagnosis. So the
first time the models are needed under a secret, the reference and every model (the kit's own
code: mutants of the reference, the corpus's buggy examples) are run here, in-process, on the
hidden checks' calls, and their signatures there replace the published ones. The public checks'
signatures are the file's. A few seconds (README, "Bulk grading"), in the main thread (the
in-process time limit is an alarm signal): the kit grades there. The result is kept beside the
secret (`models-<hash>.json`, mode 0600: it follows from the secret's inputs), keyed by the
published file and the secret, so the next worker and the next run read it instead.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from autograder.diagnosis.models import ModelData, model_data
from autograder.kit import RubricCheck, load_rubric

__all__ = ["models_under_secret", "secret_checks"]

SECRET_KINDS = ("random_vs_reference",)  # the kinds whose inputs the secret draws (checks.hidden)


def secret_checks() -> tuple[RubricCheck, ...]:
    """The checks of the assignment being graded whose inputs the secret draws."""
    return tuple(c for c in load_rubric() if c.hidden and c.kind in SECRET_KINDS)


@cache
def models_under_secret(path: Path, data_dir: Path, fingerprint: str) -> ModelData:
    """The models of `path` with their signatures on the secret checks' calls recomputed
    (`fingerprint`: the secret in force, autograder.secret.fingerprint, keys the cache)."""
    published = path.read_bytes()
    kept = _kept_file(published, fingerprint)
    try:
        data = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = with_secret_calls(json.loads(published))
        _keep(kept, data)
    return model_data(data, data_dir)


def _kept_file(published: bytes, fingerprint: str) -> Path:
    from autograder.secret import user_secret_file

    key = hashlib.sha256(published + b"\0" + fingerprint.encode()).hexdigest()[:24]
    return user_secret_file().parent / f"models-{key}.json"


def _keep(path: Path, data: dict[str, Any]) -> None:
    """Write `data` to `path` for its owner only, whole or not at all; a folder that cannot be
    written only costs the next process the same few seconds."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(data, file)
        os.replace(scratch, path)
    except OSError:
        scratch.unlink(missing_ok=True)


def with_secret_calls(data: dict[str, Any]) -> dict[str, Any]:
    from autograder.diagnosis.mutation import mutants
    from autograder.diagnosis.signatures import ReferenceRun, catalogue_sources, model_outcomes

    checks = secret_checks()
    ids = {c.id for c in checks}
    published = {key for key, call in data["calls"].items() if set(call["checks"]) <= ids}
    run = ReferenceRun(checks)
    calls = {k: v for k, v in data["calls"].items() if k not in published}
    calls.update({key: {"function": run.calls[key].function, "checks": run.checks[key]}
                  for key in run.calls})
    reference = {k: v for k, v in data["reference"].items() if k not in published}
    reference.update(run.reference)
    sources = {m.id: m.sources for m in mutants()}
    examples = {(mistake, path.name): example for mistake, found in catalogue_sources().items()
                for path, example in found}
    models = []
    for entry in data["models"]:
        model_sources = (examples.get((entry["id"], entry.get("example", "")))
                         if entry["source"] == "catalogue" else sources.get(entry["id"]))
        signature = {k: v for k, v in entry["signature"].items() if k not in published}
        if model_sources is not None:
            signature.update(model_outcomes(run, model_sources, entry["function"]))
        models.append({**entry, "signature": signature})
    return {**data, "calls": calls, "reference": reference, "models": models}
