"""The sandboxed side of grading: imports a submission and answers calls with plain data.

This file runs in the child process that holds the student's code, never in the grading
process. It imports only the standard library and NumPy, so it can run where the kit itself
is not readable (inside bubblewrap). It speaks a framed JSON protocol on a Unix socket: each
request names an exercise function and its inputs, or a batch of such calls answered one reply
per call (arrays live in a shared memory file that the grading process reads back itself after
the call, so nothing said here about the inputs is trusted); each reply carries the result as
plain data (numbers; arrays as dtype, shape and their bytes), never a pickle, so nothing the
student returns can run code in the grading process. Framing and value format are `wire.py`'s,
shared with the grading process.
"""
from __future__ import annotations

import builtins
import contextlib
import importlib
import importlib.util
import json
import mmap
import os
import resource
import socket
import sys
import time
import traceback
import warnings

import numpy as np

# ---- the book's test functions, named in requests as `f` ----------------------------------------


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    return x[0] ** 2 + x[1] ** 2


def function_tmp1(x0):
    return x0 * x0 + 4.0**2.0


def function_tmp2(x1):
    return 3.0**2.0 + x1 * x1


def sum_squares(x):
    return np.sum(x**2)


def rows_interact(x):
    return np.sum(x[0] * x[1])


def shifted_bowl(x):
    return (x[0] - 1) ** 2 + (x[1] - 2) ** 2


TEST_FUNCTIONS = {f.__name__: f for f in (function_1, function_2, function_tmp1, function_tmp2,
                                          sum_squares, rows_interact, shifted_bowl)}

# Exact gradients of the test functions: the dependency that replaces a student's
# numerical_gradient when gradient_descent is judged on its own.
ANALYTIC_GRADIENTS = {
    "function_2": lambda x: 2 * x,
    "sum_squares": lambda x: 2 * x,
    "shifted_bowl": lambda x: 2 * (x - np.array([1.0, 2.0])),
    "closure_over_x": lambda x: 2 * x,
}


def correct_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def correct_identity(x):
    return x


# ---- the wire: framing and value format, written once in wire.py beside this file -------------


def _load_wire():
    """wire.py, under a name no student module can take (the child cannot read the kit)."""
    name = "dlfs_sandbox_wire"
    if name not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


wire = _load_wire()
Channel = wire.Channel
decode = wire.decode_input
encode = wire.encode_value


def describe_error(error, phase):
    frames = traceback.extract_tb(error.__traceback__)
    student_frames = [f for f in frames if os.path.abspath(f.filename).startswith(os.getcwd())]
    where = ""
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        where = f"{os.path.basename(error.filename)}, line {error.lineno}"
        if error.text and error.text.strip():
            where += f": {error.text.strip()}"
    elif student_frames:
        last = student_frames[-1]
        where = f"{os.path.basename(last.filename)}, line {last.lineno}"
        if last.line:
            where += f": {last.line.strip()}"
    return {"type": type(error).__name__, "message": str(error)[:500], "phase": phase, "where": where}


