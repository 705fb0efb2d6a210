"""Where the kit's data lives and how it is read: exercises, rubric, known values, mistakes."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["KIT_ROOT", "Exercise", "KnownCase", "Mistake", "RubricCheck", "exercise",
           "load_exercises", "load_known_cases", "load_mistakes", "load_rubric",
           "reference_available"]

KIT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = KIT_ROOT / "data"
SOLUTIONS_DIR = KIT_ROOT / "solutions"
MODULES = ("activations", "network", "losses", "gradients")


@dataclass(frozen=True)
class Exercise:
    """A function students write: its name, its module and its parameters."""

    function: str
    module: str
    parameters: tuple[str, ...]
    dependencies: dict[str, str] = field(default_factory=dict, hash=False)
    rtol: float = 1e-9  # the tolerance its values are compared with, and why (data/rubric.toml)
    atol: float = 1e-12
    tolerance: str = ""


@dataclass(frozen=True)
class RubricCheck:
    """One check of the rubric: what it checks, how, and what it is worth."""

    id: str
    function: str
    kind: str
    points: float
    visibility: str
    name: str
    hint: str
    cases: tuple[str, ...] = ()
    correct_dependencies: bool = False
    rtol: float | None = None  # a tighter tolerance than the cases' (a constant of the contract)
    atol: float | None = None
    tolerance: str = ""

    @property
    def hidden(self) -> bool:
        return self.visibility == "hidden"


@dataclass(frozen=True)
class KnownCase:
    """A known value: the inputs of one call and the result every correct solution gives."""

    id: str
    function: str
    inputs: dict[str, Any] = field(hash=False)
    expected: Any = field(hash=False)
    source: str
    rtol: float
    atol: float
    diverges: bool = False


@dataclass(frozen=True)
class Mistake:
    """A common mistake and the signs in a student's outputs that give it away."""

    id: str
    function: str
    title: str
    explanation: str
    hint: str
    catalogue: str = ""
    signs: tuple[dict, ...] = ()


def _read_toml(name: str, data_dir: Path) -> dict:
    path = data_dir / name
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return tomllib.load(file)


@cache
def load_exercises(data_dir: Path = DATA_DIR) -> tuple[Exercise, ...]:
    """The exercise functions in contract order."""
    return tuple(Exercise(e["function"], e["module"], tuple(e["parameters"]),
                          dict(e.get("dependencies", {})), float(e.get("rtol", 1e-9)),
                          float(e.get("atol", 1e-12)), e.get("tolerance", ""))
                 for e in _read_toml("rubric.toml", data_dir)["exercise"])


def exercise(function: str) -> Exercise:
    return next(e for e in load_exercises() if e.function == function)


@cache
def load_rubric(data_dir: Path = DATA_DIR) -> tuple[RubricCheck, ...]:
    """Every check with its points, in contract order of the functions."""
    order = {e.function: i for i, e in enumerate(load_exercises(data_dir))}
    checks = [RubricCheck(id=c["id"], function=c["function"], kind=c["kind"],
                          points=float(c["points"]), visibility=c["visibility"], name=c["name"],
                          hint=c.get("hint", ""), cases=tuple(c.get("cases", ())),
                          correct_dependencies=c.get("dependencies") == "correct",
                          rtol=c.get("rtol"), atol=c.get("atol"), tolerance=c.get("tolerance", ""))
              for c in _read_toml("rubric.toml", data_dir)["check"]]
    return tuple(sorted(checks, key=lambda c: order[c.function]))


@cache
def load_known_cases(data_dir: Path = DATA_DIR) -> dict[str, KnownCase]:
    """Known values by case id, inputs already turned into NumPy arrays.

    A known value is compared with its own rtol/atol where it states them, else with its
    function's tolerance (data/rubric.toml); fingerprint cases keep their file's default.
    """
    cases: dict[str, KnownCase] = {}
    exercises = {e.function: {"rtol": e.rtol, "atol": e.atol} for e in load_exercises(data_dir)}
    for name in ("known_values.toml", "fingerprint_cases.toml"):
        document = _read_toml(name, data_dir)
        default = document.get("tolerance", {"rtol": 1e-9, "atol": 1e-12})
        networks = {key: {k: np.array(v, dtype=float) for k, v in value.items()}
                    for key, value in document.get("networks", {}).items()}
        if "book" not in networks:
            networks["book"] = _book_network(data_dir)
        book = networks["book"]
        for raw in document.get("case", []):
            inputs = {k: (networks[v] if k == "network" else as_input(k, v))
                      for k, v in raw.get("inputs", {}).items()}
            expected = book if raw.get("expected_network") == "book" else raw.get("expected")
            tolerance = exercises.get(raw["function"], default) if name == "known_values.toml" else default
            cases[raw["id"]] = KnownCase(
                id=raw["id"], function=raw["function"], inputs=inputs, expected=expected,
                source=raw.get("source", ""), rtol=raw.get("rtol", tolerance["rtol"]),
                atol=raw.get("atol", tolerance["atol"]), diverges=raw.get("diverges", False))
    return cases


def _book_network(data_dir: Path) -> dict[str, np.ndarray]:
    networks = _read_toml("known_values.toml", data_dir).get("networks", {})
    return {k: np.array(v, dtype=float) for k, v in networks.get("book", {}).items()}


def as_input(name: str, value: Any) -> Any:
    """A TOML value as the call receives it: lists become int64 or float64 arrays."""
    if name == "f" or not isinstance(value, list):
        return value
    array = np.array(value)
    return array.astype(np.int64) if array.dtype.kind in "iub" else array.astype(np.float64)


@cache
def load_mistakes(data_dir: Path = DATA_DIR) -> tuple[Mistake, ...]:
    return tuple(Mistake(id=m["id"], function=m["function"], title=m["title"],
                         explanation=m.get("explanation", ""), hint=m.get("hint", ""),
                         catalogue=m.get("catalogue", ""), signs=tuple(m.get("signs", ())))
                 for m in _read_toml("mistakes.toml", data_dir).get("mistake", []))


def reference_available() -> bool:
    """Hidden checks need the reference solutions: present for instructors and CI only."""
    return all((SOLUTIONS_DIR / f"{m}.py").exists() for m in MODULES)
