"""Where the kit's data lives and how it is read: exercises, rubric, known values, mistakes."""
from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DEFAULT_ASSIGNMENT", "KIT_ROOT", "Assignment", "Exercise", "KnownCase", "Mistake",
           "RubricCheck", "assignment", "assignment_names", "current_assignment", "exercise",
           "load_exercises", "load_known_cases", "load_mistakes", "load_rubric", "reference_available",
           "use_assignment"]

KIT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = KIT_ROOT / "data"
SOLUTIONS_DIR = KIT_ROOT / "solutions"
MODULES = ("activations", "network", "losses", "gradients")  # the basics assignment's
DEFAULT_ASSIGNMENT = "basics"


# ---- assignments: data/assignments.toml says where each one's files live ---------------------------


@dataclass(frozen=True)
class Assignment:
    """One assignment of the kit: its modules in contract order and the folders of its files.

    `data_dir` holds its rubric, known values and mistakes; `solutions_dir` the reference;
    `stubs_dir` the generated stubs. `graded` are the modules that hold exercise functions;
    the others (`modules` minus `graded`) ship with it, such as the functions students copy in.
    """

    name: str
    title: str
    modules: tuple[str, ...]
    data_dir: Path
    solutions_dir: Path
    stubs_dir: Path


@cache
def _assignments() -> dict[str, Assignment]:
    with (DATA_DIR / "assignments.toml").open("rb") as file:
        document = tomllib.load(file)
    return {a["name"]: Assignment(a["name"], a.get("title", a["name"]), tuple(a["modules"]),
                                  KIT_ROOT / a["data"], KIT_ROOT / a["solutions"],
                                  KIT_ROOT / a["stubs"])
            for a in document["assignment"]}


def assignment_names() -> tuple[str, ...]:
    """Every assignment, in the order data/assignments.toml lists them (basics first)."""
    return tuple(_assignments())


def assignment(name: str | Assignment | None = None) -> Assignment:
    """The assignment called `name` (the current one when None); KeyError names the known ones."""
    if isinstance(name, Assignment):
        return name
    name = name or _current.get() or _default_name()
    try:
        return _assignments()[name]
    except KeyError:
        raise KeyError(f"no assignment {name!r} (known: {', '.join(_assignments())})") from None


_current: ContextVar[str | None] = ContextVar("autograder_assignment", default=None)


@cache
def _default_name() -> str:
    """`basics`, or the first assignment listed where there is no `basics` (a student bundle)."""
    names = assignment_names()
    return DEFAULT_ASSIGNMENT if DEFAULT_ASSIGNMENT in names else names[0]


def current_assignment() -> Assignment:
    """The assignment being graded: `basics` unless `use_assignment` says otherwise."""
    return assignment(_current.get())


@contextmanager
def use_assignment(name: str | Assignment | None) -> Iterator[Assignment]:
    """Make `name` the current assignment (None keeps the current one) for the `with` block:
    the loaders below, `exercise` and the reference then read that assignment's files."""
    chosen = assignment(name)
    token = _current.set(chosen.name)
    try:
        yield chosen
    finally:
        _current.reset(token)


def _data_dir(where: Path | str | Assignment | None) -> Path:
    """A data folder given as a path (as before), an assignment or its name, or None (current)."""
    return where if isinstance(where, Path) else assignment(where).data_dir


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
    log_guard: float = 0.0  # the contract's delta inside log(p), whose guard band every
    # comparison on an input adds to atol (autograder.checks.hidden.tolerance)


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


def load_exercises(data_dir: Path | str | Assignment | None = None) -> tuple[Exercise, ...]:
    """The exercise functions in contract order (of the current assignment by default)."""
    return _load_exercises(_data_dir(data_dir))


@cache
def _load_exercises(data_dir: Path) -> tuple[Exercise, ...]:
    return tuple(Exercise(e["function"], e["module"], tuple(e["parameters"]),
                          dict(e.get("dependencies", {})), float(e.get("rtol", 1e-9)),
                          float(e.get("atol", 1e-12)), e.get("tolerance", ""),
                          float(e.get("log_guard", 0.0)))
                 for e in _read_toml("rubric.toml", data_dir)["exercise"])


def exercise(function: str, of: str | Assignment | None = None) -> Exercise:
    """The exercise of `function` (KeyError if the assignment has none): every call asks."""
    return _exercises_by_function(_data_dir(of))[function]


@cache
def _exercises_by_function(data_dir: Path) -> dict[str, Exercise]:
    return {e.function: e for e in _load_exercises(data_dir)}


def load_rubric(data_dir: Path | str | Assignment | None = None) -> tuple[RubricCheck, ...]:
    """Every check with its points, in contract order of the functions."""
    return _load_rubric(_data_dir(data_dir))


@cache
def _load_rubric(data_dir: Path) -> tuple[RubricCheck, ...]:
    order = {e.function: i for i, e in enumerate(load_exercises(data_dir))}
    checks = [RubricCheck(id=c["id"], function=c["function"], kind=c["kind"],
                          points=float(c["points"]), visibility=c["visibility"], name=c["name"],
                          hint=c.get("hint", ""), cases=tuple(c.get("cases", ())),
                          correct_dependencies=c.get("dependencies") == "correct",
                          rtol=c.get("rtol"), atol=c.get("atol"), tolerance=c.get("tolerance", ""))
              for c in _read_toml("rubric.toml", data_dir)["check"]]
    return tuple(sorted(checks, key=lambda c: order[c.function]))


def load_known_cases(data_dir: Path | str | Assignment | None = None) -> dict[str, KnownCase]:
    """Known values by case id, inputs already turned into NumPy arrays.

    A known value is compared with its own rtol/atol where it states them, else with its
    function's tolerance (the assignment's rubric.toml); fingerprint cases keep their file's default.
    """
    return _load_known_cases(_data_dir(data_dir))


@cache
def _load_known_cases(data_dir: Path) -> dict[str, KnownCase]:
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


def load_mistakes(data_dir: Path | str | Assignment | None = None) -> tuple[Mistake, ...]:
    return _load_mistakes(_data_dir(data_dir))


@cache
def _load_mistakes(data_dir: Path) -> tuple[Mistake, ...]:
    return tuple(Mistake(id=m["id"], function=m["function"], title=m["title"],
                         explanation=m.get("explanation", ""), hint=m.get("hint", ""),
                         catalogue=m.get("catalogue", ""), signs=tuple(m.get("signs", ())))
                 for m in _read_toml("mistakes.toml", data_dir).get("mistake", []))


def reference_available(of: str | Assignment | None = None) -> bool:
    """Hidden checks need the reference solutions: present for instructors and CI only."""
    chosen = assignment(of)
    return all((chosen.solutions_dir / f"{m}.py").exists() for m in chosen.modules)