class Submission:
    """The student's modules, imported on demand from the current directory."""

    def __init__(self):
        self.modules = {}
        self.import_errors = {}

    def module(self, name):
        if name in self.import_errors:
            raise self.import_errors[name]
        if name not in self.modules:
            if not os.path.exists(f"{name}.py"):
                error = FileNotFoundError(f"{name}.py is missing from the submission")
                self.import_errors[name] = error
                raise error
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.modules[name] = importlib.import_module(name)
            except BaseException as error:  # noqa: BLE001 - any failure at import is the student's
                self.import_errors[name] = error
                raise
        return self.modules[name]

    def load(self, name):
        try:
            self.module(name)
        except BaseException as error:  # noqa: BLE001
            return {"ok": False, "error": describe_error(error, "import")}
        return {"ok": True, "matplotlib": "matplotlib" in sys.modules}  # a hint for the zygote

    def call(self, request, shared):
        try:
            module = self.module(request["module"])
        except BaseException as error:  # noqa: BLE001
            return {"ok": False, "error": describe_error(error, "import")}
        function = getattr(module, request["function"], None)
        if not callable(function):
            return {"ok": False, "error": {"type": "MissingFunction", "phase": "missing", "where": "",
                                           "message": f"{request['module']}.py defines no function "
                                                      f"{request['function']}",
                                           "callables": public_callables(module)}}
        inputs = {name: decode(value, shared) for name, value in request["inputs"].items()}
        passed = dict(inputs)
        for name in request.get("function_inputs", []):
            passed[name] = make_test_function(inputs[name], passed)
        restore = inject_dependencies(module, request.get("dependencies", {}), passed)
        caught = []
        started = time.perf_counter()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # Positional, in the exercise's parameter order: a student (or the book's
                # common/functions.py, softmax(x)) may name the parameters differently.
                value = function(*passed.values())
            reply = {"ok": True, "value": encode(value)}
        except BaseException as error:  # noqa: BLE001 - SystemExit, KeyboardInterrupt included
            reply = {"ok": False, "error": describe_error(error, "call")}
        finally:
            restore()
        reply["seconds"] = time.perf_counter() - started
        reply["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})[:5]
        return reply


def public_callables(module):
    """The names of the module's public callables, for a "did you mean" in the grading process."""
    names = [name for name, value in list(vars(module).items())
             if isinstance(name, str) and not name.startswith("_") and callable(value)]
    return sorted(name[:80] for name in names)[:200]


def map_shared_inputs(fds, size):
    """The shared memory holding the call's array inputs (the grading process reads it back)."""
    if not fds:
        return None
    try:
        return mmap.mmap(fds[0], size) if size else None
    finally:
        for fd in fds:
            os.close(fd)


def make_test_function(name, passed):
    if name == "closure_over_x":
        captured = passed["x"]  # reads the very array the student received, as TwoLayerNet does
        function = lambda _w: np.sum(captured**2)  # noqa: E731
    else:
        function = TEST_FUNCTIONS[name]
    function.__autograder_name__ = name
    return function


def inject_dependencies(module, dependencies, passed):
    """Replace the functions an exercise depends on by correct ones, for the time of one call."""
    saved = {name: module.__dict__.get(name, _MISSING) for name in dependencies}
    for name, replacement in dependencies.items():
        if replacement == "correct_sigmoid":
            module.__dict__[name] = correct_sigmoid
        elif replacement == "correct_identity":
            module.__dict__[name] = correct_identity
        elif replacement == "analytic_gradient":
            module.__dict__[name] = _analytic_numerical_gradient

    def restore():
        for name, value in saved.items():
            if value is _MISSING:
                module.__dict__.pop(name, None)
            else:
                module.__dict__[name] = value
    return restore


_MISSING = object()


def _analytic_numerical_gradient(f, x):
    gradient = ANALYTIC_GRADIENTS.get(getattr(f, "__autograder_name__", ""))
    if gradient is None:  # the student passed a function of their own: central differences
        return _central_differences(f, np.array(x, dtype=float))
    return gradient(np.asarray(x, dtype=float))


def _central_differences(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        value = x[idx]
        x[idx] = value + h
        above = f(x)
        x[idx] = value - h
        below = f(x)
        x[idx] = value
        grad[idx] = (above - below) / (2 * h)
    return grad


# ---- start-up ---------------------------------------------------------------------------------------


def apply_limits(memory_mb, cpu_seconds, file_mb, processes):
    limits = [(resource.RLIMIT_AS, memory_mb * 2**20), (resource.RLIMIT_CPU, cpu_seconds),
              (resource.RLIMIT_FSIZE, file_mb * 2**20), (resource.RLIMIT_CORE, 0)]
    if processes and os.getuid() != 0:
        limits.append((resource.RLIMIT_NPROC, processes))
    for which, value in limits:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (value, value))


def quiet_standard_streams():
    """Student prints go nowhere; stdin is closed (input() raises EOFError)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def serve(channel, folder, limits):
    """Answer requests for the submission in `folder` until the grader closes the channel."""
    os.environ["HOME"] = folder
    sys.dont_write_bytecode = True
    os.chdir(folder)
    sys.path.insert(0, folder)
    os.environ["MPLBACKEND"] = "Agg"
    apply_limits(**limits)
    quiet_standard_streams()
    builtins.input = _no_input
    submission = Submission()
    channel.send({"ready": True, "pid": os.getpid()})
    while True:
        request = channel.receive()
        if request is None:
            return
        shared = map_shared_inputs(channel.take_fds(), request.get("shared_bytes", 0))
        if request.get("op") == "import":
            replies = [(request, submission.load(request["module"]))]
        elif request.get("op") == "batch":  # one reply per call, sent as soon as it is made
            replies = ((call, submission.call(call, shared)) for call in request["calls"])
        else:
            replies = [(request, submission.call(request, shared))]
        for answered, reply in replies:
            reply["id"] = answered.get("id")
            channel.send(reply)


def _no_input(prompt=""):
    raise EOFError("input() is not available while grading: remove calls to input()")


def main():
    channel = Channel(socket.socket(fileno=int(sys.argv[1])))
    serve(channel, sys.argv[2], json.loads(sys.argv[3]))
    os._exit(0)


if __name__ == "__main__":
    main()
