"""What a feedback plot says in words: its title, its text alternative, and the font it needs.

The title says what is drawn (a reference line only where there is one); the text alternative
says what the plot shows and where the student's function differs ("your sigmoid is flipped:
it falls where the right one rises"), for readers who cannot see the picture. Korean labels
need a font with Hangul: without one matplotlib would draw boxes, so the plots stay English
(`plot_language`), while the page's own text, the alternative included, is Korean.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from autograder.i18n import N_, _, gettext_for, language, translated
from autograder.results import PlotData

__all__ = ["YOURS", "RIGHT", "KNOWN", "cjk_font", "font_context", "plot_alt", "plot_gettext",
           "plot_language", "plot_title"]

# Okabe and Ito's colour-blind-safe palette: vermillion, blue, bluish green
YOURS, RIGHT, KNOWN = "#D55E00", "#0072B2", "#009E73"
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic",
                "Apple SD Gothic Neo", "Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans KR")
HANGUL_SAMPLE = "가힣"


@cache
def cjk_font() -> str | None:
    """A font family matplotlib knows that holds Hangul, or None."""
    try:
        from matplotlib import font_manager
        from matplotlib.ft2font import FT2Font
    except ImportError:
        return None
    by_name = {font.name: font.fname for font in font_manager.fontManager.ttflist}
    if not any(family in by_name for family in CJK_FAMILIES):  # installed after matplotlib's cache
        for system_font in font_manager.findSystemFonts():
            if any(mark in Path(system_font).name for mark in ("CJK", "Nanum", "KR")):
                with contextlib.suppress(Exception):
                    font_manager.fontManager.addfont(system_font)
        by_name = {font.name: font.fname for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        path = by_name.get(family)
        if path is None:
            continue
        try:
            face = FT2Font(path)
        except (OSError, RuntimeError):
            continue
        if all(face.get_char_index(ord(glyph)) for glyph in HANGUL_SAMPLE):
            return family
    return None


def plot_language() -> str:
    """The language of the plots' labels: the one in force, or English without a Hangul font."""
    lang = language()
    return lang if lang == "en" or cjk_font() else "en"


def plot_gettext(message: str) -> str:
    """A label in the plots' language."""
    return gettext_for(plot_language()).gettext(message)


@contextlib.contextmanager
def font_context() -> Iterator[None]:
    """Matplotlib's fonts for the plots' language: Latin from DejaVu, Hangul from a CJK font."""
    try:
        import matplotlib
    except ImportError:  # nothing is drawn without it
        yield
        return
    family = cjk_font() if plot_language() != "en" else None
    settings: Any = {"font.family": ["DejaVu Sans", family]} if family else {}
    with matplotlib.rc_context(settings):
        yield


def plot_title(plot: PlotData, translate: Any = None) -> str:
    """What the plot draws, naming the reference line only when there is one."""
    t = translate or plot_gettext
    series, name = plot.series, plot.function
    has_reference = series.get("reference") is not None
    has_student = series.get("student") is not None
    if plot.kind == "activation":
        if has_reference:
            text = t(N_("{function}(x): yours (thin line) and the right one (wide line)"))
        elif series.get("known_x"):
            text = t(N_("{function}(x): yours (line) and the book's known values (dots)"))
        else:
            text = t(N_("{function}(x): yours"))
        return text.format(function=name)
    if plot.kind == "softmax_spread":
        return (t(N_("softmax(s * [1, 0.5, -1]) as the spread s widens: yours (thin) and the right one "
                  "(wide)")) if has_reference else
                t(N_("softmax(s * [1, 0.5, -1]) as the spread s widens: yours")))
    if plot.kind == "descent_path":
        text = (t(N_("gradient_descent on x0² + x1² from {start}, lr = {lr}: your path (thin) and the "
                  "right one (wide)")) if has_reference else
                t(N_("gradient_descent on x0² + x1² from {start}, lr = {lr}: your path and the minimum "
                     "(star)")))
        return text.format(start=_point(series.get("start")), lr=f"{series.get('lr', 0.1):g}")
    if plot.kind == "derivative_error":
        return (t(N_("numerical_diff(function_1, 5): error against h, yours as a horizontal line"))
                if has_student else t(N_("numerical_diff(function_1, 5): error against h")))
    return t(plot.title)


