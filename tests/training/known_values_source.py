"""Writes data/training/known_values.toml from the reference (run once; test_training_data.py
checks that the file still matches the reference): `python tests/training/known_values_source.py`."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "solutions" / "training"))
from two_layer_net import TwoLayerNet  # noqa: E402

HEADER = """# Known values of the training assignment: small networks with fixed parameters, inputs and
# one-hot answers, and what the reference (solutions/training/two_layer_net.py) returns on
# them. Written by tests/training/known_values_source.py; tests/test_training_data.py checks
# that they still match. Gradients are compared by relative error (see the rubric).
"""


def networks() -> dict[str, dict[str, np.ndarray]]:
    rng = np.random.default_rng(5)

    def net(i: int, h: int, o: int) -> dict[str, np.ndarray]:
        return {"W1": np.round(rng.normal(0, 1.5, (i, h)), 4), "b1": np.round(rng.normal(0, 0.5, h), 4),
                "W2": np.round(rng.normal(0, 1.5, (h, o)), 4), "b2": np.round(rng.normal(0, 0.5, o), 4)}
    small = net(5, 4, 3)
    x = np.round(rng.uniform(0, 1, (5, 5)), 4)
    check = net(6, 5, 4)
    x_check = np.round(rng.uniform(0, 1, (3, 6)), 4)
    return {"small": small, "check": check, "x_small": x, "x_check": x_check}


def cases() -> list[dict]:
    data = networks()
    small, x = data["small"], data["x_small"]
    t = np.eye(3, dtype=np.int64)[[1, 2, 0, 0, 1]]
    t_check = np.eye(4, dtype=np.int64)[[3, 0, 2]]
    network = TwoLayerNet(5, 4, 3)
    network.params = {k: v.copy() for k, v in small.items()}
    check = TwoLayerNet(6, 5, 4)
    check.params = {k: v.copy() for k, v in data["check"].items()}
    grads = network.gradient(x, t)
    return [
        {"id": "predict_small", "function": "TwoLayerNet.predict", "network": "small",
         "inputs": {"x": x}, "expected": network.predict(x)},
        {"id": "loss_small", "function": "TwoLayerNet.loss", "network": "small",
         "inputs": {"x": x, "t": t}, "expected": network.loss(x, t)},
        {"id": "accuracy_small", "function": "TwoLayerNet.accuracy", "network": "small",
         "inputs": {"x": x, "t": t}, "expected": network.accuracy(x, t)},
        {"id": "gradient_small", "function": "TwoLayerNet.gradient", "network": "small",
         "inputs": {"x": x, "t": t}, "expected": grads},
        {"id": "numerical_gradient_small", "function": "TwoLayerNet.numerical_gradient",
         "network": "small", "inputs": {"x": x, "t": t}, "expected": network.numerical_gradient(x, t)},
        {"id": "gradient_check", "function": "TwoLayerNet.gradient", "network": "check",
         "inputs": {"x": data["x_check"], "t": t_check},
         "expected": check.gradient(data["x_check"], t_check)},
    ]


def toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    array = np.asarray(value)
    if array.ndim == 0:
        return repr(float(array)) if array.dtype.kind == "f" else repr(int(array))
    return "[" + ", ".join(toml_value(v) for v in array) + "]"


def render() -> str:
    data = networks()
    lines = [HEADER]
    for name in ("small", "check"):
        lines.append(f"[networks.{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in data[name].items()]
        lines.append("")
    for case in cases():
        lines.append("[[case]]")
        lines.append(f'id = "{case["id"]}"')
        lines.append(f'function = "{case["function"]}"')
        lines.append("source = \"solutions/training/two_layer_net.py on these parameters\"")
        inputs = {"network": f'"{case["network"]}"'} | {k: toml_value(v) for k, v in case["inputs"].items()}
        lines.append("inputs = { " + ", ".join(f"{k} = {v}" for k, v in inputs.items()) + " }")
        lines.append(f"expected = {toml_value(case['expected'])}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    (ROOT / "data" / "training" / "known_values.toml").write_text(render(), encoding="utf-8")
