"""The student bundle holds no answer: no function in it is a reference solution in disguise.

Every function of every `.py` file and of every notebook's code cells in a freshly built bundle
is compared with every exercise function of the reference (`solutions/`, the functions holding a
solution region) and with the equivalent correct code of the corpus (`tests/submissions/correct/`
and `book/`). Two functions are the same answer when their syntax trees are equal once names are
ignored (parameters and variables renamed in order of appearance, the function's own name, its
docstring and its type hints dropped). A helper named `correct_*`, and what it calls in its own
module, is an answer by name whatever its body. One answer cannot be kept out and is not looked
for: identity_function's `return x`, which every function handing back its argument is
(`N_`, `__enter__`).
"""
from __future__ import annotations

import ast
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.bundle import write_student_bundle
from autograder.kit import KIT_ROOT, assignment_names, load_exercises

CORPUS = KIT_ROOT / "tests" / "submissions"

Function = ast.FunctionDef | ast.AsyncFunctionDef


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_student_bundle(tmp_path_factory.mktemp("answers") / "bundle")


class _Rename(ast.NodeTransformer):
    """Names in order of first appearance: `def f(x): return x` is `def _(v0): return v0`."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._name(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._name(node.id)
        return node


def normalized(function: Function) -> str:
    """The function's arguments and body as a tree dump, names ignored."""
    node = copy.deepcopy(function)
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    node.returns = None
    renamer = _Rename()
    arguments = renamer.visit(node.args)
    statements = [renamer.visit(statement) for statement in body]
    return ast.dump(ast.Module(body=[ast.Expr(ast.Tuple([], ast.Load())), *statements],
                               type_ignores=[]), annotate_fields=False) + ast.dump(arguments)


def functions_of(tree: ast.AST) -> list[Function]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def reference_answers() -> dict[str, str]:
    """normalized tree -> where it comes from: the reference's exercise functions (those with a
    solution region) and the corpus's correct variants and book code of exercise functions."""
    exercises = {e.function.rpartition(".")[2] for name in assignment_names()
                 for e in load_exercises(name)}
    answers: dict[str, str] = {}
    for path in sorted((KIT_ROOT / "solutions").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for function in functions_of(ast.parse(text)):
            source = "\n".join(lines[function.lineno - 1:function.end_lineno])
            if "### BEGIN SOLUTION" in source:
                answers[normalized(function)] = f"{path.relative_to(KIT_ROOT)}:{function.name}"
    for folder in ("correct", "book"):
        for path in sorted((CORPUS / folder).rglob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except SyntaxError:
                continue
            for function in functions_of(tree):
                if function.name in exercises:
                    answers.setdefault(normalized(function),
                                       f"{path.relative_to(KIT_ROOT)}:{function.name}")
    identity = ast.parse("def identity_function(x):\n    return x\n").body[0]
    answers.pop(normalized(identity), None)  # see the module's docstring
    return answers


def bundle_sources(bundle: Path) -> dict[str, str]:
    """Every Python text of the bundle: its .py files and its notebooks' code cells."""
    sources = {str(p.relative_to(bundle)): p.read_text(encoding="utf-8") for p in bundle.rglob("*.py")}
    for notebook in bundle.rglob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            if cell.get("cell_type") == "code":
                text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                sources[f"{notebook.relative_to(bundle)}[{number}]"] = text
    return sources


def correct_helpers(tree: ast.Module) -> set[str]:
    """The module's top-level functions named correct_*, and what they call in the module."""
    defined = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)}
    found: set[str] = set()
    waiting = [name for name in defined if name.startswith("correct_")]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.add(name)
        waiting += [n.id for n in ast.walk(defined[name]) if isinstance(n, ast.Name) and n.id in defined]
    return found


