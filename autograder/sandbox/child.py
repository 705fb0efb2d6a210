"""The sandboxed side of grading: imports a submission and answers calls with plain data.

This file runs in the child process that holds the student's code, never in the grading
process. It imports only the standard library and NumPy, so it can run where the kit itself
is not readable (inside bubblewrap). It speaks a framed JSON protocol on a Unix socket: each
request names an exercise function and its inputs, or a batch of such calls answered one reply
per call (arrays live in a shared memory file that the grading process reads back itself after
the call, so nothing said here about the inputs is trusted); each reply carries the result as
plain data (numbers; arrays as dtype, shape and their bytes), never a pickle, so nothing the
student returns can run code in the grading process.
"""
from __future__ import annotations

import array
import base64
import builtins
import contextlib
import importlib
import json
import math
import mmap
import os
import resource
import socket
import struct
import sys
import time
import traceback
import warnings

import numpy as np

MAX_ITEMS = 100_000
WIRE_DTYPES = {"f": "<f8", "i": "<i8", "u": "<i8", "b": "|u1"}

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


# ---- plain-data codec -----------------------------------------------------------------------------


def decode(value, shared=None):
    """Turn a plain-data input back into NumPy arrays (views of `shared` memory) and numbers."""
    kind = value["t"]
    if kind == "shared":
        shape = value["shape"]
        dtype = np.dtype(value["dtype"])
        count = math.prod(shape)
        if count == 0:
            return np.zeros(shape, dtype=dtype)
        return np.frombuffer(shared, dtype=dtype, count=count, offset=value["offset"]).reshape(shape)
    if kind == "array":
        return np.array(value["data"], dtype=value["dtype"]).reshape(value["shape"])
    if kind == "number":
        return value["value"]
    if kind == "dict":
        return {k: decode(v, shared) for k, v in value["items"].items()}
    if kind == "str":
        return value["value"]
    if kind == "none":
        return None
    raise ValueError(f"cannot decode {kind!r}")


def encode(value, depth=0):
    """Describe a returned value as plain data: arrays as dtype, shape and their values' bytes
    (little-endian float64, int64 or one byte per bool, in base64: never a pickle)."""
    if depth > 4:
        return {"t": "other", "type": "too deeply nested"}
    if isinstance(value, (bool, int, float)) and not isinstance(value, np.generic):
        return {"t": "number", "value": _plain_number(value), "pytype": type(value).__name__}
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":  # complex, strings, objects, records: not numbers
            return {"t": "other", "type": f"array of {array.dtype}"}
        if array.size > MAX_ITEMS:
            return {"t": "other", "type": f"array of {array.size} values (too large)"}
        wire = WIRE_DTYPES[array.dtype.kind]
        if array.dtype.kind == "u" and array.size and array.max() >= 2**63:
            wire = "<f8"
        raw = np.ascontiguousarray(array, dtype=wire).tobytes()
        return {"t": "array", "dtype": str(array.dtype), "shape": list(array.shape),
                "wire": wire, "raw": base64.b64encode(raw).decode("ascii"),
                "scalar": isinstance(value, np.generic)}
    if isinstance(value, (tuple, list)):
        items = [encode(v, depth + 1) for v in value[:1000]]
        return {"t": type(value).__name__ if type(value) in (tuple, list) else "list", "items": items}
    if isinstance(value, dict):
        return {"t": "dict", "items": {str(k): encode(v, depth + 1) for k, v in list(value.items())[:100]}}
    if value is None:
        return {"t": "none"}
    return {"t": "other", "type": type(value).__name__}


def _plain_number(x):
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**63 else float(x)
    x = float(x)
    return x if math.isfinite(x) else repr(x)  # "nan", "inf", "-inf": JSON has no such numbers


# ---- protocol ---------------------------------------------------------------------------------------


class Channel:
    """Framed JSON messages on a Unix stream socket; a request may carry file descriptors."""

    def __init__(self, sock):
        self.sock = sock
        self.received_fds = []

    def receive(self):
        header = self._read_exactly(4)
        if header is None:
            return None
        (size,) = struct.unpack(">I", header)
        body = self._read_exactly(size)
        return None if body is None else json.loads(body)

    def send(self, message, fds=()):
        body = json.dumps(message, allow_nan=False).encode()
        data = struct.pack(">I", len(body)) + body
        if fds:
            sent = self.sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                               array.array("i", fds))])
            data = data[sent:]
        if data:
            self.sock.sendall(data)

    def take_fds(self):
        fds, self.received_fds = self.received_fds, []
        return fds

    def _read_exactly(self, size):
        chunks = []
        while size:
            data, ancillary, _flags, _address = self.sock.recvmsg(
                size, socket.CMSG_SPACE(8 * array.array("i").itemsize))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds = array.array("i")
                    fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
                    self.received_fds.extend(fds)
            if not data:
                return None
            chunks.append(data)
            size -= len(data)
        return b"".join(chunks)


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
