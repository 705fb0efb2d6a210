"""The reference solutions, loaded into the grading process for hidden checks (trusted code)."""
from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from autograder.kit import MODULES, SOLUTIONS_DIR, exercise

__all__ = ["reference_function"]


_LOADING = threading.Lock()  # threads grading at once: one import, sys.modules not raced


@cache
def _reference_modules() -> dict[str, ModuleType]:
    with _LOADING:
        return _load_reference_modules()


def _load_reference_modules() -> dict[str, ModuleType]:
    """Import solutions/*.py under private names; network.py's `from activations import` is served."""
    modules: dict[str, ModuleType] = {}
    saved = {name: sys.modules.get(name) for name in MODULES}
    try:
        for name in MODULES:
            spec = importlib.util.spec_from_file_location(f"autograder_reference_{name}",
                                                          SOLUTIONS_DIR / f"{name}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            modules[name] = sys.modules[name] = module
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
    return modules


def reference_function(function: str) -> Callable[..., Any]:
    return getattr(_reference_modules()[exercise(function).module], function)