def answers_in(sources: dict[str, str], answers: dict[str, str]) -> list[str]:
    found = []
    for where, text in sorted(sources.items()):
        try:
            tree = ast.parse(text)
        except SyntaxError:  # a notebook cell with a shell command: not Python
            continue
        for name in sorted(correct_helpers(tree)):
            found.append(f"{where}: {name} (a correct_* helper)")
        for function in functions_of(tree):
            same = answers.get(normalized(function))
            if same is not None:
                found.append(f"{where}: {function.name} is {same}")
    return found


def test_the_comparison_finds_a_reference_function_renamed():
    """The test can fail: softmax of the reference, renamed throughout, is found."""
    renamed = ("import numpy as np\n"
               "def stable(values: np.ndarray) -> np.ndarray:\n"
               "    '''Some docstring.'''\n"
               "    top = np.max(values, axis=-1, keepdims=True)\n"
               "    e = np.exp(values - top)\n"
               "    return e / np.sum(e, axis=-1, keepdims=True)\n")
    assert answers_in({"renamed.py": renamed}, reference_answers())
    assert answers_in({"helper.py": "def correct_x(a):\n    return a\n"}, {})


def test_no_function_of_the_bundle_is_a_reference_solution(bundle: Path):
    found = answers_in(bundle_sources(bundle), reference_answers())
    assert not found, "\n".join(found)


def check_in_bundle(bundle: Path, folder: Path, assignment: str) -> dict[str, bool]:
    """`autograder check --json` inside the bundle: each public check's id and whether it passed."""
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), "--json",
                           "--assignment", assignment], cwd=bundle,
                          env={"PYTHONPATH": str(bundle), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)
    result = json.loads(done.stdout)
    return {t["id"]: t["passed"] for f in result["functions"].values() for t in f["tests"]}


def reference_with_edit(tmp_path: Path, solutions: Path, module: str, right: str, wrong: str) -> Path:
    """A submission folder: the reference of `solutions`, with `right` replaced by `wrong` once."""
    folder = tmp_path / "submission"
    shutil.copytree(solutions, folder, ignore=shutil.ignore_patterns("training", "__pycache__"))
    path = folder / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    assert right in text
    path.write_text(text.replace(right, wrong, 1), encoding="utf-8")
    return folder


def test_in_the_bundle_forward_is_still_judged_with_a_correct_sigmoid(bundle: Path, tmp_path: Path):
    """Without the reference, the noted values of sigmoid on forward's public calls stand in for
    it: a wrong sigmoid costs sigmoid's points, not forward's (as when the instructor grades)."""
    folder = reference_with_edit(tmp_path, KIT_ROOT / "solutions", "activations",
                                 "return 1 / (1 + np.exp(-x))", "return 1 / (1 - np.exp(-x))")
    passed = check_in_bundle(bundle, folder, "basics")
    assert not passed["sigmoid.known_values"]
    assert passed["forward.known_values"] and passed["forward.batch"]


def test_in_the_bundle_the_network_is_still_judged_with_a_correct_softmax(bundle: Path, tmp_path: Path):
    folder = reference_with_edit(tmp_path, KIT_ROOT / "solutions" / "training", "functions",
                                 "return exp_a / np.sum(exp_a, axis=-1, keepdims=True)",
                                 "return exp_a / np.sum(exp_a)")
    passed = check_in_bundle(bundle, folder, "training")
    assert passed["TwoLayerNet.predict.known_values"] and passed["TwoLayerNet.loss.known_values"]
    assert all(passed[c] for c in passed if c.startswith("TwoLayerNet.numerical_gradient"))


def test_in_the_bundle_loss_is_still_judged_with_a_correct_predict(bundle: Path, tmp_path: Path):
    """A network method judged with correct methods gets their noted values in the bundle."""
    folder = reference_with_edit(tmp_path, KIT_ROOT / "solutions" / "training", "two_layer_net",
                                 "y = softmax(a2)\n\n        return y", "y = a2\n\n        return y")
    passed = check_in_bundle(bundle, folder, "training")
    assert not passed["TwoLayerNet.predict.known_values"]
    assert passed["TwoLayerNet.loss.known_values"] and passed["TwoLayerNet.accuracy.known_values"]
