"""What a student reads: the results table with, under it, every failure in plain words."""
from __future__ import annotations

import json

from autograder.feedback.explain import (
    function_blocks,
    import_failure_lines,
    import_failures,
    only_import_failures,
)
from autograder.results import FunctionResult, GradingResult

__all__ = ["function_status", "render_json", "render_markdown", "render_table"]


def function_status(function: FunctionResult) -> str:
    """One function's status in a few words, naming its likely mistake when one is recognised."""
    if function.passed:
        return "ok"
    if function.status == "not implemented":
        return function.status
    if only_import_failures(function):
        return "its module could not be imported"
    failed = sum(not c.passed for c in function.checks)
    status = f"{failed} of {len(function.checks)} checks failed"
    title = next((c.failure.mistake_title for c in function.checks
                  if c.failure is not None and c.failure.mistake_title), "")
    return f"{status}; likely mistake: {title}" if title else status


_status = function_status


def _points(value: float) -> str:
    return f"{value:g}"


def render_table(result: GradingResult, *, show_hidden_details: bool = True) -> str:
    """The terminal view: one row per function, then the failures with input, values and hint."""
    width = max(len(name) for name in result.functions) + 2
    lines = [f"{'function':<{width}}{'points':>9}   status", "-" * (width + 40)]
    for name, function in result.functions.items():
        points = f"{_points(function.score)} / {_points(function.max_score)}"
        lines.append(f"{name:<{width}}{points:>9}   {_status(function)}")
    lines.append("-" * (width + 40))
    lines.append(f"{'total':<{width}}{_points(result.total) + ' / ' + _points(result.max_total):>9}")
    if not result.hidden_checks_run:
        lines.append("(public checks only: hidden checks with random inputs run when your work is graded)")
    details = _failure_details(result, show_hidden_details)
    if details:
        lines += ["", *details]
    return "\n".join(lines)


def _failure_details(result: GradingResult, show_hidden_details: bool) -> list[str]:
    """Each module that could not be imported once, then each function's failures, one block
    per cause (autograder.feedback.explain decides what each says)."""
    lines: list[str] = []
    for entry in import_failures(result):
        lines += [*import_failure_lines(entry, result), ""]
    for name, function in result.functions.items():
        if function.passed or only_import_failures(function):
            continue
        if function.status == "not implemented":
            lines.append(f"{name}: not implemented yet (it still raises NotImplementedError).")
            continue
        lines.append(f"{name}: {_status(function)}")
        for block in function_blocks(function, show_hidden_details=show_hidden_details):
            count = len(block.checks)
            lines.append(f"  - {block.headline}"
                         + (f" ({count} checks, {_points(block.points_lost)} points)" if count > 1 else ""))
            lines += ["    " + line for line in block.details]
            if block.hint:
                lines.append(f"    hint: {block.hint}")
            if block.why:
                lines.append(f"    why: {block.why}")
        lines.append("")
    return lines


def render_json(result: GradingResult) -> str:
    return json.dumps(result.to_dict(), indent=2, allow_nan=False, default=str)


def render_markdown(result: GradingResult, *, show_hidden_details: bool = False) -> str:
    """Feedback for one student as Markdown: the same table and hints as `autograder check`."""
    rows = ["| function | points | status |", "|---|---:|---|"]
    for name, function in result.functions.items():
        rows.append(f"| `{name}` | {_points(function.score)} / {_points(function.max_score)} | "
                    f"{_status(function)} |")
    rows.append(f"| **total** | **{_points(result.total)} / {_points(result.max_total)}** | |")
    details = _failure_details(result, show_hidden_details)
    body = "\n".join(rows)
    if details:
        body += "\n\n## What to fix\n\n```text\n" + "\n".join(details).rstrip() + "\n```\n"
    return "# Autograder feedback\n\n" + body + "\n"
