"""What a student reads: the results table with, under it, every failure in plain words."""
from __future__ import annotations

import json

from autograder.results import FunctionResult, GradingResult

__all__ = ["render_json", "render_markdown", "render_table"]


def _status(function: FunctionResult) -> str:
    if function.passed:
        return "ok"
    failed = sum(not c.passed for c in function.checks)
    return function.status if function.status == "not implemented" else (
        f"{failed} of {len(function.checks)} checks failed")


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
    lines: list[str] = []
    for name, function in result.functions.items():
        if function.passed:
            continue
        if function.status == "not implemented":
            lines.append(f"{name}: not implemented yet (it still raises NotImplementedError).")
            continue
        lines.append(f"{name}: {_status(function)}")
        for check in function.checks:
            if check.passed:
                continue
            lines.append(f"  FAILED {check.name} ({_points(check.score)}/{_points(check.max_score)})")
            if check.visibility == "hidden" and not show_hidden_details:
                lines.append("    a hidden check with random inputs failed; the public checks "
                             "above show the kind of input to test")
                continue
            lines += ["    " + line for line in check.failure.describe().splitlines()]
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
