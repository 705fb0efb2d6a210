"""Public checks of the training assignment: TwoLayerNet and the mini-batch loop of chapter 4.

The network's methods are checked on small networks with fixed parameters (known values from
data/training/known_values.toml), the gradients by relative error, per parameter. `train` is
judged on what it does, not on a trajectory: the reference's network, sent to the sandbox and
noting what it is asked there (child.Recorder), receives the student's loop, and the
checks look at the batches it drew, the parameters it moved, the losses it reported and how
well the trained network recognises test digits it never saw.

What a check measured and what it suggests (the batch was the same every time, the bias
gradient was not summed, ...) is noted as a *symptom*: data/training/mistakes.toml names a
mistake by its symptoms, in the language of data/mistakes.toml (a sign on the case
"symptoms", see `note_symptom`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np

from autograder.checks import (
    CheckFailure,
    Observation,
    RecordedCall,
    StudentCode,
    check_kind,
)
from autograder.checks.compare import expect_close, format_value, require_value
from autograder.checks.training_replay import (
    REPLAY_RTOL,
    Replayed,
    initial_params,
    replay,
    separate_keys,
)
from autograder.i18n import N_, _, pad
from autograder.kit import (
    KnownCase,
    RubricCheck,
    current_assignment,
    load_known_cases,
    reference_available,
)
from autograder.sandbox.child import row_keys
from autograder.sandbox.codec import ForeignObject
from autograder.sandbox.session import CallOutcome, StudentError

__all__ = ["GRADIENT_RTOL", "KEYS", "TrainingRun", "gradient_table", "note_symptom",
           "relative_error", "training_settings"]

NETWORK = "TwoLayerNet"
KEYS = ("W1", "b1", "W2", "b2")
GRADIENT_RTOL = 1e-7  # against the reference: the same computation, so only rounding differs
GRADIENT_CHECK_RTOL = 1e-5  # back-propagation against central differences (h = 1e-4): about 1e-6 here
SYMPTOMS = "symptoms"  # the case id under which symptoms are kept for data/training/mistakes.toml


# ---- symptoms --------------------------------------------------------------------------------------


def note_symptom(student: StudentCode, function: str, *names: str) -> None:
    """Note what a check saw, for recognising the mistake: a sign `{ case = "symptoms",
    output = "error:Symptom", message = "[name]" }` in data/training/mistakes.toml holds."""
    key = (function, SYMPTOMS)
    previous = student.kept_observation(key)
    text = previous.outcome.error.message if previous and previous.outcome.error else ""
    text += "".join(f"[{name}]" for name in names if f"[{name}]" not in text)
    student.observations[key] = Observation({}, CallOutcome(
        error=StudentError("Symptom", text, "diagnosis")))
    # and among the calls, as a finding about the call just judged: the diagnosis explains with it
    # every failed check that made that call (autograder.diagnosis.attribution, phase "diagnosis")
    if student.calls:
        judged = student.calls[-1]
        noted = "".join(f"[{name}]" for name in names)
        student.calls.append(RecordedCall(judged.function, judged.key, {}, False, CallOutcome(
            error=StudentError("Symptom", noted, "diagnosis"))))


# ---- calling the network in the sandbox --------------------------------------------------------


def network_input(params: dict[str, np.ndarray] | None = None, **spec: Any) -> dict[str, Any]:
    """The `self` (or `network`) input: a TwoLayerNet the sandbox builds (child.build_object)."""
    sizes = {}
    if params is not None:
        sizes = {"input_size": int(params["W1"].shape[0]), "hidden_size": int(params["W1"].shape[1]),
                 "output_size": int(params["W2"].shape[1])}
    description: dict[str, Any] = {"__object__": NETWORK, "of": "student", **sizes, **spec}
    if params is not None:
        description["params"] = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    return description


def describe_call(function: str, params: dict[str, np.ndarray] | None, inputs: dict[str, Any]) -> str:
    """How a failed check shows its call: the network's shapes, then the method's inputs."""
    shapes = ", ".join(f"{k}: {np.shape(v)}" for k, v in (params or {}).items())
    arguments = ", ".join(f"{k}={format_value(v, 200)}" for k, v in inputs.items())
    method = function.rpartition(".")[2]
    return f"network.{method}({arguments}) with network.params = {{{shapes}}}"


@dataclass
class MethodReply:
    value: Any
    params_after: Any


def call_method(student: StudentCode, check: RubricCheck, function: str,
                params: dict[str, np.ndarray], inputs: dict[str, Any],
                case: str | None = None) -> MethodReply:
    """Call a method of the student's TwoLayerNet holding `params`; its value and params after."""
    shown = describe_call(function, params, inputs)
    methods = training_settings().get("correct_methods", {}).get(function, [])
    network = network_input(params, **({"correct_methods": ",".join(methods)}
                                        if methods and check.correct_dependencies else {}))
    outcome = student.call(function, {"self": network, **inputs},
                           correct_dependencies=check.correct_dependencies, case=case)
    if outcome.error is not None and not outcome.error.not_implemented:
        note_symptom(student, check.function, f"raised {outcome.error.type}: "
                                              f"{outcome.error.message[:200]}")
    value = require_value(outcome, shown)
    returned, objects = unpack(value)
    state = objects.get("self", {}) if isinstance(objects, dict) else {}
    return MethodReply(returned, state.get("params") if isinstance(state, dict) else None)


def unpack(value: Any) -> tuple[Any, dict]:
    """A reply about objects is (returned value, {name: {"params": ..., "log": ...}})."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], dict):
        return value[0], value[1]
    return value, {}


def known_case(case_id: str) -> KnownCase:
    return load_known_cases()[case_id]


def case_network(case: KnownCase) -> dict[str, np.ndarray]:
    return {k: np.asarray(case.inputs["network"][k], dtype=np.float64) for k in KEYS}


def case_inputs(case: KnownCase) -> dict[str, Any]:
    return {k: v for k, v in case.inputs.items() if k != "network"}


def case_expected(case: KnownCase) -> Any:
    if isinstance(case.expected, dict):
        return {k: np.asarray(v, dtype=np.float64) for k, v in case.expected.items()}
    return case.expected


# ---- the judge's own arithmetic: the reference, in this process (no student code) ----------------


def reference_functions() -> Any:
    """The reference's functions.py (sigmoid, softmax, ...), or None in the student bundle."""
    if not reference_available():
        return None
    from autograder.reference import reference_module  # instructor-only: not in the bundle

    return reference_module("functions")


