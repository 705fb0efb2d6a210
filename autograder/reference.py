"""The reference solutions, for the judge: loaded in this process, or as source for the sandbox.

Hidden checks and the judge's own arithmetic call the reference in the grading process (trusted
code). A function judged with correct dependencies gets them in the sandbox from the same
solutions: `reference_source` is what the judge sends with such a call, and the child runs it
(autograder/sandbox/child.py, `named_reference`). This module stays with the instructor:
the student bundle holds no reference, so there the checks use the student's own functions.
"""
from __future__ import annotations

import ast
import copy
import importlib.util
import sys
import threading
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from autograder.kit import assignment, current_assignment, exercise
from autograder.module_names import lent_module_names

__all__ = ["reference_function", "reference_module", "reference_source"]


_LOADING = threading.Lock()  # threads grading at once: one import, sys.modules not raced


@cache
def _reference_modules(name: str) -> dict[str, ModuleType]:
    with _LOADING:
        return _load_reference_modules(name)


def _load_reference_modules(name: str) -> dict[str, ModuleType]:
    """Import an assignment's solutions under private names; their imports of each other by
    plain name (network.py's `from activations import`) are served while they load."""
    chosen = assignment(name)
    modules: dict[str, ModuleType] = {}
    with lent_module_names(chosen.modules):
        for module_name in chosen.modules:
            spec = importlib.util.spec_from_file_location(
                f"autograder_reference_{chosen.name}_{module_name}",
                chosen.solutions_dir / f"{module_name}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            modules[module_name] = module
    return modules


def reference_module(module: str) -> ModuleType:
    """One module of the current assignment's reference."""
    return _reference_modules(current_assignment().name)[module]


def reference_function(function: str) -> Callable[..., Any]:
    return getattr(reference_module(exercise(function).module), function)


@cache
def reference_source(name: str, wanted: frozenset[str] | None = None) -> str:
    """An assignment's solutions as one self-contained source, modules in contract order: their
    imports of each other, docstrings and comments left out (the sandbox runs it as it is).

    With `wanted` (names of functions or classes, or "Class.method"), only those and what they
    use: the child of a call judged with a correct sigmoid gets the reference's sigmoid, not
    every answer, and one judged with a correct `predict` a TwoLayerNet holding `predict` alone
    (and the methods it calls on self), not the `loss` being judged. Whatever a child was sent,
    the student's code there can read (a helper's attack took the whole class from `loss`'s
    check): `autograder.sandbox.session` never sends a call to a child that holds the reference
    of the function it judges (its `defined_by`).
    """
    chosen = assignment(name)
    body: list[ast.stmt] = []
    for module_name in chosen.modules:
        tree = ast.parse((chosen.solutions_dir / f"{module_name}.py").read_text(encoding="utf-8"))
        body += [statement for statement in tree.body
                 if not _imports_a_sibling(statement, chosen.modules) and not _is_docstring(statement)]
    if wanted is not None:
        body = _used_by(body, wanted)
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.body and _is_docstring(node.body[0]):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(ast.Module(body=body, type_ignores=[])) + "\n"


def _used_by(body: list[ast.stmt], wanted: frozenset[str]) -> list[ast.stmt]:
    """The imports, and the top-level statements defining `wanted` or a name they use, in order;
    a class wanted only for some of its methods ("TwoLayerNet.predict") holds only those."""
    methods: dict[str, set[str]] = {}
    for name in wanted:
        owner, _, method = name.partition(".")
        if method and owner not in wanted:
            methods.setdefault(owner, set()).add(method)
    body = [_with_methods(s, methods[s.name]) if isinstance(s, ast.ClassDef) and s.name in methods
            else s for s in body]
    wanted = frozenset(name.partition(".")[0] for name in wanted)
    defines = {statement_index: _defined_names(statement) for statement_index, statement in enumerate(body)}
    needed, kept = set(wanted), set[int]()
    while True:
        more = {index for index, names in defines.items() if names & needed} - kept
        if not more:
            break
        kept |= more
        for index in more:
            needed |= {node.id for node in ast.walk(body[index]) if isinstance(node, ast.Name)}
    imports = {ast.unparse(s): s for s in body if isinstance(s, ast.Import | ast.ImportFrom)}
    return [*imports.values(), *(statement for index, statement in enumerate(body) if index in kept)]


def _with_methods(cls: ast.ClassDef, methods: set[str]) -> ast.ClassDef:
    """A copy of `cls` holding only `methods` and the methods they call on self, in order."""
    defined = {s.name: s for s in cls.body if isinstance(s, ast.FunctionDef)}
    keep, todo = set[str](), [m for m in methods if m in defined]
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo += [node.attr for node in ast.walk(defined[name])
                     if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                     and node.value.id == "self" and node.attr in defined]
    pruned = copy.copy(cls)
    pruned.body = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name in keep] or [ast.Pass()]
    return pruned


def _defined_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.FunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Assign | ast.AnnAssign):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return {node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)}
    return set()


def _imports_a_sibling(statement: ast.stmt, modules: tuple[str, ...]) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.module in modules
    if isinstance(statement, ast.Import):
        return any(alias.name in modules for alias in statement.names)
    return False


def _is_docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))