def plot_alt(plot: PlotData) -> str:
    """The plot in words, in the page's language: what it shows and what differs."""
    describe = {"activation": _activation_alt, "softmax_spread": _softmax_alt,
                "descent_path": _descent_alt, "derivative_error": _derivative_alt}.get(plot.kind)
    shown = plot_title(plot, translate=_) + "."
    if describe is None:
        return shown
    problem = plot.series.get("problem")
    told = describe(plot.function, plot.series)
    if problem:
        told += " " + _("Your function: {problem}.").format(problem=translated(problem))
    return f"{shown} {told}".strip()


def _point(values: Any) -> str:
    return "(" + ", ".join(f"{float(v):.3g}" for v in values) + ")" if values else "?"


def _numbers(values: Any) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _activation_alt(function: str, series: dict) -> str:
    xs = np.array(series["x"], dtype=float)
    if series.get("student") is None:
        return _("Your {function} gave no values to draw.").format(function=function)
    yours = _numbers(series["student"])
    missing = int(np.sum(~np.isfinite(yours)))
    if series.get("reference") is not None:
        grid, right = xs, _numbers(series["reference"])
        mine = yours
    elif series.get("known_x"):
        grid, right = np.array(series["known_x"], float), np.array(series["known_y"], float)
        finite = np.isfinite(yours)
        mine = np.interp(grid, xs[finite], yours[finite]) if finite.any() else np.full_like(grid, np.nan)
    else:
        return ""
    texts = []
    if missing:
        texts.append(_("Yours gives nan or inf at {count} of the {total} points.").format(
            count=missing, total=len(yours)))
    rises = right[-1] - right[0]
    if abs(rises) > 1e-9 and np.all(np.isfinite(mine[[0, -1]])) and (mine[-1] - mine[0]) * rises < 0:
        texts.append(_("Your {function} is flipped: it falls where the right one rises.").format(
            function=function) if rises > 0 else
            _("Your {function} is flipped: it rises where the right one falls.").format(function=function))
    else:
        wrong = np.isfinite(mine) & (np.abs(mine - right) > 1e-6 * np.maximum(1.0, np.abs(right)))
        if not wrong.any() and not missing:
            texts.append(_("Yours matches the right values everywhere drawn."))
        elif wrong.any():
            at = grid[wrong]
            largest = float(np.max(np.abs(mine - right)[wrong]))
            where = (_("at x = {x}").format(x=", ".join(f"{v:g}" for v in at))
                     if len(at) <= 3 else
                     _("for x from {low} to {high}").format(low=f"{at.min():.2g}", high=f"{at.max():.2g}"))
            texts.append(_("Yours differs from the right values {where}, by up to {largest}.").format(
                where=where, largest=f"{largest:.3g}"))
    return " ".join(texts)


def _softmax_alt(function: str, series: dict) -> str:
    spreads = series["spread"]
    broken = [s for s, row in zip(spreads, series.get("student") or [], strict=False)
              if row is None or any(v is None for v in row)]
    if broken:
        return _("Yours gives nan, inf or no row from spread s = {spread} on; the right one stays "
                 "between 0 and 1.").format(spread=f"{min(broken):g}")
    reference = series.get("reference")
    if reference is not None:
        wrong = [s for s, mine, right in zip(spreads, series["student"], reference, strict=False)
                 if mine and right and not np.allclose(mine, right, rtol=1e-6, atol=1e-9)]
        if wrong:
            return _("Yours differs from the right one from spread s = {spread} on.").format(
                spread=f"{min(wrong):g}")
    return _("Yours stays finite for every spread drawn.")


def _descent_alt(function: str, series: dict) -> str:
    student = series.get("student")
    if not student:
        return _("Your gradient_descent gave no path to draw.")
    end = _point(student[-1]) if all(v is not None for v in student[-1]) else "nan"
    if series.get("reference") is not None:
        return _("Your path ends at {end}; the right one ends at {right}.").format(
            end=end, right=_point(series["reference"][-1]))
    return _("Your path ends at {end}; the minimum is at (0, 0).").format(end=end)


def _derivative_alt(function: str, series: dict) -> str:
    hs, forward, central = (np.array(series[k], dtype=float) for k in ("h", "forward", "central"))
    best = float(hs[int(np.argmin(forward))])
    book = float(central[int(np.argmin(np.abs(np.log10(hs) + 4)))])
    text = _("The forward difference's error is smallest near h = {best} and grows again for smaller "
             "h; the central difference with the book's h = 1e-4 has an error of {book}.").format(
        best=f"{best:.1g}", book=f"{book:.2g}")
    if series.get("student_error") is not None:
        text += " " + _("Yours gives {value}, an error of {error}.").format(
            value=f"{float(series['student']):.12g}", error=f"{series['student_error']:.2g}")
    return text
