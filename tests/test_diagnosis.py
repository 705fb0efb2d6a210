"""Diagnoses attributed per check (issue 11): a diagnosis only where its model reproduces the
student's outputs, checked by running the model again on every corpus the kit has."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder.bulk.discover import discover, materialise
from autograder.diagnosis.models import MODELS_FILE, load_models
from autograder.diagnosis.mutation import mutants
from autograder.diagnosis.signatures import generate, inputs_digest
from autograder.diagnosis.verify import model_reproduces
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT
from autograder.sandbox.session import Limits
from conftest import SUBMISSIONS, Override, overrides

PATIENT = Limits(call_seconds=20.0)
TWO_MISTAKES = SUBMISSIONS / "two_mistakes"


def two_mistake_submissions() -> list[Override]:
    return overrides("two_mistakes")


def accepted(path: Path) -> set[str]:
    """The diagnoses a two-mistake submission may get: its two mistakes, and the generated
    mutants and dependency mistakes that say the same (its `accept:` line)."""
    header = path.read_text(encoding="utf-8").split('"""')[1]
    fields = {k.strip(): v for k, _, v in (line.partition(":") for line in header.splitlines())}
    names = fields.get("mistake", "") + "," + fields.get("accept", "")
    return {n.strip() for n in names.split(",") if n.strip()}


def corpus_folders(tmp_path: Path, *, sample_class: bool) -> list[tuple[str, Path]]:
    """Every corpus as submission folders: mistakes, two mistakes, correct, book, and the sample
    class (three of whose students are hostile: grade it inside a sandbox only)."""
    folders = []
    for kind in ("mistakes", "two_mistakes", "correct"):
        for submission in overrides(kind):
            folders.append((f"{kind}/{submission.path.stem}",
                            submission.build(tmp_path / kind / submission.path.stem)))
    folders.append(("book", SUBMISSIONS / "book"))
    for entry in discover(KIT_ROOT / "data" / "sample_class") if sample_class else []:
        destination = tmp_path / "sample" / entry.student
        try:
            materialise(entry, destination)
        except Exception:  # noqa: BLE001 - an entry the class run lists as not graded
            continue
        folders.append((f"sample/{entry.student}", destination))
    return folders


def test_the_models_data_is_up_to_date():
    """Like the stubs: regenerate with `autograder mutants --write` after changing solutions/,
    the rubric, the known values, the catalogue or its corpus."""
    data = json.loads(MODELS_FILE.read_text(encoding="utf-8"))
    assert data["inputs"] == inputs_digest(), "run `autograder mutants --write`"


def test_regenerating_the_models_gives_the_same_data():
    assert generate() == json.loads(MODELS_FILE.read_text(encoding="utf-8"))


def test_at_least_300_single_edit_mutants_in_a_fixed_order():
    first, second = mutants(), mutants()
    assert len(first) >= 300
    assert [m.id for m in first] == [m.id for m in second]
    assert len({m.id for m in first}) == len(first)
    assert all(m.title and m.function in m.id for m in first)


def test_every_catalogue_mistake_with_an_example_has_a_model():
    data = load_models()
    assert len(data.catalogue) >= 60
    assert all(models and all(m.signature for m in models) for models in data.catalogue.values())


def test_no_diagnosis_anywhere_that_its_model_does_not_reproduce(tmp_path: Path):
    """Every corpus, every failed check: the diagnosis, if any, is reproduced by running its
    model on the check's calls; the same diagnosis reaches results.json (to_dict). Graded in the
    strongest sandbox the machine has (the sample class holds hostile students)."""
    from autograder.sandbox.isolation import make_launcher

    shown = 0
    with make_launcher("best") as launcher:
        sandboxed = launcher.mode != "process"
        results = [(name, grade_submission(folder, launcher=launcher, limits=PATIENT))
                   for name, folder in corpus_folders(tmp_path, sample_class=sandboxed)]
    for name, result in results:
        as_json = result.to_dict()["functions"]
        for function, function_result in result.functions.items():
            for position, check in enumerate(function_result.checks):
                test = as_json[function]["tests"][position]
                mistake = check.failure.mistake if check.failure else None
                assert test["mistake"] == mistake, (name, check.id)
                if mistake is not None:
                    shown += 1
                    assert model_reproduces(check), (name, check.id, mistake)
    assert shown > 300


