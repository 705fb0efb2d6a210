"""Drawing the feedback plots as PNG with matplotlib (Agg), cached by a hash of the plotted data.

A class where many students make the same mistake gives identical plot data, so each distinct
plot is drawn once per process (and once per `cache_dir`, which bulk grading can share between
its workers). Rendering happens in the grading process, from plain data only.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import warnings
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from autograder.feedback.plot_text import KNOWN, RIGHT, YOURS, font_context, plot_language, plot_title
from autograder.feedback.plot_text import plot_gettext as _p
from autograder.i18n import translated
from autograder.results import PlotData
from autograder.terminal import shortened

__all__ = ["plot_key", "prepare_drawing", "render_png"]

MEMORY_ENTRIES = 256
_drawn: OrderedDict[str, bytes] = OrderedDict()


def plot_key(plot: PlotData) -> str:
    """The content hash of a plot: same data, same picture."""
    text = json.dumps(asdict(plot), sort_keys=True, allow_nan=False) + plot_language()
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def render_png(plot: PlotData, cache_dir: Path | None = None) -> bytes:
    """The plot as PNG bytes, drawn only if this data was not drawn before."""
    key = plot_key(plot)
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    cached = cache_dir / f"{key}.png" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        png = cached.read_bytes()
    else:
        png = _draw(plot)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{key}.{os.getpid()}.tmp")
            partial.write_bytes(png)
            os.replace(partial, cached)
    _drawn[key] = png
    if len(_drawn) > MEMORY_ENTRIES:
        _drawn.popitem(last=False)
    return png


def prepare_drawing() -> None:
    """Load Matplotlib (Agg) and the plots' fonts now, if it is installed (a class run does while
    the workers grade, for the class report's charts)."""
    try:
        figure = _figure_class()
    except ImportError:
        return
    with font_context():
        figure(figsize=(1.0, 1.0), dpi=10).savefig(io.BytesIO(), format="png")


