"""A student's feedback as one self-contained HTML page: table, hints, counterexamples, plots.

Everything is in the file (styles inline, plots as data: URIs), so the page works offline and
can be mailed or uploaded as it is. Every piece of text is escaped. What it says about each
failure comes from autograder.feedback.explain, as for every front door: one block per cause,
a module that could not be imported once. Hidden checks show only that they failed, the
diagnosis or the difference and the freshly shrunk counterexample, never their own random
inputs (unless `show_hidden_details`, for instructors).
"""
from __future__ import annotations

import base64
import importlib.util
import os
from html import escape
from pathlib import Path

from autograder.feedback.explain import (
    Block,
    ImportFailure,
    function_blocks,
    import_failure_lines,
    import_failures,
    only_import_failures,
)
from autograder.i18n import KOREAN, _, language, particles, translated
from autograder.kit import exercise
from autograder.points import points_note
from autograder.report import function_status as _status
from autograder.results import FunctionResult, GradingResult, PlotData

__all__ = ["PAGE_STYLE", "render_feedback_html", "write_feedback_html", "write_student_feedback"]

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.8rem; text-align: left; }
td.points { text-align: right; font-variant-numeric: tabular-nums; }
tr.ok td.status { color: #116329; } tr.failed td.status { color: #a4201a; }
section { border-top: 2px solid #eee; margin-top: 1.5rem; }
.check { background: #fff6f5; border-left: 4px solid #b42318; padding: 0.4rem 0.9rem; margin: 0.8rem 0; }
.counterexample { background: #f4f8ff; border-left: 4px solid #0072B2; padding: 0.3rem 0.8rem; }
.mistake { font-weight: 600; } .unknown { color: #555; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f6f6; padding: 0.3rem 0.5rem;
      margin: 0.2rem 0; }
dt { font-weight: 600; } dd { margin-left: 1rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; }
"""


def render_feedback_html(result: GradingResult, *, title: str | None = None,
                         show_hidden_details: bool = False, cache_dir: Path | None = None) -> str:
    """The whole page as a string."""
    title = title or _("Autograder feedback")
    images = _images(result.plots, cache_dir)
    body = [f"<h1>{escape(title)}</h1>", _summary(result), _table(result)]
    for entry in import_failures(result):
        body.append(_import_section(entry, result))
    failing = [f for f in result.functions.values() if not f.passed]
    for function in failing:
        body.append(_function_section(function, images, show_hidden_details, result))
    passing = [f for f in result.functions.values() if f.passed and images.get(f.name)]
    if passing:
        figures = "".join(_figures(images[f.name]) for f in passing)
        body.append(f"<section><h2>{escape(_('The functions you got right, plotted'))}</h2>"
                    f"<details><summary>{escape(_('show the plots'))}</summary>{figures}</details>"
                    "</section>")
    if result.plots and not images and not _can_draw():
        body.append(f"<p>({escape(_('Install matplotlib to see plots of your functions here.'))})</p>")
    return (f"<!DOCTYPE html>\n<html lang=\"{language()}\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{PAGE_STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def write_feedback_html(result: GradingResult, path: Path, *, folder: Path | None = None,
                        show_hidden_details: bool = False, cache_dir: Path | None = None) -> Path:
    """Write the page to `path` (atomically) and return the path."""
    title = (_("Autograder feedback: {name}").format(name=Path(folder).resolve().name) if folder
             else _("Autograder feedback"))
    page = render_feedback_html(result, title=title, show_hidden_details=show_hidden_details,
                                cache_dir=cache_dir)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return path


def write_student_feedback(result: GradingResult, student_dir: Path, *, student: str | None = None,
                           cache_dir: Path | None = None) -> Path:
    """`student_dir/feedback.html` for bulk grading: what the student may see, plots included.

    Grade with `grade_submission(..., plots=True)` for the plots; `cache_dir` (shared by the
    workers, e.g. OUT/.plot-cache) lets identical plots be drawn once for the whole class.
    """
    name = student or Path(student_dir).name
    page = render_feedback_html(result, title=_("Autograder feedback: {name}").format(name=name),
                                cache_dir=cache_dir)
    path = Path(student_dir) / "feedback.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".feedback.html.{os.getpid()}.tmp")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return path


def _can_draw() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def _images(plots: list[PlotData], cache_dir: Path | None) -> dict[str, list[tuple[str, str, str]]]:
    """Each function's plots as (data URI, title, text alternative); none without matplotlib."""
    if not plots or not _can_draw():
        return {}
    from autograder.feedback.plot_text import plot_alt, plot_title
    from autograder.feedback.plots import render_png

    images: dict[str, list[tuple[str, str, str]]] = {}
    for plot in plots:
        try:
            png = render_png(plot, cache_dir)
        except Exception:  # noqa: BLE001 - a plot that cannot be drawn must not cost the page
            continue
        uri = "data:image/png;base64," + base64.b64encode(png).decode()
        images.setdefault(plot.function, []).append((uri, plot_title(plot, translate=_), plot_alt(plot)))
    return images


def _figures(images: list[tuple[str, str, str]]) -> str:
    return "".join(f'<figure><img src="{uri}" alt="{escape(alt)}">'
                   f"<figcaption>{escape(title)}</figcaption></figure>" for uri, title, alt in images)


def _points(value: float) -> str:
    return f"{value:g}"


def _summary(result: GradingResult) -> str:
    text = "<p><strong>" + escape(_("Total: {score} / {total}").format(
        score=_points(result.total), total=_points(result.max_total))) + "</strong>"
    if not result.hidden_checks_run:
        text += f" ({escape(points_note(result.functions, result.max_total).sentence())})"
    return text + "</p>"


def _table(result: GradingResult) -> str:
    rows = []
    for name, function in result.functions.items():
        state = "ok" if function.passed else "failed"
        label = escape(name) if function.passed else f'<a href="#fn-{escape(name)}">{escape(name)}</a>'
        rows.append(f'<tr class="{state}"><td><code>{label}</code></td>'
                    f'<td class="points">{_points(function.score)} / {_points(function.max_score)}</td>'
                    f'<td class="status">{escape(_status(function))}</td></tr>')
    return (f"<table><thead><tr><th>{escape(_('function'))}</th><th>{escape(_('points'))}</th>"
            f"<th>{escape(_('status'))}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _import_section(entry: ImportFailure, result: GradingResult) -> str:
    """A module that could not be imported, once (not under every check of its functions)."""
    lines = import_failure_lines(entry, result)
    heading = (escape(_("{file}: these functions could not run")).format(
        file=f"<code>{escape(entry.source)}</code>") if entry.source else
        escape(_("{module} could not be imported")).format(
            module=f"<code>{escape(entry.module)}.py</code>"))
    heading = particles(heading) if language() == KOREAN else heading  # escaped, no KoreanTemplate
    parts = [f'<section id="module-{escape(entry.module)}"><h2>{heading}</h2>', f"<p>{escape(lines[0])}</p>",
             f"<pre>{escape(chr(10).join(line.strip() for line in lines[1:]))}</pre>"]
    return "".join(parts) + "</section>"


def _function_section(function: FunctionResult, images: dict, show_hidden_details: bool,
                      result: GradingResult) -> str:
    parts = [f'<section id="fn-{escape(function.name)}"><h2><code>{escape(function.name)}</code>: '
             f"{_points(function.score)} / {_points(function.max_score)}</h2>"]
    if function.status == "not implemented":
        parts.append(f"<p>{escape(_('Not implemented yet: it still raises NotImplementedError.'))}</p>")
    elif only_import_failures(function):
        module = exercise(function.name).module
        parts.append("<p>" + _("Its module could not be imported: see {link}.").format(
            link=f'<a href="#module-{escape(module)}">{escape(result.source(module))}</a>') + "</p>")
    else:
        parts += [_block(b) for b in function_blocks(function, show_hidden_details=show_hidden_details)]
    parts.append(_figures(images.get(function.name, [])))
    return "".join(parts) + "</section>"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _block(block: Block) -> str:
    """One cause: its headline (a diagnosis or the neutral difference), the checks it costs."""
    count = len(block.checks)
    lost = (" " + _("({count} checks, {points} points)").format(
        count=count, points=_points(block.points_lost)) if count > 1 else "")
    css = "mistake" if block.mistake else "difference"
    parts = [f'<div class="check"><h3 class="{css}">{escape(_capital(block.headline))}{escape(lost)}</h3>']
    for entry in block.entries:
        parts.append(f"<h4>{escape(entry.title)}</h4>")
        parts += [f"<p>{escape(line)}</p>" for line in entry.lines]
        if entry.values:
            parts.append(f"<pre>{escape(chr(10).join(entry.values))}</pre>")
        example = entry.counterexample
        if example is not None:
            parts.append(f'<div class="counterexample"><h4>{escape(_("Smallest failing input"))}</h4>'
                         + _values([(_("input"), example.call), (_("expected"), example.expected),
                                    (_("actual"), example.actual)]) + "</div>")
    if block.hint:
        parts.append(f'<p class="hint">{escape(_("Hint"))}: {escape(block.hint)}</p>')
    if block.why:
        parts.append(f"<p>{escape(block.why)}</p>")
    return "".join(parts) + "</div>"


def _values(rows: list[tuple[str, str]]) -> str:
    shown = "".join(f"<dt>{escape(label)}</dt><dd><pre>{escape(translated(value))}</pre></dd>"
                    for label, value in rows if value)
    return f"<dl>{shown}</dl>" if shown else ""
