"""The correct dependencies' values on the public checks' calls: what the bundle has instead of code.

Where the kit holds the reference, a function judged with correct dependencies (forward with a
correct sigmoid) gets the reference's functions in the sandbox (autograder/reference.py). The
student bundle holds no reference, so `autograder bundle` notes, for each public check that
substitutes dependencies, what each dependency returns on the calls the reference makes while
that check's known cases run: `forward(network, x)` calls `sigmoid(a1)`, `sigmoid(a2)` and
`identity_function(a3)`, and each of those is noted with its value. In the bundle the sandbox
answers a call close to a noted one (the same shapes, values within 1e-12) with the noted value
(autograder/sandbox/child.py, `tabled`), and any other call with the student's own function: a
right forward gets a right sigmoid, as when the instructor grades, and no code that computes a
sigmoid is in the bundle. A dependency that takes a function (numerical_gradient(f, x)) is not
noted: its value depends on `f` as well, so there the student's own is used; the calls it makes
(the loss at each parameter moved by h) are noted like the others. A network method judged with
correct methods (loss with a correct predict) has those methods noted the same way, under
"TwoLayerNet.predict", their arguments led by the network's W1, b1, W2 and b2.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from autograder.kit import Assignment, exercise, load_known_cases, load_rubric, use_assignment

__all__ = ["NOT_NOTED", "VALUES_NAME", "dependency_values", "noted_tables_source", "tables_source",
           "write_dependency_values"]

VALUES_NAME = "dependency_values.json"  # in a bundled assignment's data folder
NOT_NOTED = ("numerical_gradient",)  # takes a function: its value is not the arguments' alone
PARAMETER_KEYS = ("W1", "b1", "W2", "b2")  # a noted method's first arguments (child.PARAMETER_KEYS)

Noted = dict[str, list[list[Any]]]  # dependency -> [[arguments, value], ...]


def dependency_values(chosen: Assignment) -> Noted:
    """The values of the correct dependencies on the reference's calls in the public checks."""
    from autograder.reference import reference_module  # instructor-only: the bundle has none

    noted: Noted = {}
    with use_assignment(chosen.name):
        cases = load_known_cases()
        for check in load_rubric():
            if check.hidden or not check.correct_dependencies:
                continue
            ex = exercise(check.function)
            names = [n for n, r in ex.dependencies.items()
                     if r.startswith("correct_") and n not in NOT_NOTED]
            module = reference_module(ex.module)
            owner = check.function.rpartition(".")[0]
            methods = _correct_methods(check.function) if owner else []
            for case_id in check.cases:
                case = cases.get(case_id)
                if case is None or case.function != check.function or not (names or methods):
                    continue
                with _noting(module.__dict__, names, noted), \
                        _noting_methods(getattr(module, owner, None), methods, noted):
                    _call_reference(module, check.function, case.inputs)
    return {name: _unique(calls) for name, calls in noted.items()}


def write_dependency_values(chosen: Assignment, path: Path) -> None:
    """The assignment's noted values as JSON; nothing where no public check substitutes any."""
    noted = dependency_values(chosen)
    if noted:
        path.write_text(json.dumps(noted, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


def tables_source(path: Path) -> str:
    """What the judge sends the sandbox in the bundle in place of the reference's source: read
    once per version of the file, and the same string each time (the session names it by its
    digest, computed once per string, and sends it to each child once)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ""
    return _tables_source(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _tables_source(path: Path, _mtime_ns: int, _size: int) -> str:
    return f"import json\nTABLES = json.loads({path.read_text(encoding='utf-8')!r})\n"


@lru_cache(maxsize=4)
def noted_tables_source(chosen: Assignment) -> str:
    """The same, computed here from the reference (the instructor's kit): what the public checks
    get instead of the reference's code, which a child's student code could keep and use for
    the hidden checks (autograder.checks.reference_code)."""
    noted = dependency_values(chosen)
    text = json.dumps(noted, sort_keys=True, separators=(",", ":"))
    return f"import json\nTABLES = json.loads({text!r})\n" if noted else ""


@contextmanager
def _noting(namespace: dict[str, Any], names: list[str], noted: Noted) -> Iterator[None]:
    saved = {name: namespace[name] for name in names if name in namespace}
    for name, function in saved.items():
        namespace[name] = _noter(function, noted.setdefault(name, []))
    try:
        yield
    finally:
        namespace.update(saved)


def _correct_methods(function: str) -> list[str]:
    """The methods replaced by correct ones when `function` is judged (data/training/rubric.toml)."""
    from autograder.checks.training import training_settings

    return list(training_settings().get("correct_methods", {}).get(function, []))


@contextmanager
def _noting_methods(cls: type | None, names: list[str], noted: Noted) -> Iterator[None]:
    if cls is None:
        yield
        return
    saved = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    for name, method in saved.items():
        setattr(cls, name, _method_noter(method, noted.setdefault(f"{cls.__name__}.{name}", [])))
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(cls, name, method)


def _method_noter(method: Callable[..., Any], calls: list[list[Any]]) -> Callable[..., Any]:
    def noting(self: Any, *args: Any) -> Any:
        value = method(self, *args)
        arguments = [_plain(self.params[k]) for k in PARAMETER_KEYS] + [_plain(a) for a in args]
        calls.append([arguments, _plain(value)])
        return value
    return noting


def _noter(function: Callable[..., Any], calls: list[list[Any]]) -> Callable[..., Any]:
    def noting(*args: Any) -> Any:
        value = function(*args)
        calls.append([[_plain(a) for a in args], _plain(value)])
        return value
    return noting


def _call_reference(module: Any, function: str, inputs: dict[str, Any]) -> None:
    """The reference's function (or a method of its network, for "Class.method") on a case."""
    copies = {k: _copy(v) for k, v in inputs.items()}
    owner, _, method = function.rpartition(".")
    if not owner:
        getattr(module, function)(*copies.values())
        return
    network = object.__new__(getattr(module, owner))
    network.params = {k: np.asarray(v, dtype=np.float64) for k, v in copies.pop("network").items()}
    getattr(network, method)(*copies.values())


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def _plain(value: Any) -> Any:
    return np.asarray(value, dtype=np.float64).tolist()


def _unique(calls: list[list[Any]]) -> list[list[Any]]:
    seen: dict[str, list[Any]] = {}
    for call in calls:
        seen.setdefault(json.dumps(call), call)
    return list(seen.values())