def _figure_class() -> Any:
    """Matplotlib's Figure, with the Agg backend (no display): every drawing here starts so."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure


def _draw(plot: PlotData) -> bytes:
    Figure = _figure_class()  # noqa: N806 - Matplotlib's class
    # the student's values, however large: drawn as they are, never a warning on the screen
    with font_context(), np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = Figure(figsize=(6.0, 3.8), dpi=90)
        axes = figure.add_subplot()
        DRAWERS[plot.kind](axes, plot.series)
        axes.set_title(plot_title(plot), fontsize=10, wrap=True)  # long titles wrap, not clip
        problem = plot.series.get("problem")
        if problem:
            shown = translated(problem) if plot_language() != "en" else problem  # no Hangul font: English
            figure.text(0.5, 0.01, shortened(_p("yours: ") + shown, 90), ha="center", va="bottom",
                        fontsize=8, color=YOURS, parse_math=False)  # the student's text, as it is
        figure.tight_layout(rect=(0, 0.05 if problem else 0, 1, 1))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _plain_numbers(axis: Any) -> None:
    """A log axis's ticks as NumPy prints numbers (0.01, 1e-08), not 10 to a power, and no
    minor ticks: the numbers students read in their output, and a plot drawn in a fraction of
    the time (Matplotlib's math text and a tick object per minor tick of 17 decades cost each
    grading process the better part of a second)."""
    from matplotlib.ticker import FuncFormatter, NullLocator

    axis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))
    axis.set_minor_locator(NullLocator())


def _finite_pairs(xs: list, ys: list | None) -> tuple[list, list]:
    pairs = [(x, y) for x, y in zip(xs, ys or [], strict=False) if y is not None]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _activation(axes: Any, series: dict) -> None:
    xs = series["x"]
    if series.get("reference") is not None:
        axes.plot(xs, series["reference"], color=RIGHT, linewidth=4, alpha=0.45, label=_p("right"))
    if series.get("known_x"):
        axes.plot(series["known_x"], series["known_y"], "o", color=KNOWN, label=_p("known values"))
    student = series.get("student")
    if student is not None:
        fx, fy = _finite_pairs(xs, student)
        axes.plot(fx, fy, color=YOURS, linewidth=1.5, label=_p("yours"))
        missing = [x for x, y in zip(xs, student, strict=False) if y is None]
        if missing:
            axes.plot(missing, [0.0] * len(missing), "x", color=YOURS, label=_p("yours: nan or inf"))
        reference = series.get("reference") or []
        wrong = [(x, y) for x, y, r in zip(xs, student, reference, strict=False)
                 if y is not None and r is not None and abs(y - r) > 1e-6 * max(1.0, abs(r))]
        if 0 < len(wrong) <= 10:  # a few wrong points (e.g. only at x = 0) would hide in the line
            axes.plot(*zip(*wrong, strict=True), "o", markersize=9, markerfacecolor="none",
                      markeredgecolor=YOURS, label=_p("yours differs here"))
    axes.set_xlabel("x")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, loc="best")


def _softmax_spread(axes: Any, series: dict) -> None:
    spreads = series["spread"]
    reference = series.get("reference")
    student = series.get("student") or []
    for k, weight in enumerate(series["row"]):
        if reference is not None:
            axes.plot(spreads, [r[k] if r else None for r in reference], color=RIGHT, linewidth=4,
                      alpha=0.35, label=_p("right") if k == 0 else None)
        values = [row[k] if row else None for row in student]
        fx, fy = _finite_pairs(spreads, values)
        axes.plot(fx, fy, "-o", color=YOURS, markersize=3, linewidth=1,
                  label=_p("yours") if k == 0 else None)
        if reference is not None and reference[0]:
            axes.annotate(f"a = {weight:g}·s", (spreads[0], reference[0][k]), fontsize=7,
                          textcoords="offset points", xytext=(-4, 5), ha="right")
    broken = [s for s, row in zip(spreads, student, strict=False)
              if row is None or any(v is None for v in row)]
    if broken:
        axes.plot(broken, [0.5] * len(broken), "X", color=YOURS, markersize=9,
                  label=_p("yours: nan, inf or no row"))
    axes.set_xscale("log")
    _plain_numbers(axes.xaxis)
    axes.set_xlim(spreads[0] / 3, spreads[-1] * 1.5)
    axes.set_ylim(-0.05, 1.3)
    axes.set_xlabel(_p("spread s of the inputs"))
    axes.set_ylabel(_p("probability"))
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, loc="upper center", ncol=3)


def _descent_path(axes: Any, series: dict) -> None:
    import numpy as np

    grid = np.linspace(-4.5, 4.5, 121)
    x0, x1 = np.meshgrid(grid, grid)
    axes.contour(x0, x1, x0**2 + x1**2, levels=12, colors="#999999", linewidths=0.6)
    reference = series.get("reference")
    if reference is not None:
        path = np.array(reference, dtype=float)
        axes.plot(path[:, 0], path[:, 1], "o-", color=RIGHT, markersize=6, alpha=0.45,
                  linewidth=3, label=_p("right"))
    if series.get("known_end"):
        axes.plot(*series["known_end"], "*", color=KNOWN, markersize=14, label=_p("the minimum"))
    student = series.get("student")
    if student is not None:
        path = np.array([[np.nan if v is None else v for v in row] for row in student], dtype=float)
        shown = np.clip(path, -4.4, 4.4)
        axes.plot(shown[:, 0], shown[:, 1], "o-", color=YOURS, markersize=4, linewidth=1.2,
                  label=_p("yours"))
    axes.plot(*series["start"], "s", color="black", markersize=6, label=_p("start"))
    axes.set_xlim(-4.5, 4.5)
    axes.set_ylim(-4.5, 4.5)
    axes.set_aspect("equal")
    axes.set_xlabel("x0")
    axes.set_ylabel("x1")
    axes.legend(fontsize=8, loc="upper right")


def _derivative_error(axes: Any, series: dict) -> None:
    floor = 1e-17  # an exact result is drawn at the bottom of the log scale
    hs = series["h"]
    axes.loglog(hs, [max(e, floor) for e in series["forward"]], color="#7f7f7f", linewidth=1.2,
                label=_p("forward difference (f(x+h) - f(x)) / h"))
    axes.loglog(hs, [max(e, floor) for e in series["central"]], color=RIGHT, linewidth=2,
                label=_p("central difference (f(x+h) - f(x-h)) / 2h"))
    axes.axvline(1e-4, color=RIGHT, linestyle=":", linewidth=1)
    axes.annotate(_p("the book: h = 1e-4"), (1e-4, floor * 10), fontsize=7, rotation=90,
                  textcoords="offset points", xytext=(3, 0))
    error = series.get("student_error")
    if error is not None:
        axes.axhline(max(error, floor), color=YOURS, linewidth=1.5,
                     label=_p("yours: {value}, error {error}").format(
                         value=repr(series["student"]), error=f"{error:.2g}"))
    _plain_numbers(axes.xaxis)
    _plain_numbers(axes.yaxis)
    axes.invert_xaxis()
    axes.set_xlabel(_p("h (shrinking to the right)"))
    axes.set_ylabel(_p("|numerical - exact|"))
    axes.grid(alpha=0.3, which="both")
    with contextlib.suppress(ValueError):
        axes.legend(fontsize=7, loc="lower right")


DRAWERS = {"activation": _activation, "softmax_spread": _softmax_spread,
           "descent_path": _descent_path, "derivative_error": _derivative_error}

from autograder.feedback.training_plots import DRAWERS as TRAINING_DRAWERS  # noqa: E402

DRAWERS.update(TRAINING_DRAWERS)
