"""`autograder audit`: the shipped rubric catches every generated mutant that differs from the
reference on the contract's domain, and the audit says so when a check goes missing."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from autograder.diagnosis.audit import audit, rubric_from
from autograder.kit import DATA_DIR, load_rubric


def test_the_shipped_rubric_passes_its_audit():
    done = subprocess.run([sys.executable, "-m", "autograder", "audit"], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "single-edit mutants (seed 2024)" in done.stdout
    assert "step_function" in done.stdout and "gradient_descent" in done.stdout


def test_the_audit_counts_300_mutants_and_97_percent_caught():
    result = audit()
    differ = [v for v in result.verdicts if v.differs]
    assert len(result.verdicts) >= 300
    assert sum(v.caught for v in differ) >= 0.97 * len(differ)
    assert sum(v.diagnosed for v in differ) >= 0.9 * len(differ)
    assert result.correct and not any(result.correct.values())


def test_the_same_seed_gives_the_same_audit():
    first, second = audit(limit=40, seed=7), audit(limit=40, seed=7)
    assert [v.mutant.id for v in first.verdicts] == [v.mutant.id for v in second.verdicts]
    assert [(v.differs, v.witness, v.caught) for v in first.verdicts] == [
        (v.differs, v.witness, v.caught) for v in second.verdicts]


def without(check_id: str, tmp_path: Path) -> Path:
    """rubric.toml without one check (its points simply gone)."""
    text = (DATA_DIR / "rubric.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[check]]\n")
    kept = [blocks[0]] + [b for b in blocks[1:] if f'id = "{check_id}"' not in b]
    assert len(kept) == len(blocks) - 1
    path = tmp_path / "rubric.toml"
    path.write_text("\n[[check]]\n".join(kept), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))
    return path


def test_the_audit_exits_1_and_names_the_escape_when_a_check_is_removed(tmp_path: Path):
    rubric = without("step_function.integer_dtype", tmp_path)
    assert len(rubric_from(rubric)) == len(load_rubric()) - 1
    done = subprocess.run([sys.executable, "-m", "autograder", "audit", "--rubric", str(rubric)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout
    assert "Escaped" in done.stdout
    assert "step_function.mutant.dtype.2" in done.stdout  # dtype=np.float64 keeps the values
    assert "tells apart: step_function(x=" in done.stdout
