"""The kit's OWN code (the reference, its mutants, the corpus's buggy models) run in this process.

Only for trusted code, at generation and audit time: students' code always runs in the sandbox.
`InProcessSession` answers `call` like `SubmissionSession` does, and its outcomes are what the
sandboxed call would return: the value goes through the child's encoder and the judge's decoder,
array inputs are read back after the call, exceptions are described the child's way.
"""
from __future__ import annotations

import contextlib
import signal
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograder.kit import current_assignment
from autograder.module_names import lent_module_names
from autograder.sandbox import child
from autograder.sandbox.codec import MalformedReply, decode_value
from autograder.sandbox.prefetch import PlannedCall
from autograder.sandbox.session import CallOutcome, StudentError
from autograder.sandbox.wire import array_inputs

__all__ = ["InProcessSession", "load_modules"]

CALL_SECONDS = 2.0  # a mutant that loops forever (it.iternext() removed) stops here


class CallTimeout(Exception):
    """A call of an in-process model took longer than CALL_SECONDS."""


def load_modules(sources: dict[str, str]) -> tuple[dict[str, types.ModuleType],
                                                   dict[str, StudentError]]:
    """Execute the modules' sources, in the current assignment's contract order (network imports
    activations)."""
    modules: dict[str, types.ModuleType] = {}
    errors: dict[str, StudentError] = {}
    names = current_assignment().modules
    with lent_module_names(names):
        for name in names:
            if name not in sources:
                errors[name] = StudentError("FileNotFoundError",
                                            f"{name}.py is missing from the submission", "import")
                continue
            module = types.ModuleType(name)
            module.__file__ = f"<model>/{name}.py"
            try:
                with warnings.catch_warnings(), _time_limit(CALL_SECONDS), _quiet():
                    warnings.simplefilter("ignore")
                    code = compile(sources[name], f"<model>/{name}.py", "exec")
                    sys.modules[name] = module
                    exec(code, module.__dict__)  # noqa: S102 - the kit's own models only
                modules[name] = module
            except BaseException as error:  # noqa: BLE001 - as the child reports any failure
                sys.modules.pop(name, None)
                errors[name] = _error(error, "import")
    return modules, errors


class InProcessSession:
    """`SubmissionSession.call` for trusted modules executed in this process."""

    in_hidden_phase = False  # no child here to keep hidden inputs from

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.modules, self.import_errors = load_modules(sources)
        self.calls_made: list[PlannedCall] = []
        # as in the sandbox: a function that timed out is not called again (same dependencies)
        self._timed_out: dict[tuple[str, tuple], StudentError] = {}

    def source(self, module: str) -> str:
        return self.sources.get(module, "")

    def call(self, module: str, function: str, inputs: dict[str, Any], *,
             function_inputs: tuple[str, ...] = (),
             dependencies: dict[str, str] | None = None, reference: str = "") -> CallOutcome:
        planned = PlannedCall(module, function, inputs, function_inputs,
                              tuple(sorted((dependencies or {}).items())), reference)
        self.calls_made.append(planned)
        return self.run(planned)

    def run(self, planned: PlannedCall) -> CallOutcome:
        """The outcome of one planned call."""
        if planned.module in self.import_errors:
            return CallOutcome(error=self.import_errors[planned.module])
        timed_out = self._timed_out.get((planned.function, planned.dependencies))
        if timed_out is not None:
            return CallOutcome(error=timed_out)
        module = self.modules[planned.module]
        function = getattr(module, planned.function, None)
        if not callable(function):
            return CallOutcome(error=StudentError(
                "MissingFunction", f"{planned.module}.py defines no function {planned.function}",
                "missing"))
        copies = {name: _copy(value) for name, value in planned.inputs.items()}
        passed = dict(copies)
        for name in planned.function_inputs:
            passed[name] = child.make_test_function(copies[name], passed)
        # correct dependencies from the reference, whoever planned the call (trusted models only)
        reference = child.reference_namespace(_reference_source() if planned.dependencies else "")
        restore = child.inject_dependencies(module, dict(planned.dependencies), passed, reference)
        try:
            with warnings.catch_warnings(), np.errstate(all="warn"), _time_limit(CALL_SECONDS), \
                    _quiet():
                warnings.simplefilter("ignore")
                value = function(*passed.values())
            outcome = CallOutcome(value=decode_value(child.encode(value)))
        except CallTimeout:
            error = StudentError("Timeout", "did not finish", "timeout")
            self._timed_out[(planned.function, planned.dependencies)] = error
            return CallOutcome(error=error)
        except MalformedReply as error:
            return CallOutcome(error=StudentError("MalformedReply", str(error), "reply"))
        except BaseException as error:  # noqa: BLE001 - as the child reports any failure
            return CallOutcome(error=_error(error, "call"))
        finally:
            restore()
        outcome.inputs_after = array_inputs(copies)  # as the sandbox reads them back
        return outcome


def _reference_source() -> str:
    from autograder.reference import reference_source  # instructor-only: not in the bundle

    return reference_source(current_assignment().name)


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _error(error: BaseException, phase: str) -> StudentError:
    described = child.describe_error(error, phase)
    return StudentError(described["type"], described["message"], phase, described["where"])


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise CallTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Models that print (the corpus's buggy code may) do not write into the audit's table."""
    with open("/dev/null", "w") as null, contextlib.redirect_stdout(null):  # noqa: PTH123
        yield
