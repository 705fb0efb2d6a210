"""The training assignment as one notebook: the network, the loop, the checks, a live loss curve.

Built from solutions/training/ (the .py reference stays the single source), with nbgrader's
metadata as the basics notebooks have it: the answer cells hold the `### BEGIN/END SOLUTION`
regions, a locked test cell per exercise is worth its points (`points_for`), and the figure cell
trains the student's own network on the digits a few iterations at a time, redrawing the loss
and the test accuracy as it goes. `check()` at the end grades everything the notebook defines.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from autograder.ecosystem.notebooks import (
    INSTALL_NOTE,
    KERNELSPEC,
    _cell,
    _setup_code,
    _test_code,
    function_points,
)
from autograder.i18n import N_, _
from autograder.kit import assignment, load_rubric, use_assignment
from autograder.stubs import make_stub

__all__ = ["build_training_notebook", "write_training_notebook"]

TITLE = N_("Chapter 4: the learning algorithm")
INTRO = N_("""A two-layer network learns to read handwritten digits (8x8 images,
`autograder.datasets.load_digits`, the UCI digits: see `data/training/DATA_LICENSE.md`). You
write `TwoLayerNet` (its parameters, `predict`, `loss`, `accuracy`, the gradient two ways) and
`train`, the mini-batch loop of the book's `train_neuralnet.py`. Each test cell is worth the
points it prints; `check()` at the end explains every failure.""")

FUNCTIONS_TEXT = N_("""## Your functions from the first assignment

Paste your own `sigmoid`, `softmax`, `cross_entropy_error` and `numerical_gradient` here (the
book keeps them in `common/functions.py` and `common/gradient.py`). They are graded in the first
assignment: here your network is checked with correct ones in their place.""")

NETWORK_TEXT = N_("""## `TwoLayerNet`

input -> Affine -> sigmoid -> Affine -> softmax. The docstrings say what each method takes and
returns; the answers `t` are one-hot.""")

TRAIN_TEXT = N_("""## `train`: mini-batch learning

Draw `batch_size` random rows each iteration, compute the gradient on them, move every
parameter against it, record the loss; once per epoch, record both accuracies.""")

FIGURE_TEXT = N_("""## Watch it learn

Your `train`, a few iterations at a time, on your `TwoLayerNet`: the loss per iteration and
the accuracy on the test digits, redrawn as it trains.""")

CHECK_EVERYTHING = N_("### Check everything\n\n`check()` runs the kit's checks on everything this "
                      "notebook defines and explains each failure.")

SETUP_IMPORTS = ["import numpy as np", "", "from autograder.datasets import load_digits"]
LOAD_DIGITS = "(x_train, t_train), (x_test, t_test) = load_digits(normalize=True, one_hot_label=True)"
FIGURE_CODE = """from autograder.ecosystem.figures import watch_training

watch_training(TwoLayerNet, train, ((x_train, t_train), (x_test, t_test)))"""


def _top_level(source: str) -> tuple[list[str], dict[str, str]]:
    """The module's import lines, and the source of each top-level def or class by name."""
    tree = ast.parse(source)
    lines = source.splitlines()
    starts = [s.lineno for s in tree.body[1:]] + [len(lines) + 1]
    imports, definitions = [], {}
    for statement, next_start in zip(tree.body, starts, strict=True):
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", [])])
        text = "\n".join(lines[first - 1: next_start - 1]).rstrip()
        if isinstance(statement, ast.Import | ast.ImportFrom):
            imports.append(text)
        elif isinstance(statement, ast.FunctionDef | ast.ClassDef):
            definitions[statement.name] = text
    return imports, definitions


def build_training_notebook(solutions: Path | None = None, *, student: bool = False) -> Any:
    """The nbformat notebook, nbgrader metadata on every cell: the instructor's holds the
    solutions and the hidden tests' region; the `student` version (the bundle's) holds the stubs
    and the public test cells only. Texts are in the language in force (autograder.i18n)."""
    import nbformat.v4 as v4

    chosen = assignment("training")
    solutions = solutions or chosen.solutions_dir
    read = {m: _top_level((solutions / f"{m}.py").read_text(encoding="utf-8")) for m in chosen.modules}
    with use_assignment(chosen):
        points = function_points()
        hidden = {c.function for c in load_rubric() if c.hidden} if not student else set()

    def answer(code: str) -> str:
        return make_stub(code + "\n").rstrip() if student else code

    setup = _setup_code(SETUP_IMPORTS) + "\n\n" + LOAD_DIGITS
    cells = [v4.new_markdown_cell(f"# {_(TITLE)}\n\n{_(INTRO)}\n\n> {_(INSTALL_NOTE)}"),
             _cell(v4.new_code_cell(setup), "setup", locked=True),
             v4.new_markdown_cell(_(FUNCTIONS_TEXT)),
             _cell(v4.new_code_cell(answer("\n\n\n".join(read["functions"][1].values()))),
                   "functions_answer", solution=True),
             v4.new_markdown_cell(_(NETWORK_TEXT)),
             _cell(v4.new_code_cell(answer(read["two_layer_net"][1]["TwoLayerNet"])), "TwoLayerNet_answer",
                   solution=True)]
    for function in [f for f in points if f.startswith("TwoLayerNet")]:
        grade_id = function.replace(".", "_") + "_tests"
        cells.append(_cell(v4.new_code_cell(_test_code(function, function in hidden)), grade_id,
                           grade=True, locked=True, points=points[function]))
    cells += [v4.new_markdown_cell(_(TRAIN_TEXT)),
              _cell(v4.new_code_cell(answer(read["train"][1]["train"])), "train_answer", solution=True),
              _cell(v4.new_code_cell(_test_code("train", "train" in hidden)), "train_tests",
                    grade=True, locked=True, points=points["train"]),
              v4.new_markdown_cell(_(FIGURE_TEXT)),
              _cell(v4.new_code_cell(FIGURE_CODE), "figure", locked=True),
              v4.new_markdown_cell(_(CHECK_EVERYTHING)),
              v4.new_code_cell("from autograder import check\n\ncheck()")]
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.kernelspec = dict(KERNELSPEC)
    notebook.metadata.language_info = {"name": "python"}
    return notebook


def write_training_notebook(destination: Path, solutions: Path | None = None, *,
                            student: bool = False) -> Path:
    """Write destination/training.ipynb: with the solutions (nbgrader's source version), or the
    `student` version of the bundle."""
    import nbformat

    destination.mkdir(parents=True, exist_ok=True)
    path = destination / "training.ipynb"
    nbformat.write(build_training_notebook(solutions, student=student), str(path))
    return path
