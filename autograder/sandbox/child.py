"""The sandboxed side of grading: imports a submission and answers calls with plain data.

This file runs in the child process that holds the student's code, never in the grading
process. It imports only the standard library and NumPy, so it can run where the kit itself
is not readable (inside bubblewrap). It speaks a framed JSON protocol on a Unix socket: each
request names an exercise function and its inputs, or a batch of such calls answered one reply
per call (arrays live in a shared memory file that the grading process reads back itself after
the call, so nothing said here about the inputs is trusted); each reply carries the result as
plain data (numbers; arrays as dtype, shape and their bytes), never a pickle, so nothing the
student returns can run code in the grading process. A call judged with correct dependencies
names the code they come from by its digest; each source arrives once, with the first message
that needs it, and is kept for the child's lifetime (`SOURCES`). Framing, value format and
sources are `wire.py`'s, shared with the grading process.
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
import types
import warnings
from collections.abc import Iterable
from typing import Any

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


# ---- the wire: framing and value format, written once in wire.py beside this file -------------


def _load_wire():
    """wire.py, under a name no student module can take (the child cannot read the kit)."""
    name = "dlfs_sandbox_wire"
    if name not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


wire = _load_wire()
Channel = wire.Channel
decode = wire.decode_input
encode = wire.encode_value
SOURCES = wire.SourceStore()  # the sources the judge sent, by digest, for this child's lifetime


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
        function = find_callable(module, request["function"])
        if not callable(function):
            return {"ok": False, "error": {"type": "MissingFunction", "phase": "missing", "where": "",
                                           "message": f"{request['module']}.py defines no function "
                                                      f"{request['function']}",
                                           "callables": public_callables(module)}}
        inputs = {name: decode(value, shared) for name, value in request["inputs"].items()}
        passed = dict(inputs)
        for name in request.get("function_inputs", []):
            passed[name] = make_test_function(inputs[name], passed)
        try:
            reference = named_reference(request.get("reference", ""))
        except wire.UnknownSource as error:
            return {"ok": False, "error": {"type": "UnknownSource", "phase": "call", "where": "",
                                           "message": "", "unknown_source": error.digest}}
        restore = inject_dependencies(module, request.get("dependencies", {}), passed, reference)
        caught = []
        started = time.perf_counter()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                built = build_objects(module, passed, reference)  # a TwoLayerNet, a generator
                if built:
                    function = bind_method(function, request["function"], passed)
                # Positional, in the exercise's parameter order: a student (or the book's
                # common/functions.py, softmax(x)) may name the parameters differently.
                value = function(*passed.values())
                if built or isinstance(function, type):
                    value = (value if not isinstance(function, type) else None,
                             objects_state(built, value if isinstance(function, type) else None))
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
    function.__autograder_name__ = name  # type: ignore[attr-defined]
    return function


def named_reference(digest):
    """The reference solutions the judge sent for a call (its autograder/reference.py,
    reference_source), named by their digest and run once per child; empty where the judge has
    none (the student bundle: the student's own functions then stay in place). A digest the
    judge never sent raises wire.UnknownSource."""
    source = SOURCES.source(digest)
    if not source:
        return {}
    if digest not in _REFERENCES:  # a call carries only the functions it needs: a few per child
        namespace = {"__name__": "autograder_reference"}
        exec(compile(source, "<reference>", "exec"), namespace)  # noqa: S102 - the judge's code
        _REFERENCES[digest] = namespace
    return _REFERENCES[digest]


def reference_namespace(source):
    """named_reference for reference code handed over as it is (autograder.diagnosis.inprocess
    runs the kit's own models in the grading process, with no wire between)."""
    return named_reference(SOURCES.add(source))


_REFERENCES: dict[str, dict[str, Any]] = {}


def inject_dependencies(module, dependencies, passed, reference):
    """Replace the functions an exercise depends on by correct ones, for the time of one call:
    "correct_NAME" is the reference's NAME, "analytic_gradient" the exact gradient of a test
    function. Without a reference (the student bundle), NAME answers the calls its TABLES note
    and the student's own function the others."""
    saved = {name: module.__dict__.get(name, _MISSING) for name in dependencies}
    tables = reference.get("TABLES", {})
    for name, replacement in dependencies.items():
        own = saved[name] if saved[name] is not _MISSING else None
        correct = replacement[len("correct_"):] if replacement.startswith("correct_") else ""
        if replacement == "analytic_gradient":
            module.__dict__[name] = _analytic_gradient(reference.get("numerical_gradient", own))
        elif correct in reference:
            module.__dict__[name] = reference[correct]
        elif correct in tables and own is not None:
            module.__dict__[name] = tabled(tables[correct], own)

    def restore():
        for name, value in saved.items():
            if value is _MISSING:
                module.__dict__.pop(name, None)
            else:
                module.__dict__[name] = value
    return restore


_MISSING = object()


def tabled(noted, own, leading=None):
    """A correct function known only by its values on the public checks' calls (the student
    bundle's data/.../dependency_values.json, autograder/dependency_values.py): a call whose
    arguments are close to noted ones (the same shapes, within 1e-12) gets the noted value;
    any other call goes to `own`, the student's function. `leading()` gives the arguments a
    method's noted calls begin with (its network's parameters)."""
    table = noted_table(noted)

    def function(*given):
        args = (leading() + list(given)) if leading is not None else given
        value = table.value(args)
        if value is _MISSING:
            return own(*given)
        return np.array(value, dtype=np.float64) if isinstance(value, list) else value
    return function


class NotedTable:
    """A dependency's noted calls, grouped by their arguments' shapes, each group's arguments
    stacked, so a call is looked up with one comparison per argument, not one per noted call
    (numerical_gradient's loss has some 80, and is called as many times)."""

    def __init__(self, noted):
        groups: dict[tuple, list] = {}
        for arguments, value in noted:
            arrays = [np.asarray(a, dtype=np.float64) for a in arguments]
            groups.setdefault(tuple(a.shape for a in arrays), []).append((arrays, value))
        self._groups = {shapes: ([np.stack([arrays[i] for arrays, _ in entries])
                                  for i in range(len(shapes))], [value for _, value in entries])
                        for shapes, entries in groups.items()}

    def value(self, args):
        """The value of the first noted call whose arguments are all close to `args` (as
        np.isclose with rtol 1e-12, atol 1e-15), else _MISSING.

        Computed with NumPy's functions as they were when this module was loaded: the student's
        code runs in this process and may replace np.isclose (data/sample_class/s013_seo does),
        and a lookup that said "close" to every call would hand a wrong forward the values of
        a right one."""
        try:
            given = [_ASARRAY(a, dtype=np.float64) for a in args]
        except (TypeError, ValueError):
            return _MISSING
        group = self._groups.get(tuple(a.shape for a in given))
        if group is None:
            return _MISSING
        stacked, values = group
        matches = None
        for noted, one in zip(stacked, given, strict=True):
            with _ERRSTATE(all="ignore"):  # equal, for infinities; else within the tolerance
                close = _LOGICAL_OR(_EQUAL(one, noted), _LESS_EQUAL(_ABSOLUTE(_SUBTRACT(one, noted)),
                                                                    1e-15 + 1e-12 * _ABSOLUTE(noted)))
            close = close.reshape(len(values), one.size).all(axis=1)
            matches = close if matches is None else matches & close
        found = range(len(values)) if matches is None else matches.nonzero()[0]  # no argument: any
        return values[found[0]] if len(found) else _MISSING


# NumPy's own, taken before any student module is imported (see NotedTable.value); ufuncs and
# ndarray methods cannot be changed in place, only the module's names rebound
_ASARRAY, _ERRSTATE, _ABSOLUTE, _SUBTRACT = np.asarray, np.errstate, np.absolute, np.subtract
_EQUAL, _LESS_EQUAL, _LOGICAL_OR = np.equal, np.less_equal, np.logical_or


def noted_table(noted):
    """The NotedTable of a list of noted calls, made once per child (the lists live as long as
    the reference namespace that holds them, that is the child's lifetime)."""
    key = id(noted)
    if key not in _TABLES:
        _TABLES[key] = (noted, NotedTable(noted))  # `noted` held: its id stays its own
    return _TABLES[key][1]


_TABLES: dict[int, tuple[Any, NotedTable]] = {}


def _parameters_of(network):
    def parameters():
        params = getattr(network, "params", None)
        return [params.get(k) if isinstance(params, dict) else None for k in PARAMETER_KEYS]
    return parameters


def _analytic_gradient(otherwise):
    """numerical_gradient(f, x) answered with f's exact gradient when f is a test function;
    for a function of the student's own, `otherwise` (the reference's, or the student's)."""
    def numerical_gradient(f, x):
        gradient = ANALYTIC_GRADIENTS.get(getattr(f, "__autograder_name__", ""))
        if gradient is None:
            if otherwise is None:
                raise NameError("name 'numerical_gradient' is not defined")
            return otherwise(f, np.array(x, dtype=float))
        return gradient(np.asarray(x, dtype=float))
    return numerical_gradient


# ---- objects: the training assignment's network and random generator, built here ------------------
#
# An input {"__object__": "Generator", "seed": s} becomes np.random.default_rng(s). An input
# {"__object__": "TwoLayerNet", "of": "student", "input_size": ..., "hidden_size": ...,
# "output_size": ..., "weight_init_std": ... (the constructor's arguments), "seed": s,
# "params": {...}} becomes the student's network (the class of the called module, or of
# "module" when given), built after
# np.random.seed(s), its params replaced by copies of "params" when given (a constructor that
# fails then leaves the methods to be judged on the params alone; "correct_methods": "predict,
# loss" replaces those methods by the reference's, so loss is judged with a correct predict).
# With "of": "correct", the reference's network, from the source the request names ("reference":
# the judge's solutions; the student bundle has none, and sends the student's network). "record": true
# wraps the network in a Recorder, which notes what a training loop asks of it.
# A call "Class.method" with such an input named "self" calls that method of it; a call "Class"
# with one returns it (the constructor). A call that built objects replies (returned value,
# {name: {"params": ..., "log": ...}}): each object's parameters after the call and, for the
# correct network, what was asked of it (its autograder_log()).


def preload_random():
    """Load what np.random's seeding imports lazily (secrets, threading, ...) while the modules
    are readable: a child that runs as uid 65534 may not reach the standard library's folder."""
    np.random.seed(None)
    np.random.default_rng()


preload_random()


def find_callable(module, name):
    """module.name, or module.Class.method for a name "Class.method"."""
    owner, _, attribute = name.rpartition(".")
    if not owner:
        return getattr(module, name, None)
    cls = getattr(module, owner, None)
    return getattr(cls, attribute, None) if isinstance(cls, type) else None


def build_objects(module, passed, reference):
    built = {}
    for name, value in list(passed.items()):
        if isinstance(value, dict) and "__object__" in value:
            passed[name] = built[name] = build_object(module, value, reference)
    return built


def build_object(module, spec, reference):
    if spec["__object__"] == "Generator":
        return np.random.default_rng(spec.get("seed"))
    if spec.get("seed") is not None:
        np.random.seed(spec["seed"])
    args = [spec[name] for name in NETWORK_ARGUMENTS if name in spec]
    if spec.get("of") == "correct":  # the reference's class, from the judge's source
        network = network_to_train(reference[spec["__object__"]])(*args)
    else:
        if spec.get("module"):  # a class of another of the student's modules
            module = importlib.import_module(spec["module"])
        cls = getattr(module, spec["__object__"])
        try:
            network = cls(*args)
        except Exception:  # noqa: BLE001 - judged by its own check: methods get the params given
            if spec.get("params") is None:
                raise
            network = cls.__new__(cls)
        if spec.get("params") is not None and not isinstance(getattr(network, "params", None), dict):
            network.params = {}
        correct_class = reference.get(spec["__object__"])
        tables = reference.get("TABLES", {})
        for name in filter(None, spec.get("correct_methods", "").split(",")):  # loss: predict
            noted = tables.get(f"{spec['__object__']}.{name}")
            if correct_class is not None:
                setattr(network, name, types.MethodType(getattr(correct_class, name), network))
            elif noted is not None:  # the student bundle: noted values, else the student's own
                setattr(network, name, tabled(noted, getattr(network, name), _parameters_of(network)))
    if spec.get("record"):
        network = Recorder(network)
    if spec.get("params") is not None:
        for key, value in spec["params"].items():
            network.params[key] = np.array(value, dtype=np.float64)
    return network


def bind_method(function, name, passed):
    """For "Class.method" with an object named "self": that object's bound method; for "Class"
    with an object named "self" (the constructor, seeded): a call that returns that object."""
    if "self" not in passed:
        return function
    instance = passed.pop("self")
    if "." in name:
        return getattr(instance, name.rpartition(".")[2])
    return lambda: instance


def objects_state(built, made):
    objects = dict(built, **({"returned": made} if made is not None else {}))
    state = {}
    for name, value in objects.items():
        if isinstance(value, np.random.Generator):
            continue
        entry = {"params": getattr(value, "params", None)}
        if callable(getattr(value, "autograder_log", None)):
            entry["log"] = value.autograder_log()
        state[name] = entry
    return state


def network_to_train(reference_class):
    """The reference's network for judging `train` alone, its numerical_gradient answered by
    gradient: the Recorder notes a loop that calls it (far too slow to train with), and the
    check says so instead of timing out."""
    return type("CorrectTwoLayerNet", (reference_class,),
                {"numerical_gradient": reference_class.gradient})


NETWORK_ARGUMENTS = ("input_size", "hidden_size", "output_size", "weight_init_std")
PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
MAX_ROWS = 60_000  # rows noted in all (a reply carries at most 100,000 values per array)


def row_keys(x):
    """One number per row, the same for equal rows whatever the batch: integer weights, so for
    the digits (multiples of 1/16) every product and sum is exact in any order. The judge
    computes the same keys of x_train and finds the rows (autograder/checks/training.py)."""
    weights = ((np.arange(x.shape[1]) * 7919 + 104729) % 1000003 + 1).astype(np.float64)
    return np.dot(x, weights)


class Recorder:
    """A network (the student's or a correct one) that notes what a training loop asks of it:
    the training rows of each gradient (or numerical_gradient) call, which parameters changed
    between calls and by how much against the gradient. Everything else goes to the network."""

    def __init__(self, network):
        self._network = network
        self._rows, self._sizes, self._numerical, self._changed, self._steps = [], [], [], [], []
        self._snapshot = self._copy_params()
        self._last_grads = None

    def _copy_params(self):
        params = self.params if isinstance(self.params, dict) else {}
        return {k: np.array(params.get(k, np.nan), dtype=np.float64, copy=True) for k in PARAMETER_KEYS}

    def _changes(self):
        now = self._copy_params()
        return [not np.array_equal(now[k], self._snapshot[k]) for k in PARAMETER_KEYS]

    def _step(self):
        """How far the parameters moved since the last gradient, in units of minus that gradient:
        the learning rate for plain gradient descent (negative: they moved uphill)."""
        if self._last_grads is None:
            return np.nan
        now = self._copy_params()
        try:
            grads = np.concatenate([np.ravel(self._last_grads[k]) for k in PARAMETER_KEYS])
            moved = np.concatenate([np.ravel(now[k] - self._snapshot[k]) for k in PARAMETER_KEYS])
            norm = float(np.dot(grads, grads))
            return -float(np.dot(moved, grads)) / norm if norm > 0 else np.nan
        except ValueError:  # shapes that do not match: no step to speak of
            return np.nan

    def _note(self, x, numerical):
        self._changed.append(self._changes())
        self._steps.append(self._step())
        self._snapshot = self._copy_params()
        x = np.asarray(x, dtype=np.float64)
        if sum(self._sizes) + len(x) <= MAX_ROWS and x.ndim == 2:
            self._rows.append(row_keys(x))
        self._sizes.append(len(x))
        self._numerical.append(numerical)

    def autograder_log(self):
        """rows: the row_keys of the gradient calls' rows, in order (while they fit in MAX_ROWS);
        sizes: each call's batch size; numerical: whether it was numerical_gradient; changed:
        which parameters changed after each call; steps: the step after each call (see _step)."""
        rows = np.concatenate(self._rows) if self._rows else np.zeros(0)
        return {"rows": rows,
                "sizes": np.array(self._sizes, dtype=np.int64),
                "numerical": np.array(self._numerical, dtype=bool),
                "changed": np.array(self._changed[1:] + [self._changes()], dtype=bool).reshape(-1, 4),
                "steps": np.array(self._steps[1:] + [self._step()], dtype=np.float64)}

    @property
    def params(self):
        return self._network.params

    @params.setter
    def params(self, value):
        self._network.params = value

    def __getattr__(self, name):
        return getattr(self._network, name)

    def gradient(self, x, t):
        self._note(x, False)
        grads = self._network.gradient(x, t)
        self._keep(grads)
        return grads

    def numerical_gradient(self, x, t):
        self._note(x, True)
        grads = self._network.numerical_gradient(x, t)
        self._keep(grads)
        return grads

    def _keep(self, grads):
        try:
            self._last_grads = {k: np.array(grads[k], dtype=np.float64) for k in PARAMETER_KEYS}
        except (KeyError, TypeError, ValueError, IndexError):
            self._last_grads = None


# ---- start-up ---------------------------------------------------------------------------------------


def apply_limits(memory_mb, cpu_seconds, file_mb, processes, open_files=0):
    """The rlimits of this process (inherited by all it starts). `open_files` also bounds the
    descriptors it may put in flight on Unix sockets (autograder.sandbox.limits.OPEN_FILES)."""
    limits = [(resource.RLIMIT_AS, memory_mb * 2**20), (resource.RLIMIT_CPU, cpu_seconds),
              (resource.RLIMIT_FSIZE, file_mb * 2**20), (resource.RLIMIT_CORE, 0)]
    if open_files:
        limits.append((resource.RLIMIT_NOFILE,
                       min(open_files, resource.getrlimit(resource.RLIMIT_NOFILE)[0])))
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
        SOURCES.receive(request)  # before any of its calls: the first may need them
        replies: Iterable[tuple[Any, Any]]
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