def test_a_two_mistake_submission_is_told_one_of_its_mistakes_or_nothing(tmp_path: Path):
    submissions = two_mistake_submissions()
    assert len(submissions) >= 30
    named = 0
    for submission in submissions:
        result = grade_submission(submission.build(tmp_path / submission.path.stem), limits=PATIENT)
        allowed = accepted(submission.path)
        for function in submission.loses:
            assert result.functions[function].score < result.functions[function].max_score
        for check in result.checks():
            if check.failure is None or check.failure.mistake is None:
                continue
            named += 1
            assert check.failure.mistake in allowed, (submission.path.stem, check.id)
    assert named > 100


def test_a_correct_variant_gets_no_diagnosis_even_where_a_mutant_is_close(tmp_path: Path):
    for submission in overrides("correct"):
        result = grade_submission(submission.build(tmp_path / submission.path.stem),
                                  limits=PATIENT)
        assert result.total == result.max_total
        assert [c.id for c in result.checks() if c.failure and c.failure.mistake] == []


def test_a_softmax_with_two_mistakes_gets_each_check_its_own_cause(tmp_path: Path):
    """The issue's example: no max subtracted and one sum for the whole batch. The batch check is
    not blamed on the overflow guard, and the overflow check is."""
    folder = Override.read(TWO_MISTAKES / "tm05_softmax_no_guard_whole_batch.py").build(
        tmp_path / "s")
    checks = {c.id: c.failure for c in grade_submission(folder).functions["softmax"].checks}
    assert checks["softmax.overflow_guard"].mistake == "softmax.no_overflow_guard"
    assert checks["softmax.batch"].mistake == "softmax.whole_batch"


def test_a_failure_no_model_explains_gets_no_diagnosis(tmp_path: Path):
    """A cross-entropy that already adds delta is never told to add delta; one whose failure
    nothing explains is left to the neutral description."""
    folder = Override.read(TWO_MISTAKES / "tm19_cee_labels_formula_one_hot_log10.py").build(
        tmp_path / "s")
    result = grade_submission(folder).functions["cross_entropy_error"]
    assert [c.failure.mistake for c in result.checks if c.failure] == [None] * 5
    assert result.status == "failed"


def test_after_a_crash_a_diagnosis_only_where_its_model_raises_the_same_error(tmp_path: Path):
    folder = tmp_path / "s"
    shutil.copytree(KIT_ROOT / "solutions", folder)
    with (folder / "activations.py").open("a", encoding="utf-8") as file:
        file.write("\n\ndef relu(x):\n    return x.reshape(-1, 2).clip(0)\n")
    result = grade_submission(folder, functions=["relu"]).functions["relu"]
    failures = [c.failure for c in result.checks if c.failure]
    assert failures and all(f.mistake is None for f in failures)


def test_the_bundle_ships_the_catalogue_s_signatures_on_public_checks_only(tmp_path: Path):
    from autograder.bundle import write_student_bundle
    from autograder.kit import load_rubric

    bundle = write_student_bundle(tmp_path / "kit")
    data = json.loads((bundle / "data" / "diagnosis_models.json").read_text(encoding="utf-8"))
    public = {c.id for c in load_rubric() if not c.hidden}
    assert data["calls"] and all(set(c["checks"]) <= public for c in data["calls"].values())
    assert set(data["reference"]) == set(data["calls"])
    assert data["models"] and all(m["source"] == "catalogue" for m in data["models"])
    assert all(set(m["signature"]) <= set(data["calls"]) for m in data["models"])
