"""Feedback that teaches: what a student reads, plots, a student page and a class report.

`difference` (a difference in plain, neutral words) and `explain` (what a student reads about a
failed check, grouped by cause, for every front door) need only NumPy and run while grading;
`plots`, `html` and `class_report` draw with matplotlib and are imported only when a page is
written. Minimal counterexamples are shrunk beside the checks (autograder.checks.shrink).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograder.results import GradingResult

__all__ = ["render_feedback_html", "write_class_report", "write_feedback_html",
           "write_student_feedback"]


def render_feedback_html(result: GradingResult, **options: Any) -> str:
    from autograder.feedback.html import render_feedback_html as render

    return render(result, **options)


def write_feedback_html(result: GradingResult, path: Path, **options: Any) -> Path:
    from autograder.feedback.html import write_feedback_html as write

    return write(result, path, **options)


def write_student_feedback(result: GradingResult, student_dir: Path, **options: Any) -> Path:
    from autograder.feedback.html import write_student_feedback as write

    return write(result, student_dir, **options)


def write_class_report(out_dir: Path) -> Path:
    from autograder.feedback.class_report import write_class_report as write

    return write(out_dir)
