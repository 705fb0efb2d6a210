"""Making the error models' signatures: each model run on the checks' own calls.

The checks' calls are deterministic (known values and seeded random inputs, never a student's
output), so the reference is graded once, in this process, to learn every call the rubric
makes (`PlannedCall.key`) and which checks make it. Each model then makes those calls of its
function (and of the functions that use it with the student's own version of it), and its
signature is what it returns where that differs from the reference. The models are the kit's
own code (mutants of the reference, the corpus's buggy code for the hand-written catalogue),
run here in-process at generation time: students' code is only ever run in the sandbox.

    autograder mutants --write        regenerates data/diagnosis_models.json
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from autograder.checks import CheckFailure, StudentCode
from autograder.checks.kinds import KINDS
from autograder.diagnosis.inprocess import InProcessSession
from autograder.diagnosis.models import MODELS_FILE, key_text
from autograder.diagnosis.mutation import Mutant, mutants, reference_sources
from autograder.diagnosis.summary import SIGNATURE_RTOL, Summary, reproduces, summarise
from autograder.kit import (
    DATA_DIR,
    KIT_ROOT,
    SOLUTIONS_DIR,
    RubricCheck,
    load_exercises,
    load_mistakes,
    load_rubric,
)
from autograder.sandbox.prefetch import PlannedCall
from autograder.secret import published_seeds

__all__ = ["CORPUS", "ReferenceRun", "catalogue_sources", "generate", "inputs_digest",
           "model_outcomes", "write_models"]

CORPUS = KIT_ROOT / "tests" / "submissions" / "mistakes"  # the catalogue's buggy code
GENERATOR_FILES = ("mutation.py", "signatures.py", "summary.py", "inprocess.py")


class ReferenceRun:
    """Every call the rubric's checks make, with the reference's summary and the checks making it."""

    def __init__(self, rubric: tuple[RubricCheck, ...] | None = None) -> None:
        session = InProcessSession(reference_sources())
        student = StudentCode(session)  # type: ignore[arg-type]
        self.calls: dict[str, PlannedCall] = {}
        self.checks: dict[str, list[str]] = defaultdict(list)
        self.reference: dict[str, Summary] = {}
        planned: dict[bytes, PlannedCall] = {}
        for check in rubric or load_rubric():
            first = len(student.calls)
            try:
                KINDS[check.kind](student, check)
            except CheckFailure as failure:
                raise RuntimeError(f"the reference fails {check.id}: {failure}") from failure
            for made in session.calls_made:
                planned[made.key] = made
            for recorded in student.calls[first:]:
                key = key_text(recorded.key)
                if check.id not in self.checks[key]:
                    self.checks[key].append(check.id)
                if key not in self.calls:
                    self.calls[key] = planned[recorded.key]
                    self.reference[key] = summarise(recorded.outcome, recorded.inputs, stored=True)

    def keys_for(self, function: str) -> list[str]:
        """The calls a model of `function` changes: its own, and those of the functions that use
        it with the student's own version of it (forward's with your sigmoid, ...)."""
        users = {e.function for e in load_exercises() if function in e.dependencies}
        return [key for key, call in self.calls.items() if call.function == function
                or (call.function in users and not call.dependencies)]


def model_outcomes(run: ReferenceRun, sources: dict[str, str], function: str) -> dict[str, Summary]:
    """What a model (its modules' sources) returns where it differs from the reference."""
    session = InProcessSession(sources)
    signature = {}
    for key in run.keys_for(function):
        planned = run.calls[key]
        summary = summarise(session.run(planned), planned.inputs, stored=True)
        if not reproduces(run.reference[key], summary, SIGNATURE_RTOL, 0.0):
            signature[key] = summary
    return signature


def catalogue_sources() -> dict[str, list[tuple[Path, dict[str, str]]]]:
    """For each mistake of data/mistakes.toml, the corpus files whose own mistake it is (the first
    their header names), as the modules' sources: the reference with that file's code
    (tests/submissions/README.md). Each is a model of the mistake: learners write it in more
    than one way."""
    found: dict[str, list[tuple[Path, dict[str, str]]]] = defaultdict(list)
    if not CORPUS.is_dir():
        return found
    for path in sorted(CORPUS.glob("*.py")):
        header = _header(path)
        mistakes = [m.strip() for m in header.get("mistake", "").split(",") if m.strip()]
        if not mistakes or header.get("remove") == "true":
            continue
        sources = dict(reference_sources())
        module = header["file"].removesuffix(".py")
        body = path.read_text(encoding="utf-8")
        replace = header.get("replace") == "true" or module not in sources
        sources[module] = body if replace else sources[module] + "\n\n" + body
        found[mistakes[0]].append((path, sources))
    return dict(found)


def _header(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    header = text.split('"""')[1] if text.startswith('"""') else ""
    fields = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("file", "replace", "remove", "mistake"):
            fields[key.strip()] = value.strip().lower() if key.strip() in (
                "replace", "remove") else value.strip()
    return fields


def generate() -> dict[str, Any]:
    """The models' data: the reference's calls and every model's signature (deterministic)."""
    run = ReferenceRun()
    models: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}  # a mutant's entry by its signature's text
    catalogue = catalogue_sources()
    for mistake in load_mistakes():
        if mistake.function == "*":
            continue
        for path, sources in catalogue.get(mistake.id, []):
            signature = model_outcomes(run, sources, mistake.function)
            if signature:
                models.append({"id": mistake.id, "function": mistake.function,
                               "source": "catalogue", "example": path.name,
                               "signature": signature})
    for mutant in mutants():
        signature = model_outcomes(run, mutant.sources, mutant.function)
        text = json.dumps(signature, sort_keys=True)
        if not signature:
            continue  # no check tells it from the reference
        if text in seen:  # another mutant says it: its line is another way to write it
            seen[text].setdefault("alternatives", []).append({"title": mutant.title, "line": mutant.line})
            continue
        seen[text] = _mutant_entry(mutant, signature)
        models.append(seen[text])
    return {"about": "Error models and their signatures: generated by `autograder mutants "
                     "--write` from solutions/, data/ and the mistake corpus; do not edit.",
            "inputs": inputs_digest(),
            "calls": {key: {"function": run.calls[key].function, "checks": run.checks[key]}
                      for key in run.calls},
            "reference": run.reference, "models": models}


def _mutant_entry(mutant: Mutant, signature: dict[str, Summary]) -> dict[str, Any]:
    return {"id": mutant.id, "function": mutant.function, "source": "mutant",
            "title": mutant.title, "line": mutant.line, "signature": signature}


def inputs_digest() -> str:
    """A digest of everything the models' data follows from: a change means regenerate."""
    digest = hashlib.sha256()
    files = [SOLUTIONS_DIR / f"{m}.py" for m in sorted({e.module for e in load_exercises()})]
    files += [DATA_DIR / n for n in ("rubric.toml", "known_values.toml", "fingerprint_cases.toml",
                                     "mistakes.toml")]
    files += [Path(__file__).with_name(n) for n in GENERATOR_FILES]
    files += sorted(CORPUS.glob("*.py")) if CORPUS.is_dir() else []
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def write_models(path: Path = MODELS_FILE) -> Path:
    """Write the shipped models: computed under the published seeds (secret.PUBLIC), whatever
    secret this machine's instructor has, since they ship with the kit."""
    with published_seeds():
        data = generate()
    path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return path
