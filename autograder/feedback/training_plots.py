"""The training assignment's feedback plots: the learning curves and the digits it gets wrong.

From the public training run the checks made (autograder.checks.training.public_run, no extra
sandboxed call): the student's loss per iteration and accuracies per epoch drawn over the
reference's on the same run (computed here, once per process, where the reference is present),
and a grid of test digits that the network the student's loop trained gets wrong, each with
its answer and the network's guess. Plain data only, rounded, so alike submissions share a
drawing; drawn by autograder.feedback.plots (DRAWERS below join its own).
"""
from __future__ import annotations

import contextlib
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from autograder.feedback.plot_text import plot_gettext as _p
from autograder.i18n import N_
from autograder.results import PlotData

if TYPE_CHECKING:
    from autograder.checks import StudentCode

__all__ = ["DRAWERS", "collect_training_plot_data"]

YOURS, RIGHT, TEST = "#d62728", "#1f77b4", "#2ca02c"
GRID_DIGITS = 16


def collect_training_plot_data(student: StudentCode, functions: list[str], *,
                               reference: bool) -> list[PlotData]:
    """The curves and the digit grid, when `train` is among `functions`."""
    if "train" not in functions:
        return []
    from autograder.checks import CheckFailure
    from autograder.checks.training import public_run, returned_lists, training_settings

    try:
        run = public_run(student)
    except CheckFailure as failure:
        run, problem = None, failure.message
    settings = training_settings()
    series: dict[str, Any] = {"problem": "" if run is not None else problem,
                              "epoch_iterations": max(settings["train_rows"] / settings["batch_size"], 1)}
    if run is not None:
        try:
            losses, train_acc, test_acc = returned_lists(run)
            series |= {"loss": _plain(losses), "train_acc": _plain(train_acc),
                       "test_acc": _plain(test_acc)}
        except CheckFailure as failure:
            series["problem"] = failure.message
    if reference:
        series["reference"] = _reference_curves()
    plots = [PlotData("training_curves", "train", N_("Learning curves: your train() against the "
                                                     "reference, on the digits"), series)]
    if run is not None and isinstance(run.params, dict) and reference:
        plots.append(PlotData("digit_grid", "train", N_("Test digits the network your train() "
                                                        "trained gets wrong (answer -> its guess)"),
                              _misclassified(run.params, run.x_test, run.t_test)))
    return plots


def _plain(values: Any) -> list:
    out = []
    for value in values:
        try:
            number = float(np.asarray(value, dtype=float).ravel()[0])
        except (TypeError, ValueError, IndexError):
            number = float("nan")
        out.append(float(f"{number:.4g}") if np.isfinite(number) else None)
    return out


@cache
def _reference_curves() -> dict[str, list]:
    """The reference's train on the public run's settings, in this (trusted) process."""
    from autograder.checks.training import _digits, training_settings
    from autograder.reference import reference_module

    settings = training_settings()
    (x_train, t_train), (x_test, t_test) = _digits()
    rows = settings["train_rows"]
    state = np.random.get_state()
    try:
        np.random.seed(settings["seed"])
        network = reference_module("two_layer_net").TwoLayerNet(
            x_train.shape[1], settings["hidden_size"], t_train.shape[1])
        losses, train_acc, test_acc = reference_module("train").train(
            network, x_train[:rows], t_train[:rows], x_test, t_test, settings["iters_num"],
            settings["batch_size"], settings["learning_rate"],
            np.random.default_rng(settings["seed"]))
    finally:
        np.random.set_state(state)
    return {"loss": _plain(losses), "train_acc": _plain(train_acc), "test_acc": _plain(test_acc)}


def _misclassified(params: dict, x_test: np.ndarray, t_test: np.ndarray) -> dict[str, Any]:
    from autograder.checks.training import judge_predict

    with np.errstate(all="ignore"):
        predicted = judge_predict(params, x_test)
    assert predicted is not None, "drawn only where the kit holds the reference"
    guesses = np.argmax(predicted, axis=1)
    answers = np.argmax(t_test, axis=1)
    wrong = np.flatnonzero(guesses != answers)
    shown = wrong[:GRID_DIGITS]
    return {"images": [[round(float(v), 3) for v in x_test[i]] for i in shown],
            "answers": [int(answers[i]) for i in shown], "guesses": [int(guesses[i]) for i in shown],
            "wrong": int(wrong.size), "total": int(len(answers)), "problem": ""}


def _training_curves(axes: Any, series: dict) -> None:
    per_epoch = series.get("epoch_iterations", 1)
    reference = series.get("reference") or {}
    twin = axes.twinx()
    labels = {"train_acc": _p("train accuracy ({who})"), "test_acc": _p("test accuracy ({who})")}
    for curves, color, who, width in ((reference, RIGHT, _p("reference"), 1.2),
                                      (series, YOURS, _p("yours"), 2)):
        loss = curves.get("loss")
        if loss:
            axes.plot(range(len(loss)), [v if v is not None else np.nan for v in loss], color=color,
                      linewidth=width, alpha=0.8, label=_p("loss per iteration ({who})").format(who=who))
        for name, style in (("train_acc", ":"), ("test_acc", "--")):
            values = curves.get(name)
            if values:
                twin.plot([i * per_epoch for i in range(len(values))],
                          [v if v is not None else np.nan for v in values], style, color=color,
                          linewidth=width, label=labels[name].format(who=who))
    axes.set_xlabel(_p("iteration"))
    axes.set_ylabel(_p("loss"))
    twin.set_ylabel(_p("accuracy (per epoch)"))
    twin.set_ylim(0, 1.02)
    axes.grid(alpha=0.3)
    with contextlib.suppress(ValueError):
        lines = axes.get_legend_handles_labels()
        more = twin.get_legend_handles_labels()
        axes.legend(lines[0] + more[0], lines[1] + more[1], fontsize=6, loc="center right")


def _digit_grid(axes: Any, series: dict) -> None:
    images = series.get("images") or []
    axes.set_axis_off()
    if not images:
        axes.text(0.5, 0.5, _p("every test digit recognised"), ha="center", va="center")
        return
    columns, width, height = 8, 10, 14  # a cell: the 8x8 digit, then its label under it
    rows = -(-len(images) // columns)
    canvas = np.ones((rows * height, columns * width))
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        canvas[r * height + 1:r * height + 9, c * width + 1:c * width + 9] = 1 - np.reshape(image, (8, 8))
    axes.imshow(canvas, cmap="gray", vmin=0, vmax=1,
                extent=(0, columns * width, rows * height, 0))
    for i, (answer, guess) in enumerate(zip(series["answers"], series["guesses"], strict=True)):
        r, c = divmod(i, columns)
        axes.text(c * width + 5, r * height + 12, f"{answer} -> {guess}", ha="center",
                  va="center", fontsize=8, color=YOURS)
    told = (_p("{wrong} of {total} test digits wrong (the first {count} shown)")
            if series["wrong"] > len(images) else _p("{wrong} of {total} test digits wrong"))
    axes.text(0, rows * height + 2, told.format(wrong=series["wrong"], total=series["total"],
                                                count=len(images)), fontsize=8, va="top")


DRAWERS = {"training_curves": _training_curves, "digit_grid": _digit_grid}
