"""The instructor's report of a graded class: OUT/report.html from the files `autograder grade` writes.

It reads OUT/summary.json (score distribution, pass rates, mistakes, slowest submissions) and
OUT/<student>/results.json (Gradescope format: each student's score and, per test, the
recognised mistake), and writes one self-contained page: a histogram of the scores, the
per-function pass rates, the most common mistakes with how many students made each, the
slowest submissions, the submissions that could not be graded, and every student's score
with a link to their feedback page where there is one.
"""
from __future__ import annotations

import base64
import io
import json
import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autograder.diagnosis import titles as diagnosis_titles
from autograder.feedback.html import PAGE_STYLE
from autograder.feedback.plot_text import RIGHT, YOURS, font_context
from autograder.feedback.plot_text import plot_gettext as _p
from autograder.i18n import _, language, translated
from autograder.kit import load_exercises

__all__ = ["read_class", "write_class_report"]

TOP_MISTAKES = 15


def read_class(out_dir: Path) -> tuple[dict, dict[str, dict]]:
    """summary.json and every readable <student>/results.json of a grading run."""
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    students: dict[str, dict] = {}
    for path in sorted(out_dir.glob("*/results.json")):
        try:
            students[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return summary, students


def write_class_report(out_dir: Path, summary: dict | None = None,
                       scores: dict[str, tuple[float, float]] | None = None) -> Path:
    """Write OUT/report.html (atomically) and return its path.

    `autograder grade` hands over its summary and each graded student's (score, maximum), so
    the report lists exactly the students of grades.csv; without them, both are read from OUT.
    """
    out_dir = Path(out_dir)
    if summary is None or scores is None:
        summary, students = read_class(out_dir)
    else:
        students = {student: {"score": score, "extra_data": {"max_score": top}}
                    for student, (score, top) in scores.items()}
    mistakes = summary.get("mistakes") or _mistakes_from_results(students)
    graded = summary.get("graded", len(students))
    distribution = summary.get("score_distribution", [])
    rates = summary.get("pass_rates", {})
    body = [
        f"<h1>{escape(_('Class report'))}</h1>",
        _overview(summary, graded),
        f"<h2>{escape(_('Score distribution'))}</h2>",
        _figure(_histogram_png(distribution), _histogram_alt(distribution)),
        _as_details(_distribution_table(distribution)),
        f"<h2>{escape(_('Pass rate per function'))}</h2>",
        _figure(_pass_rates_png(rates), _pass_rates_alt(rates)),
        _as_details(_pass_rates_table(rates)),
        f"<h2>{escape(_('Most common mistakes'))}</h2>",
        _mistakes_table(mistakes, graded),
        f"<h2>{escape(_('Slowest submissions'))}</h2>",
        _table([_("student"), _("seconds of the public checks")],
               [[_student_link(out_dir, s["student"]), f"{s['seconds']:.3g}"]
                for s in summary.get("slowest", [])]),
        _problems(summary.get("problems", [])),
        f"<h2>{escape(_('Every student'))}</h2>",
        _students_table(out_dir, students),
    ]
    page = (f"<!DOCTYPE html>\n<html lang=\"{language()}\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(_('Class report'))}</title><style>{PAGE_STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
    path = out_dir / "report.html"
    partial = out_dir / f".report.html.{os.getpid()}.tmp"
    try:
        partial.write_text(page, encoding="utf-8", errors="backslashreplace")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _mistakes_from_results(students: dict[str, dict]) -> list[dict]:
    titles = diagnosis_titles()  # the catalogue's and the generated mutants', translated where shown
    counts: dict[tuple[str, str], int] = {}
    for data in students.values():
        seen = {(mistake, t.get("extra_data", {}).get("function", ""))
                for t in data.get("tests", []) if (mistake := _mistake(t))}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    return [{"id": mid, "function": function, "title": titles.get(mid, mid), "students": n}
            for (mid, function), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _mistake(test: dict) -> str | None:
    extra = test.get("extra_data")
    return (extra.get("mistake") if isinstance(extra, dict) else None) or test.get("mistake")


def _number(value: Any) -> str:
    return "–" if value is None else f"{value:g}" if isinstance(value, (int, float)) else escape(str(value))


def _overview(summary: dict, graded: int) -> str:
    rows = [[_("submissions"), _number(summary.get("students"))], [_("graded"), _number(graded)],
            [_("could not be graded"), _number(len(summary.get("problems", [])))],
            [_("mean"), _number(summary.get("mean"))], [_("median"), _number(summary.get("median"))],
            [_("out of"), _number(summary.get("max_total"))],
            [_("grading time (s)"), _number(summary.get("seconds"))],
            [_("isolation"), _number(summary.get("isolation") or None)],
            [_("workers"), _number(summary.get("jobs"))]]
    return _table([_("what"), _("value")], [[escape(name), value] for name, value in rows])


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A table; cells are already escaped HTML."""
    if not rows:
        return f"<p>{escape(_('none'))}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _as_details(table: str) -> str:
    return f"<details><summary>{escape(_('as a table'))}</summary>{table}</details>"


def _distribution_table(distribution: list[dict]) -> str:
    return _table([_("score (%)"), _("students")],
                  [[escape(str(d["range"])), _number(d["students"])] for d in distribution])


def _pass_rates_table(rates: dict) -> str:
    order = [e.function for e in load_exercises()]
    names = [f for f in order if f in rates] + [f for f in rates if f not in order]
    return _table([_("function"), _("full marks")],
                  [[f"<code>{escape(f)}</code>", "–" if rates[f] is None else f"{100 * rates[f]:.0f}%"]
                   for f in names])


def _mistakes_table(mistakes: list[dict], graded: int) -> str:
    rows = []
    for m in mistakes[:TOP_MISTAKES]:
        share = f" ({100 * m['students'] / graded:.0f}%)" if graded else ""
        title = translated(str(m.get("title") or m["id"]))
        rows.append([escape(title), f"<code>{escape(str(m['function']))}</code>",
                     f"{_number(m['students'])}{share}"])
    return _table([_("mistake"), _("function"), _("students")], rows)


def _problems(problems: list[dict]) -> str:
    if not problems:
        return ""
    rows = [[escape(str(p.get("student", ""))), escape(translated(str(p.get("message", ""))))]
            for p in problems]
    return f"<h2>{escape(_('Could not be graded'))}</h2>" + _table([_("student"), _("why")], rows)


def _student_link(out_dir: Path, student: str) -> str:
    name = escape(student)
    if (out_dir / student / "feedback.html").is_file():
        return f'<a href="{escape(quote(student))}/feedback.html">{name}</a>'
    return name


def _students_table(out_dir: Path, students: dict[str, dict]) -> str:
    rows = []
    for student, data in sorted(students.items()):
        top = data.get("extra_data", {}).get("max_score")
        if top is None:
            top = sum(float(t.get("max_score", 0)) for t in data.get("tests", []))
        rows.append([_student_link(out_dir, student), f"{_number(data.get('score'))} / {_number(top)}"])
    return _table([_("student"), _("score")], rows)


def _figure(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    return f'<figure><img src="{uri}" alt="{escape(alt)}"></figure>'


def _histogram_alt(distribution: list[dict]) -> str:
    counts = "; ".join(_("{range} %: {students}").format(range=d["range"], students=d["students"])
                       for d in distribution)
    return _("Bar chart of the number of students per score range (% of the maximum): {counts}.").format(
        counts=counts)


def _pass_rates_alt(rates: dict) -> str:
    shown = "; ".join(f"{name}: {100 * rate:.0f}%" for name, rate in rates.items() if rate is not None)
    return _("Bar chart of the share of students with full marks, per function: {rates}.").format(
        rates=shown)


def _axes(width: float, height: float) -> tuple[Any, Any] | None:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=90)
    return figure, figure.add_subplot()


def _png(figure: Any) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@font_context()  # the labels take their font when they are made
def _histogram_png(distribution: list[dict]) -> bytes | None:
    drawn = _axes(6.5, 3.2) if distribution else None
    if drawn is None:
        return None
    figure, axes = drawn
    labels = [str(d["range"]) for d in distribution]
    counts = [d["students"] for d in distribution]
    bars = axes.bar(range(len(counts)), counts, color=RIGHT)
    axes.bar_label(bars, fontsize=8)
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlabel(_p("score (% of the maximum)"))
    axes.set_ylabel(_p("students"))
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(figure)


@font_context()
def _pass_rates_png(rates: dict) -> bytes | None:
    shown = [(f, r) for f, r in rates.items() if r is not None]
    drawn = _axes(6.5, 0.3 * len(shown) + 1.0) if shown else None
    if drawn is None:
        return None
    figure, axes = drawn
    names = [f for f, _ in shown][::-1]
    values = [100 * r for _, r in shown][::-1]
    colors = [RIGHT if v >= 80 else "#E69F00" if v >= 50 else YOURS for v in values]  # Okabe-Ito
    bars = axes.barh(names, values, color=colors)
    axes.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8, padding=2)
    axes.set_xlim(0, 110)
    axes.set_xlabel(_p("students with full marks (%)"))
    axes.tick_params(axis="y", labelsize=8)
    return _png(figure)
