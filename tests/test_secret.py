"""The instructor's secret in hidden checks' seeds (autograder.secret): the same secret draws the
same inputs, another secret others; the kit's tests run under the published seeds (conftest)."""
from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.bulk.run import DEFAULT_LIMITS, rubric_hash
from autograder.checks import hidden
from autograder.cli import main
from autograder.grading import grade_submission
from autograder.sandbox.isolation import make_launcher
from autograder.secret import PUBLIC, current_secret, fingerprint, user_secret_file
from conftest import SUBMISSIONS, Override

LOOKUP_TABLE = SUBMISSIONS / "hostile" / "hidden_inputs_are_the_same_for_everyone.py"


def relu_inputs() -> list[np.ndarray]:
    return [inputs["x"] for inputs, _ in hidden.reference_cases("relu.random", "relu")]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.fixture
def no_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No secret set: the per-user file, in a scratch config folder."""
    monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)
    monkeypatch.delenv("AUTOGRADER_SECRET_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "dlfs-autograder" / "secret"


def test_the_same_secret_draws_the_same_hidden_inputs_and_another_secret_others(monkeypatch):
    published = relu_inputs()
    rng = np.random.default_rng(hidden._seed("relu.random"))  # the seed before secrets existed
    assert same(published, [inputs["x"] for inputs in hidden.GENERATORS["relu"](rng)])
    monkeypatch.setenv("AUTOGRADER_SECRET", "term-1")
    first = relu_inputs()
    assert same(first, relu_inputs())
    assert not any(np.array_equal(a, b) for a, b in zip(first, published, strict=True))
    monkeypatch.setenv("AUTOGRADER_SECRET", "term-2")
    assert not any(np.array_equal(a, b) for a, b in zip(relu_inputs(), first, strict=True))


def test_without_a_secret_one_is_made_for_the_user_readable_by_them_only(no_secret: Path):
    assert not no_secret.exists()
    secret = current_secret()
    assert no_secret == user_secret_file() and no_secret.read_text().strip() == secret
    assert stat.S_IMODE(no_secret.stat().st_mode) == 0o600
    assert len(secret) >= 32 and secret != PUBLIC
    before = relu_inputs()
    assert same(before, relu_inputs())  # kept: the next run draws the same inputs


def test_a_changed_secret_regrades_and_the_key_holds_only_its_hash(monkeypatch):
    public = rubric_hash(DEFAULT_LIMITS)
    monkeypatch.setenv("AUTOGRADER_SECRET", "a secret of the instructor's")
    assert rubric_hash(DEFAULT_LIMITS) != public
    assert "a secret of the instructor's" not in fingerprint()


def test_a_secret_file_that_is_not_there_is_a_usage_error(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["grade", str(tmp_path), "-o", str(tmp_path / "out"), "--secret-file", str(tmp_path / "no")])
    assert stopped.value.code == 2
    assert "no secret file" in capsys.readouterr().err


def test_the_gradescope_zip_holds_the_secret_closed_and_the_run_uses_it(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("AUTOGRADER_SECRET", "the class of 2026")
    assert main(["gradescope", str(tmp_path / "autograder.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        secret = next(i for i in archive.infolist() if i.filename == "hidden_checks_secret")
        assert archive.read(secret).decode().strip() == "the class of 2026"
        assert (secret.external_attr >> 16) & 0o077 == 0
        run = archive.read("run_autograder").decode()
    assert 'AUTOGRADER_SECRET_FILE="$SOURCE/hidden_checks_secret"' in run
    assert "unset AUTOGRADER_SECRET" in run


def test_the_student_bundle_holds_no_secret(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("AUTOGRADER_SECRET", "never-in-the-bundle-7d1f")
    assert main(["bundle", str(tmp_path / "bundle")]) == 0
    files = [p for p in (tmp_path / "bundle").rglob("*") if p.is_file()]
    assert files and not any(b"never-in-the-bundle-7d1f" in p.read_bytes() for p in files)


def test_a_table_of_the_published_hidden_inputs_passes_them_and_fails_a_secrets(monkeypatch, tmp_path):
    try:
        launcher = make_launcher("best")
    except RuntimeError as error:
        pytest.skip(str(error))
    if launcher.mode == "process":
        launcher.close()
        pytest.skip("hostile code runs only inside bubblewrap or namespaces")
    folder = Override.read(LOOKUP_TABLE).build(tmp_path / "table")

    def hidden_check_passed() -> bool:
        result = grade_submission(folder, launcher=launcher, functions=["relu"], counterexamples=False)
        return next(c for c in result.functions["relu"].checks if c.id == "relu.random").failure is None

    with launcher:
        assert hidden_check_passed()  # under the published seeds the table works: the attack is real
        monkeypatch.setenv("AUTOGRADER_SECRET", "an instructor's secret")
        assert not hidden_check_passed()


def test_the_models_diagnose_hidden_checks_under_a_secret(monkeypatch, tmp_path):
    from autograder.diagnosis.models import load_models
    from autograder.diagnosis.secret_models import models_under_secret

    published = load_models()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("AUTOGRADER_SECRET", "another term")
    drawn = load_models()
    kept = list((tmp_path / "dlfs-autograder").glob("models-*.json"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600  # the next process reads it
    models_under_secret.cache_clear()
    assert sorted(load_models().calls) == sorted(drawn.calls)
    hidden_ids = {"relu.random", "softmax.random"}
    keys = {k for k, c in drawn.calls.items() if set(c["checks"]) & hidden_ids}
    assert keys and not keys & set(published.calls)  # other inputs, other calls
    assert any(keys & set(m.signature) for m in drawn.mutants_for("softmax"))
    assert json.dumps(sorted(published.calls)) != json.dumps(sorted(drawn.calls))


def test_the_training_assignments_random_networks_follow_the_secret_too(monkeypatch):
    from autograder.checks.training_hidden import _cases
    from autograder.secret import hidden_seed

    assert hidden_seed(41, "TwoLayerNet.predict.random") == 41  # published: the tests' values hold
    published = [params["W1"] for params, _ in _cases(hidden_seed(41, "TwoLayerNet.predict.random"))]
    monkeypatch.setenv("AUTOGRADER_SECRET", "term-3")
    drawn = [params["W1"] for params, _ in _cases(hidden_seed(41, "TwoLayerNet.predict.random"))]
    assert not any(np.array_equal(a, b) for a, b in zip(published, drawn, strict=True))


def test_the_shipped_models_are_written_under_the_published_seeds_whatever_the_secret(
        monkeypatch, tmp_path: Path):
    """`autograder mutants --write` on an instructor's machine (with their own secret) once
    wrote models whose hidden calls matched nothing: the audit then diagnosed 79 of 309."""
    from autograder.diagnosis.models import MODELS_FILE
    from autograder.diagnosis.signatures import write_models

    monkeypatch.setenv("AUTOGRADER_SECRET", "an instructor's own secret")
    written = write_models(tmp_path / "models.json")
    assert current_secret() == "an instructor's own secret"
    assert written.read_text(encoding="utf-8") == MODELS_FILE.read_text(encoding="utf-8")
