"""The reference solutions, loaded into the grading process for hidden checks (trusted code)."""
from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from autograder.kit import assignment, current_assignment, exercise

__all__ = ["reference_function", "reference_module"]


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
    saved = {module: sys.modules.get(module) for module in chosen.modules}
    try:
        for module_name in chosen.modules:
            spec = importlib.util.spec_from_file_location(
                f"autograder_reference_{chosen.name}_{module_name}",
                chosen.solutions_dir / f"{module_name}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            modules[module_name] = module
    finally:
        for module_name, previous in saved.items():
            if previous is None:
                sys.modules.pop(module_name, None)
            else:
                sys.modules[module_name] = previous
    return modules


def reference_module(module: str) -> ModuleType:
    """One module of the current assignment's reference."""
    return _reference_modules(current_assignment().name)[module]


def reference_function(function: str) -> Callable[..., Any]:
    return getattr(reference_module(exercise(function).module), function)