def judge_predict(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray | None:
    """The reference's predict with `params`, or None in the student bundle (no reference)."""
    functions = reference_functions()
    if functions is None:
        return None
    hidden = functions.sigmoid(x @ params["W1"] + params["b1"])
    return functions.softmax(hidden @ params["W2"] + params["b2"])


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """max |actual - expected| / max(max |expected|, 1e-8): 0 for equal arrays, nan when not finite."""
    with np.errstate(invalid="ignore", over="ignore"):
        difference = float(np.max(np.abs(actual - expected))) if actual.size else 0.0
    scale = max(float(np.max(np.abs(expected))) if expected.size else 0.0, 1e-8)
    return difference / scale if math.isfinite(difference) else math.nan


def gradient_table(actual: Any, expected: dict[str, np.ndarray], rtol: float) -> tuple[list[dict], bool]:
    """One row per parameter: its shape, the relative error and whether it passes."""
    rows: list[dict[str, Any]] = []
    passed = True
    for key, wanted in expected.items():
        got = actual.get(key) if isinstance(actual, dict) else None
        array = None if got is None or isinstance(got, ForeignObject) else np.asarray(got, dtype=float)
        if array is None:
            row = {"parameter": key, "shape": _("missing"), "relative_error": math.nan, "ok": False}
        elif array.shape != wanted.shape:
            row = {"parameter": key, "shape": _("{shape} (expected {wanted})").format(
                       shape=array.shape, wanted=wanted.shape),
                   "relative_error": math.nan, "ok": False}
        else:
            error = relative_error(array, wanted)
            row = {"parameter": key, "shape": str(array.shape), "relative_error": error,
                   "ok": bool(error <= rtol)}
        rows.append(row)
        passed = passed and bool(row["ok"])
    return rows, passed


def render_table(rows: list[dict], rtol: float) -> str:
    """The gradient's rows as a table in monospace, its words in the language in force."""
    lines = [pad(_("parameter"), 10) + " " + pad(_("shape"), 23) + " " + _("relative error") + "   "
             + _("(at most {tolerance})").format(tolerance=f"{rtol:.0e}")]
    for row in rows:
        error = row["relative_error"]
        shown = "-" if math.isnan(error) else f"{error:.2e}"
        lines.append(f"{row['parameter']:<10} {pad(row['shape'], 23)} {shown:<16} "
                     + (_("ok") if row["ok"] else _("FAILS")))
    return "\n".join(lines)


def gradient_symptoms(actual: Any, expected: dict[str, np.ndarray], batch: int) -> list[str]:
    """What a wrong gradient dict suggests (see data/training/mistakes.toml)."""
    if not isinstance(actual, dict):
        return ["not_dict"]
    if set(actual) != set(expected):
        return ["keys_differ"]
    symptoms = []
    arrays = {}
    for key, wanted in expected.items():
        got = actual[key]
        if isinstance(got, ForeignObject) or got is None:
            return ["not_arrays"]
        array = np.asarray(got, dtype=float)
        if array.shape == (batch, *wanted.shape):
            symptoms.append("bias_not_summed" if key.startswith("b") else "not_summed")
        elif key.startswith("b") and array.shape == (batch,) != wanted.shape:
            symptoms.append("bias_wrong_axis")
        elif array.ndim == 2 and array.shape == wanted.shape[::-1] != wanted.shape:
            symptoms.append("transposed")
        arrays[key] = array
    if symptoms or any(arrays[k].shape != expected[k].shape for k in expected):
        return symptoms or ["wrong_shape"]
    close = {k: relative_error(arrays[k], expected[k]) <= 1e-6 for k in expected}
    if all(np.all(arrays[k] == 0) for k in expected):
        return ["zeros"]
    if batch > 1 and all(relative_error(arrays[k], batch * expected[k]) <= 1e-6 for k in expected):
        return ["not_divided_by_batch"]
    if batch > 1 and all(relative_error(arrays[k], expected[k] / batch) <= 1e-6 for k in expected):
        return ["divided_twice"]
    if all(relative_error(arrays[k], -expected[k]) <= 1e-6 for k in expected):
        return ["sign_flipped"]
    if close["W2"] and close["b2"] and not (close["W1"] and close["b1"]):
        return ["first_layer_wrong"]
    return [f"wrong_{k}" for k in expected if not close[k]]


# ---- TwoLayerNet(...) ----------------------------------------------------------------------------

INIT_SIZES = ((64, 50, 10), (5, 4, 3))


def _construct(student: StudentCode, check: RubricCheck, sizes: tuple[int, int, int],
               weight_init_std: float, seed: int) -> dict[str, Any]:
    """The params of TwoLayerNet(*sizes, weight_init_std) built after np.random.seed(seed)."""
    inputs: dict[str, Any] = {"input_size": sizes[0], "hidden_size": sizes[1],
                              "output_size": sizes[2], "weight_init_std": weight_init_std}
    shown = f"np.random.seed({seed}); TwoLayerNet({', '.join(f'{k}={v}' for k, v in inputs.items())})"
    outcome = student.call(NETWORK, {"self": network_input(None, **inputs, seed=seed)},
                           case=f"init_{sizes}_{weight_init_std}_{seed}")
    _, objects = unpack(require_value(outcome, shown))
    state = objects.get("self") if isinstance(objects, dict) else None
    params = state.get("params") if isinstance(state, dict) else None
    if not isinstance(params, dict):
        raise CheckFailure(N_("the network has no dict `self.params`"), call=shown,
                           expected="self.params = {'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}",
                           actual=format_value(params))
    return {"params": params, "call": shown}


@check_kind("network_init_shapes")
def network_init_shapes(student: StudentCode, check: RubricCheck) -> None:
    """params holds exactly W1, b1, W2, b2, float arrays of the contract's shapes, biases zero."""
    for sizes in INIT_SIZES:
        made = _construct(student, check, sizes, 0.01, 0)
        params, call = made["params"], made["call"]
        i, h, o = sizes
        shapes = {"W1": (i, h), "b1": (h,), "W2": (h, o), "b2": (o,)}
        if set(params) != set(shapes):
            raise CheckFailure(N_("params has the wrong keys"), call=call, expected=", ".join(shapes),
                               actual=", ".join(map(str, params)))
        for key, shape in shapes.items():
            value = params[key]
            actual_shape = np.shape(value) if isinstance(value, np.ndarray) else None
            if actual_shape != shape:
                if actual_shape is not None and actual_shape == shape[::-1]:
                    note_symptom(student, check.function, "shape_transposed")
                raise CheckFailure(N_("params[{key}] has the wrong shape").format(key=repr(key)), call=call,
                                   expected=f"shape {shape}", actual=f"shape {actual_shape}"
                                   if actual_shape is not None else format_value(value))
        for key in ("b1", "b2"):
            if np.any(params[key] != 0):
                note_symptom(student, check.function, "bias_not_zero")
                raise CheckFailure(N_("params[{key}] should start at zero").format(key=repr(key)), call=call,
                                   expected=f"np.zeros({shapes[key][0]})",
                                   actual=format_value(params[key]))


def _weights(student: StudentCode, check: RubricCheck, std: float, seed: int) -> tuple[np.ndarray, str]:
    made = _construct(student, check, INIT_SIZES[0], std, seed)
    params = made["params"]
    weights = [params.get(k) for k in ("W1", "W2")]
    if not all(isinstance(w, np.ndarray) and w.size for w in weights):
        raise CheckFailure(N_("params has no arrays W1 and W2"), call=made["call"],
                           actual=format_value(params))
    return np.concatenate([np.ravel(w).astype(float) for w in weights]), made["call"]


@check_kind("network_init_scale")
def network_init_scale(student: StudentCode, check: RubricCheck) -> None:
    """W1 and W2 have mean about 0 and standard deviation about weight_init_std (3,700 draws)."""
    for std in (0.01, 0.5):
        values, call = _weights(student, check, std, 1)
        mean, spread = float(values.mean()), float(values.std())
        if not (0.85 * std <= spread <= 1.15 * std) or abs(mean) > 0.1 * std:
            if abs(spread - 1.0) < 0.15 and std != 1.0:
                note_symptom(student, check.function, "weights_unscaled")
            elif values.min() >= 0:
                note_symptom(student, check.function, "weights_uniform")
            raise CheckFailure(N_("the weights do not have mean 0 and standard deviation "
                                  "weight_init_std"), call=call,
                               expected=N_("mean about 0, standard deviation about {std}").format(std=std),
                               actual=N_("mean {mean:.4g}, standard deviation {spread:.4g}").format(
                                   mean=mean, spread=spread))


@check_kind("network_init_random")
def network_init_random(student: StudentCode, check: RubricCheck) -> None:
    """Different seeds give different weights, and the weights are not all equal."""
    first, call = _weights(student, check, 0.01, 1)
    second, _ = _weights(student, check, 0.01, 2)
    if np.ptp(first) == 0:
        note_symptom(student, check.function, "weights_constant")
        raise CheckFailure(N_("every weight is the same number"), call=call,
                           expected="weight_init_std * np.random.randn(...)",
                           actual=f"all {first[0]!r}")
    if np.array_equal(first, second):
        note_symptom(student, check.function, "weights_not_random")
        raise CheckFailure(N_("np.random.seed(1) and np.random.seed(2) give the same weights: they "
                              "are not drawn from np.random"), call=call)


# ---- predict, loss, accuracy: known values ----------------------------------------------------


@check_kind("network_known_values")
def network_known_values(student: StudentCode, check: RubricCheck) -> None:
    """The method returns the reference's value on a small network with fixed parameters."""
    for case_id in check.cases:
        case = known_case(case_id)
        params, inputs = case_network(case), case_inputs(case)
        reply = call_method(student, check, case.function, params, inputs, case=case.id)
        shown = describe_call(case.function, params, inputs)
        try:
            expect_close(reply.value, case.expected, rtol=case.rtol, atol=case.atol, call=shown)
        except CheckFailure as failure:
            failure.case = case.id
            note_symptom(student, check.function,
                         *output_symptoms(case.function, reply.value, params, inputs, case.expected))
            raise


def output_symptoms(function: str, value: Any, params: dict[str, np.ndarray],
                    inputs: dict[str, Any], expected: Any) -> list[str]:
    """What a wrong predict, loss or accuracy suggests, from mistaken versions computed here."""
    try:
        actual = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return ["not_numbers"]
    x = inputs["x"]
    n = x.shape[0]
    a1 = x @ params["W1"] + params["b1"]
    variants: dict[str, Any] = {}
    functions = reference_functions()  # in the student bundle, only what needs no reference
    y, t = judge_predict(params, x), inputs.get("t")
    if function.endswith("predict") and functions is not None:
        sigmoid, softmax = functions.sigmoid, functions.softmax
        a2 = sigmoid(a1) @ params["W2"] + params["b2"]
        variants = {"no_softmax": a2, "no_sigmoid": softmax(a1 @ params["W2"] + params["b2"]),
                    "no_b1": softmax(sigmoid(x @ params["W1"]) @ params["W2"] + params["b2"]),
                    "no_b2": softmax(sigmoid(a1) @ params["W2"]),
                    "relu_hidden": softmax(np.maximum(0, a1) @ params["W2"] + params["b2"])}
    elif function.endswith("loss"):
        variants = {"loss_summed": n * np.asarray(expected)}
        if y is not None and t is not None:
            variants |= {"loss_mse": 0.5 * np.sum((y - t) ** 2),
                         "loss_mse_mean": 0.5 * np.sum((y - t) ** 2) / n}
            if functions is not None:  # softmax in loss too: loss is judged with a correct predict
                variants["loss_softmax_again"] = functions.cross_entropy_error(functions.softmax(y), t)
    elif function.endswith("accuracy"):
        variants = {"count_not_fraction": n * np.asarray(expected),
                    "percent": 100 * np.asarray(expected)}
        if y is not None and t is not None:
            variants["argmax_axis0"] = np.sum(np.argmax(y, axis=0) == np.argmax(t, axis=0)) / n
            if t.ndim == 2:  # labels broadcast against the one-hot rows: each label == each entry
                matches = np.argmax(y, axis=1).reshape(-1, 1) == t
                variants |= {"labels_vs_one_hot": np.mean(matches),
                             "labels_vs_one_hot_sum": np.sum(matches) / n}
    found = [name for name, variant in variants.items()
             if np.shape(variant) == actual.shape and np.allclose(actual, variant, rtol=1e-9, atol=1e-12)]
    if not found and function.endswith("predict") and actual.ndim == 2 and not np.allclose(
            actual.sum(axis=1), 1):
        found.append("no_softmax")
    return found


# ---- the gradients -------------------------------------------------------------------------------


def check_gradient(student: StudentCode, check: RubricCheck, function: str,
                   params: dict[str, np.ndarray], inputs: dict[str, Any],
                   expected: dict[str, np.ndarray], case: str | None, rtol: float,
                   against: str = N_("the reference")) -> None:
    """The method's gradient dict against `expected`, parameter by parameter (a table)."""
    reply = call_method(student, check, function, params, inputs, case=case)
    rows, passed = gradient_table(reply.value, expected, rtol)
    if passed:
        return
    batch = int(inputs["x"].shape[0]) if np.ndim(inputs["x"]) == 2 else 1
    restored = not function.endswith("numerical_gradient") or not changed_params(reply, params)
    note_symptom(student, check.function, *gradient_symptoms(reply.value, expected, batch),
                 *([] if restored else ["not_restored"]))
    failing = ", ".join(r["parameter"] for r in rows if not r["ok"])
    raise CheckFailure(N_("the gradient of {failing} differs from {against}").format(
                           failing=failing, against=against),
                       call=describe_call(function, params, inputs),
                       expected=N_("relative error at most {rtol:.0e} for every parameter").format(rtol=rtol),
                       actual=render_table(rows, rtol), case=case)


@check_kind("network_gradient_known")
def network_gradient_known(student: StudentCode, check: RubricCheck) -> None:
    """numerical_gradient or gradient against the reference's, relative error at most 1e-7."""
    for case_id in check.cases:
        case = known_case(case_id)
        check_gradient(student, check, case.function, case_network(case), case_inputs(case),
                       case_expected(case), case.id, GRADIENT_RTOL)


@check_kind("network_params_restored")
def network_params_restored(student: StudentCode, check: RubricCheck) -> None:
    """After numerical_gradient every parameter holds the values it held before."""
    for case_id in check.cases:
        case = known_case(case_id)
        params, inputs = case_network(case), case_inputs(case)
        reply = call_method(student, check, case.function, params, inputs, case=case.id)
        after = reply.params_after if isinstance(reply.params_after, dict) else {}
        changed = changed_params(reply, params)
        if changed:
            note_symptom(student, check.function, "not_restored")
            raise CheckFailure(N_("after the call, params {changed} no longer hold their values").format(
                                   changed=", ".join(changed)),
                               call=describe_call(case.function, params, inputs),
                               expected=N_("every parameter as before the call"),
                               actual="; ".join(f"{k}: {format_value(after.get(k), 120)}"
                                                for k in changed), case=case.id)


def changed_params(reply: Any, params: dict[str, np.ndarray]) -> list[str]:
    """The parameters that no longer hold their values after the call."""
    after = reply.params_after if isinstance(reply.params_after, dict) else {}
    return [k for k in KEYS if not (isinstance(after.get(k), np.ndarray)
                                    and after[k].shape == params[k].shape
                                    and np.array_equal(after[k], params[k]))]


@check_kind("network_gradient_check")
def network_gradient_check(student: StudentCode, check: RubricCheck) -> None:
    """The book's gradient check: the student's gradient against their own numerical_gradient."""
    for case_id in check.cases:
        case = known_case(case_id)
        params, inputs = case_network(case), case_inputs(case)
        numerical = call_method(student, check, "TwoLayerNet.numerical_gradient", params, inputs,
                                case=case.id + "_numerical")
        if not isinstance(numerical.value, dict):
            raise CheckFailure(N_("numerical_gradient did not return a dict, so there is nothing to "
                                  "check gradient against"), call=describe_call(
                                   "TwoLayerNet.numerical_gradient", params, inputs))
        expected = {k: np.asarray(v, dtype=float) for k, v in numerical.value.items()
                    if isinstance(v, np.ndarray)}
        try:
            check_gradient(student, check, case.function, params, inputs, expected, case.id,
                           GRADIENT_CHECK_RTOL, against=N_("your numerical_gradient"))
        except CheckFailure:
            # They disagree. A right gradient is not charged for a wrong numerical_gradient:
            # that costs numerical_gradient's own checks.
            reply = call_method(student, check, case.function, params, inputs, case=case.id)
            if not gradient_table(reply.value, case_expected(case), GRADIENT_RTOL)[1]:
                batch = int(inputs["x"].shape[0]) if np.ndim(inputs["x"]) == 2 else 1
                note_symptom(student, check.function,  # how it differs from the reference
                             *gradient_symptoms(reply.value, case_expected(case), batch))
                raise


# ---- train -----------------------------------------------------------------------------------------


@cache
def training_settings() -> dict[str, Any]:
    import tomllib
    with (current_assignment().data_dir / "rubric.toml").open("rb") as file:
        return dict(tomllib.load(file)["settings"])


@dataclass
class TrainingRun:
    """One call of the student's train: its settings, what it returned and what the network saw."""

    settings: dict[str, Any]
    call: str
    returned: Any
    params: Any
    log: dict[str, np.ndarray] | None
    x_test: np.ndarray
    t_test: np.ndarray
    correct_network: bool = False  # the judge's correct network (its replay applies), not the student's

    @property
    def epochs(self) -> int:
        per_epoch = max(self.settings["train_rows"] / self.settings["batch_size"], 1)
        return len([i for i in range(self.settings["iters_num"]) if i % per_epoch == 0])

    def test_accuracy(self, student: StudentCode, check: RubricCheck) -> float:
        """The trained network's accuracy on the test digits, computed by the judge with the
        reference's predict; in the student bundle (no reference), with the student's own."""
        params = self.params
        if not isinstance(params, dict) or not all(isinstance(params.get(k), np.ndarray) for k in KEYS):
            return math.nan
        with np.errstate(all="ignore"):
            y = judge_predict(params, self.x_test)
        if y is None:
            y = call_method(student, check, f"{NETWORK}.predict", params, {"x": self.x_test}).value
        try:
            return float(np.mean(np.argmax(np.asarray(y, dtype=float), axis=1)
                                 == np.argmax(self.t_test, axis=1)))
        except (TypeError, ValueError, np.exceptions.AxisError):
            return math.nan


@cache
def _digits() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    from autograder.datasets import load_digits
    (x_train, t_train), test = load_digits(normalize=True, flatten=True, one_hot_label=True)
    return (separate_keys(x_train), t_train), test  # every row its own key in the log


def run_training(student: StudentCode, settings: dict[str, Any], case: str) -> TrainingRun:
    """Call the student's train on the digits with a fresh network and return what happened.

    The network is the reference's where the kit has it (instructors, CI), noting what the loop
    asks of it; in the student bundle, which has no reference, the student's own TwoLayerNet.
    """
    (x_train, t_train), (x_test, t_test) = _digits()
    rows = settings["train_rows"]
    sizes = {"input_size": x_train.shape[1], "hidden_size": settings["hidden_size"],
             "output_size": t_train.shape[1]}
    network: dict[str, Any] = {"__object__": NETWORK, **sizes, "seed": settings["seed"],
                               "record": True}
    correct = reference_available()
    if correct:
        network |= {"of": "correct"}
    else:
        network |= {"of": "student", "module": "two_layer_net"}
    inputs = {"network": network, "x_train": x_train[:rows], "t_train": t_train[:rows],
              "x_test": x_test, "t_test": t_test, "iters_num": settings["iters_num"],
              "batch_size": settings["batch_size"], "learning_rate": settings["learning_rate"],
              "rng": {"__object__": "Generator", "seed": settings["seed"]}}
    shown = (f"network = TwoLayerNet({sizes['input_size']}, {sizes['hidden_size']}, "
             f"{sizes['output_size']}); train(network, x_train[:{rows}], t_train[:{rows}], "
             f"x_test, t_test, iters_num={settings['iters_num']}, "
             f"batch_size={settings['batch_size']}, learning_rate={settings['learning_rate']}, "
             f"rng=np.random.default_rng({settings['seed']}))")
    outcome = student.call("train", inputs, case=case, correct_dependencies=correct)
    value = require_value(outcome, shown)
    returned, objects = unpack(value)
    state = objects.get("network", {}) if isinstance(objects, dict) else {}
    return TrainingRun(settings, shown, returned, state.get("params"), state.get("log"),
                       x_test, t_test, correct_network=network["of"] == "correct")


def public_run(student: StudentCode) -> TrainingRun:
    return run_training(student, training_settings(), "public_run")


def returned_lists(run: TrainingRun) -> tuple[list, list, list]:
    value = run.returned
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise CheckFailure(N_("train did not return the three lists (train_loss_list, "
                              "train_acc_list, test_acc_list)"), call=run.call,
                           expected="(train_loss_list, train_acc_list, test_acc_list)",
                           actual=format_value(value))
    return tuple(_as_list(v) for v in value)  # type: ignore[return-value]


def _as_list(value: Any) -> list:
    if isinstance(value, np.ndarray):
        return list(value.ravel())
    return list(value) if isinstance(value, (list, tuple)) else [value]


@check_kind("train_returns")
def train_returns(student: StudentCode, check: RubricCheck) -> None:
    """A loss per iteration, a training and a test accuracy per epoch, all plain numbers."""
    run = public_run(student)
    losses, train_acc, test_acc = returned_lists(run)
    iters = run.settings["iters_num"]
    if len(losses) != iters:
        raise CheckFailure(N_("train_loss_list should hold one loss per iteration"), call=run.call,
                           expected=N_("{count} losses").format(count=iters), actual=f"{len(losses)}")
    # One per epoch: the book records at i = 0, iter_per_epoch, ...; recording at the end of
    # each epoch instead (one fewer) or once more after the last iteration is as good.
    if len(train_acc) != len(test_acc) or abs(len(test_acc) - run.epochs) > 1:
        too_many = max(len(train_acc), len(test_acc)) > run.epochs + 1
        note_symptom(student, check.function, "acc_too_many" if too_many else "acc_too_few")
        raise CheckFailure(N_("the accuracy lists should hold one accuracy per epoch (at i = 0, "
                              "iter_per_epoch, 2 iter_per_epoch, ...)"), call=run.call,
                           expected=N_("{count} accuracies in each list").format(count=run.epochs),
                           actual=N_("{count} and {total}").format(count=len(train_acc),
                                                                   total=len(test_acc)))
    for name, values in (("train_acc_list", train_acc), ("test_acc_list", test_acc)):
        numbers = [v for v in values if isinstance(v, (int, float, np.ndarray))]
        if len(numbers) != len(values) or not all(
                np.size(v) == 1 and 0 <= float(np.asarray(v).ravel()[0]) <= 1 for v in numbers):
            raise CheckFailure(N_("{name} should hold accuracies: fractions between 0 and 1").format(
                                   name=name),
                               call=run.call, actual=format_value(values[:5]))
    judge_records(student, check, run, train_acc, test_acc)


# An honest loop records with the judge's network, so its accuracies (a count of rows over the
# set's size) are the replay's to the bit; a loss may come from the student's own
# cross_entropy_error (another delta), so it is compared within LOSS_RTOL. A loss of another
# batch or of the whole set, an accuracy on the mini-batch or swapped lists are percent away.
ACCURACY_TOLERANCE = 1e-9
LOSS_RTOL = 1e-6


def judge_records(student: StudentCode, check: RubricCheck, run: TrainingRun, train_acc: list,
                  test_acc: list) -> None:
    """The lists hold what the network gave on the way (the judge's replay, where it confirms the
    run):
    each loss that of its iteration's mini-batch, before or after the step; the accuracies those
    on the whole training and test sets, pair by pair, at later and later steps (the book records
    after the step at i = 0, iter_per_epoch, ...; at the end of each epoch is as good)."""
    replayed = confirmed_replay(run)
    if replayed is None:
        return  # no replay, or parameters the replay did not reach: other checks say why
    losses = _losses(run)
    recorded = (np.isclose(losses, replayed.loss_after, rtol=LOSS_RTOL, atol=0)
                | np.isclose(losses, replayed.loss_before, rtol=LOSS_RTOL, atol=0))
    if not recorded.all():
        i = int(np.flatnonzero(~recorded)[0])
        note_symptom(student, check.function, "loss_not_batch")
        raise CheckFailure(N_("train_loss_list[{i}] is not the loss of iteration {i}'s mini-batch: "
                              "append network.loss(x_batch, t_batch) at every iteration").format(i=i),
                           call=run.call, expected=f"{replayed.loss_after[i]:.6g}",
                           actual=f"{losses[i]:.6g}")
    train, test = _fractions(train_acc), _fractions(test_acc)
    epoch = _first_unrecorded((train, replayed.train_accuracy), (test, replayed.test_accuracy))
    if epoch is None:
        return
    if _first_unrecorded((test, replayed.train_accuracy), (train, replayed.test_accuracy)) is None:
        note_symptom(student, check.function, "acc_swapped")
        raise CheckFailure(N_("train_acc_list holds the accuracies on the test set and test_acc_list "
                              "those on the training set: the two lists are swapped"), call=run.call)
    if _first_unrecorded((test, replayed.test_accuracy)) is None:
        note_symptom(student, check.function, "acc_not_whole_train")
    per_epoch = max(run.settings["train_rows"] / run.settings["batch_size"], 1)
    steps = min(int(epoch * per_epoch) + 1, len(replayed.train_accuracy) - 1)
    raise CheckFailure(N_("the accuracies of epoch {epoch} are not the network's on the whole "
                          "training and test sets: append network.accuracy(x_train, t_train) and "
                          "network.accuracy(x_test, t_test)").format(epoch=epoch), call=run.call,
                       expected=N_("training {train:.4f}, test {test:.4f} (after iteration {i}, "
                                   "where the book records them)").format(
                           train=replayed.train_accuracy[steps], test=replayed.test_accuracy[steps],
                           i=steps - 1),
                       actual=N_("training {train:.4f}, test {test:.4f}").format(
                           train=train[epoch], test=test[epoch]))


def _fractions(values: list) -> np.ndarray:
    """The first number of each value (a float, or an array of one), as floats."""
    return np.array([float(np.asarray(v).ravel()[0]) for v in values], dtype=float)


def _first_unrecorded(*lists: tuple[np.ndarray, np.ndarray]) -> int | None:
    """The first index k at which the reported values (of every list, taken together) are
    those of no step after the previous index's; None where every index has one. Each list is
    (reported values, the replay's value after each number of steps)."""
    step = -1
    for k in range(len(lists[0][0])):
        fits = np.ones(len(lists[0][1]) - step - 1, dtype=bool)
        for reported, replayed in lists:
            fits &= np.abs(replayed[step + 1:] - reported[k]) <= ACCURACY_TOLERANCE
        later = np.flatnonzero(fits)
        if not later.size:
            return k
        step += 1 + int(later[0])
    return None


def _require_log(run: TrainingRun) -> dict[str, np.ndarray]:
    if not isinstance(run.log, dict):
        raise CheckFailure(N_("the network passed to train was not used: call network.gradient "
                              "on each mini-batch"), call=run.call)
    return run.log


def batches(log: dict[str, np.ndarray], train_rows: int) -> list[np.ndarray]:
    """The rows of x_train (indices, -1 for a row not in its first `train_rows`) of each
    gradient call, while they were noted (the sandbox notes each row by its child.row_keys)."""
    keys, sizes = log.get("rows"), np.asarray(log["sizes"], dtype=np.int64)
    if not isinstance(keys, np.ndarray) or not sizes.size:
        return []
    sorted_keys, order = _sorted_row_keys(train_rows)
    place = np.clip(np.searchsorted(sorted_keys, keys), 0, len(order) - 1)
    rows = np.where(sorted_keys[place] == keys, order[place], -1)
    count = int(np.searchsorted(np.cumsum(sizes), rows.size, side="right"))
    return [np.asarray(b) for b in np.split(rows[:int(sizes[:count].sum())],
                                            np.cumsum(sizes[:count])[:-1])] if count else []


@lru_cache(maxsize=4)
def _sorted_row_keys(train_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The keys of the first `train_rows` rows of x_train, sorted, and each one's row: computed
    once per size for a whole class, not once per check."""
    keys = row_keys(_digits()[0][0][:train_rows])
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    sorted_keys.flags.writeable = order.flags.writeable = False  # shared by every caller
    return sorted_keys, order


def batch_symptoms(sizes: np.ndarray, drawn: list[np.ndarray], batch_size: int,
                   train_rows: int) -> list[str]:
    """What is wrong with the mini-batches a loop drew ([] when they look random)."""
    if not sizes.size:
        return ["no_batches"]
    if np.any(sizes != batch_size):
        return ["whole_set" if np.all(sizes == train_rows) else "batch_size_ignored"]
    if any(np.any(b < 0) for b in drawn):
        return ["not_training_rows"]
    if all(np.array_equal(np.sort(b), np.arange(batch_size)) for b in drawn):
        return ["first_rows"]
    distinct = {tuple(np.sort(b)) for b in drawn}
    if len(distinct) == 1:
        return ["same_batch"]
    contiguous = sum(bool(np.all(np.diff(b) % train_rows == 1)) for b in drawn)
    if contiguous > len(drawn) / 2:
        return ["sequential_batches"]
    if len(distinct) < 0.9 * len(drawn):
        return ["batches_repeat"]
    return []


@check_kind("train_random_batches")
def train_random_batches(student: StudentCode, check: RubricCheck) -> None:
    """Each gradient call gets batch_size training rows drawn at random, new ones every time."""
    run = public_run(student)
    log = _require_log(run)
    judge_batches(student, check, run, log)


def judge_batches(student: StudentCode, check: RubricCheck, run: TrainingRun,
                  log: dict[str, np.ndarray]) -> None:
    drawn = batches(log, run.settings["train_rows"])
    sizes = np.asarray(log["sizes"], dtype=np.int64)
    size, rows = run.settings["batch_size"], run.settings["train_rows"]
    symptoms = batch_symptoms(sizes, drawn, size, rows)
    if not symptoms:
        judge_replay(run, log)
        return
    note_symptom(student, check.function, *symptoms)
    messages = {
        "no_batches": N_("network.gradient was never called"),
        "whole_set": N_("every iteration used the whole training set, not a mini-batch"),
        "batch_size_ignored": N_("the mini-batches do not hold batch_size rows"),
        "not_training_rows": N_("the mini-batches hold rows that are not rows of x_train"),
        "first_rows": N_("every iteration used the first batch_size rows of x_train"),
        "same_batch": N_("every iteration used the same mini-batch: draw it inside the loop"),
        "sequential_batches": N_("the mini-batches are consecutive slices of x_train, not random"),
        "batches_repeat": N_("the same mini-batches come back again and again"),
    }
    shown = ", ".join(map(str, sorted({int(n) for n in sizes})))
    raise CheckFailure(messages[symptoms[0]], call=run.call,
                       expected=N_("{count} random mini-batches of {size} rows").format(
                           count=run.settings["iters_num"], size=size),
                       actual=N_("{count} batches of {sizes} rows; the first holds rows {rows}").format(
                           count=len(sizes), sizes=shown,
                           rows=format_value(np.sort(drawn[0])[:8]) if drawn else "-"))


@check_kind("train_updates")
def train_updates(student: StudentCode, check: RubricCheck) -> None:
    """network.gradient once per iteration, and every parameter changed after every call."""
    run = public_run(student)
    judge_updates(student, check, run, _require_log(run))


def judge_updates(student: StudentCode, check: RubricCheck, run: TrainingRun,
                  log: dict[str, np.ndarray]) -> None:
    numerical = np.asarray(log["numerical"], dtype=bool)
    if numerical.any():
        note_symptom(student, check.function, "numerical_in_loop")
        raise CheckFailure(N_("the loop calls network.numerical_gradient: far too slow to train "
                              "(about 150 s per iteration on MNIST); use network.gradient"),
                           call=run.call)
    iters = run.settings["iters_num"]
    if len(numerical) != iters:
        raise CheckFailure(N_("network.gradient should be called once per iteration"), call=run.call,
                           expected=N_("{count} calls").format(count=iters),
                           actual=N_("{count} calls").format(count=len(numerical)))
    changed = np.asarray(log["changed"], dtype=bool).reshape(-1, len(KEYS))
    never = [k for j, k in enumerate(KEYS) if not changed[:, j].any()]
    if never:
        note_symptom(student, check.function, "param_not_updated")
        raise CheckFailure(N_("params {never} never changed").format(never=", ".join(never)), call=run.call,
                           expected=N_("every parameter updated at every iteration"),
                           actual=N_("{never} as they started").format(never=", ".join(never)))
    # How far each update went, in units of minus the gradient: the learning rate, for SGD.
    steps = np.asarray(log.get("steps", []), dtype=float)
    rate = float(run.settings["learning_rate"])
    wrong = ~np.isclose(steps, rate, rtol=1e-6)
    if wrong.any():
        step = float(steps[wrong][0])
        symptom = ("ascent" if step < 0 else "step_too_large" if step > 1.5 * rate
                   else "wrong_step")
        note_symptom(student, check.function, symptom)
        raise CheckFailure(N_("the parameters did not move by -learning_rate * gradient"),
                           call=run.call, expected=f"params[key] -= {rate:g} * grad[key]",
                           actual=N_("{update} in {count} of {total} iterations").format(
                               update=(f"params[key] -= {step:.4g} * grad[key]" if step >= 0 else
                                       f"params[key] += {-step:.4g} * grad[key]"),
                               count=int(wrong.sum()), total=len(steps)))
    missed = int((~changed.all(axis=1)).sum())
    if missed:
        note_symptom(student, check.function, "update_skipped")
        raise CheckFailure(N_("some iterations left parameters unchanged"), call=run.call,
                           expected=N_("every parameter updated at every iteration"),
                           actual=N_("{count} of {total} iterations").format(count=missed,
                                                                             total=len(changed)))
    judge_replay(run, log)


# ---- the log against the judge's replay (autograder/checks/training_replay.py) -------------------


def plain_descent(run: TrainingRun, log: dict[str, np.ndarray]) -> bool:
    """Whether the log says train did plain gradient descent: one network.gradient per
    iteration, every parameter moved after each by -learning_rate times it (judge_updates)."""
    numerical = np.asarray(log["numerical"], dtype=bool)
    changed = np.asarray(log["changed"], dtype=bool)
    steps = np.asarray(log.get("steps", []), dtype=float)
    return (not numerical.any() and len(numerical) == run.settings["iters_num"]
            and bool(changed.all()) and steps.size == len(numerical)
            and bool(np.all(np.isclose(steps, float(run.settings["learning_rate"]), rtol=1e-6))))


def replayed_run(run: TrainingRun, log: dict[str, np.ndarray], confirm: bool = False
                 ) -> Replayed | None:
    """The judge's replay of the run (see training_replay), or None where there is nothing to
    replay: the student's own network (the student bundle), or a loop whose batches are not all
    rows of x_train, or (unless `confirm`) that is not plain gradient descent (`plain_descent`):
    those checks fail on their own. With `confirm`, what the log claims of the steps is not
    taken: each parameter the log says changed after a gradient call (numerical_gradient
    included: the sandbox's correct network answers it with the exact gradient,
    child.ANALYTIC_GRADIENTS) is moved by -learning_rate times it, the others are left, and
    only a replay that ends where train did confirms anything (`confirmed_replay`)."""
    if not run.correct_network or not (confirm or plain_descent(run, log)):
        return None
    rows = run.settings["train_rows"]
    drawn = batches(log, rows)
    whole = np.arange(rows)
    if (drawn and all(np.array_equal(b, whole) for b in drawn)
            and np.all(np.asarray(log["sizes"]) == rows)):  # x_train itself every time: the log
        drawn += [whole] * (len(log["sizes"]) - len(drawn))  # notes MAX_ROWS rows, not all 150 sets
    if len(drawn) != run.settings["iters_num"] or any(np.any(b < 0) for b in drawn):
        return None
    updated = np.asarray(log["changed"], dtype=bool).reshape(-1, len(KEYS))
    if updated.shape[0] != len(drawn):
        return None
    every_key = not confirm or bool(updated.all())  # then one replay serves both paths (cached)
    return _replayed(_settings_key(run.settings), tuple(tuple(map(int, b)) for b in drawn),
                     None if every_key else tuple(map(tuple, updated.tolist())))


def replay_difference(run: TrainingRun, log: dict[str, np.ndarray]) -> tuple[str, float] | None:
    """Where the parameters train left differ from the judge's replay of gradient descent on the
    logged mini-batches by more than REPLAY_RTOL (parameter, relative error: inf when one is
    missing), or None when they agree or there is nothing to replay (`replayed_run`)."""
    replayed = replayed_run(run, log)
    return None if replayed is None else _difference(run, replayed)


def confirmed_replay(run: TrainingRun) -> Replayed | None:
    """The judge's replay of the run where it ends at the parameters train left (one gradient
    call per iteration, numerical_gradient included, after which the parameters that changed
    moved by -learning_rate times it; `replayed_run` with `confirm`), else None.

    What train returns (its losses) and leaves (its parameters) is the student's to make up: a
    loop that never trains and fits W2 to the test digits, returning a falling loss, got the
    loss_falls and learns checks (a helper's attack). Those count only a run the replay confirms.
    """
    log = run.log
    if not isinstance(log, dict):
        return None
    replayed = replayed_run(run, log, confirm=True)
    return replayed if replayed is not None and _difference(run, replayed) is None else None


def _difference(run: TrainingRun, replayed: Replayed) -> tuple[str, float] | None:
    reported = run.params if isinstance(run.params, dict) else {}
    arrays = {k: reported.get(k) for k in KEYS}
    worst: tuple[str, float] | None = None
    for key in KEYS:
        value, expected = arrays[key], replayed.params[key]
        if not isinstance(value, np.ndarray) or value.shape != expected.shape:
            return key, math.inf
        error = relative_error(np.asarray(value, dtype=float), expected)
        error = error if math.isfinite(error) else math.inf
        if not error <= REPLAY_RTOL and (worst is None or error > worst[1]):
            worst = key, error
    return worst


def _settings_key(settings: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in settings.items()
                        if k in ("train_rows", "hidden_size", "seed", "learning_rate")))


@lru_cache(maxsize=8)  # returns, random_batches and updates judge the same run: one replay for all
def _replayed(settings: tuple[tuple[str, Any], ...], drawn: tuple[tuple[int, ...], ...],
              updated: tuple[tuple[bool, ...], ...] | None = None) -> Replayed:
    values = dict(settings)
    (x_train, t_train), test = _digits()
    x_train, t_train = x_train[:values["train_rows"]], t_train[:values["train_rows"]]
    start = initial_params(x_train.shape[1], values["hidden_size"], t_train.shape[1], values["seed"])
    return replay(start, (x_train, t_train), test, [np.array(b, dtype=np.int64) for b in drawn],
                  float(values["learning_rate"]),
                  None if updated is None else [dict(zip(KEYS, u, strict=True)) for u in updated])


def judge_replay(run: TrainingRun, log: dict[str, np.ndarray]) -> None:
    """The log's batches and steps must be those the parameters were trained with."""
    difference = replay_difference(run, log)
    if difference is None:
        return
    key, error = difference
    raise CheckFailure(N_("the parameters after train are not what gradient descent gives on the "
                          "mini-batches train passed to network.gradient: are x_batch and t_batch "
                          "the same rows (x_train[batch_mask] and t_train[batch_mask]), and is "
                          "each update the one of its own batch?"), call=run.call,
                       expected=N_("parameters within a relative {tolerance:.0e} of the judge's "
                                   "replay of the recorded mini-batches").format(
                           tolerance=REPLAY_RTOL),
                       actual=N_("{key} differs by a relative {error:.2e}").format(
                           key=key, error=error))


def _losses(run: TrainingRun) -> np.ndarray:
    losses = returned_lists(run)[0]
    try:
        return _fractions(losses)
    except (TypeError, ValueError, IndexError):
        raise CheckFailure(N_("train_loss_list should hold numbers"), call=run.call,
                           actual=format_value(losses[:5])) from None


@check_kind("train_loss_falls")
def train_loss_falls(student: StudentCode, check: RubricCheck) -> None:
    """The mean loss of the last tenth of the iterations is below half that of the first tenth."""
    run = public_run(student)
    judge_loss(student, check, run)


UNCONFIRMED = N_("the learning cannot be confirmed: the judge redoes train's gradient descent on "
                 "the mini-batches it passed to network.gradient, a step of -learning_rate times "
                 "the gradient after each, and that does not end at the parameters train left "
                 "(the other checks of train say where the loop differs)")


def _confirmed(run: TrainingRun) -> Replayed | None:
    """`confirmed_replay`, or a CheckFailure where the run needs one: with the judge's correct
    network (not in the student bundle, whose own network is not replayed)."""
    replayed = confirmed_replay(run)
    if replayed is None and run.correct_network:
        raise CheckFailure(UNCONFIRMED, call=run.call)
    return replayed


def judge_loss(student: StudentCode, check: RubricCheck, run: TrainingRun) -> None:
    """The loss of the confirmed run (the judge's own, on each mini-batch after its step), or
    in the student bundle what train reported."""
    replayed = _confirmed(run)
    losses = _losses(run) if replayed is None else replayed.loss_after
    tenth = max(len(losses) // 10, 1)
    if not len(losses):
        raise CheckFailure(N_("train_loss_list is empty"), call=run.call)
    first, last = float(np.mean(losses[:tenth])), float(np.mean(losses[-tenth:]))
    if not np.all(np.isfinite(losses)):
        note_symptom(student, check.function, "diverged")
        raise CheckFailure(N_("the loss blew up: the parameters took too large steps"), call=run.call,
                           expected=N_("a loss that falls from about 2.3"),
                           actual=N_("losses {first} ... {last}").format(
                               first=format_value(losses[:3]), last=format_value(losses[-3:])))
    if last >= 0.5 * first:
        raise CheckFailure(N_("the loss does not fall"), call=run.call,
                           expected=N_("the last tenth's mean loss below half the first tenth's"),
                           actual=N_("first tenth {first:.4g}, last tenth {last:.4g}").format(
                               first=first, last=last))


@check_kind("train_learns")
def train_learns(student: StudentCode, check: RubricCheck) -> None:
    """The trained network's accuracy on the test digits reaches min_test_accuracy."""
    run = public_run(student)
    judge_accuracy(student, check, run, training_settings()["min_test_accuracy"])


def judge_accuracy(student: StudentCode, check: RubricCheck, run: TrainingRun, minimum: float) -> None:
    _confirmed(run)
    accuracy = run.test_accuracy(student, check)
    if not accuracy >= minimum:
        raise CheckFailure(N_("the trained network does not recognise the test digits well enough"),
                           call=run.call,
                           expected=N_("test accuracy at least {minimum:.2f}").format(minimum=minimum),
                           actual=f"{accuracy:.3f}" if math.isfinite(accuracy) else
                           N_("no usable network.params after training"))
