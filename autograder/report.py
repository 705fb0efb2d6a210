"""What a student reads: the results table with, under it, every failure in plain words."""
from __future__ import annotations

import json

from autograder.feedback.explain import (
    function_blocks,
    import_failure_lines,
    import_failures,
    only_import_failures,
)
from autograder.i18n import N_, _, pad, translated
from autograder.points import points_note
from autograder.results import FunctionResult, GradingResult

__all__ = ["function_status", "render_json", "render_markdown", "render_table"]


def function_status(function: FunctionResult) -> str:
    """One function's status in a few words, naming its likely mistake when one is recognised."""
    if function.passed:
        return _("ok")
    if function.status == "not implemented":
        return _(function.status)
    if only_import_failures(function):  # the cause, where one is recognised, as for any failure
        status = _("its module could not be imported")
    else:
        failed = sum(not c.passed for c in function.checks)
        status = _("{failed} of {total} checks failed").format(failed=failed,
                                                              total=len(function.checks))
    title = next((c.failure.mistake_title for c in function.checks
                  if c.failure is not None and c.failure.mistake_title), "")
    if not title:
        return status
    return _("{status}; likely mistake: {title}").format(status=status, title=translated(title))


_status = function_status
N_("not implemented")  # a function's status, shown translated


def _points(value: float) -> str:
    return f"{value:g}"


def render_table(result: GradingResult, *, show_hidden_details: bool = True) -> str:
    """The terminal view: one row per function, then the failures with input, values and hint."""
    width = max(len(name) for name in result.functions) + 2
    header = f"{pad(_('function'), width)}{pad(_('points'), 9, right=True)}   {_('status')}"
    lines = [header, "-" * (width + 40)]
    for name, function in result.functions.items():
        points = f"{_points(function.score)} / {_points(function.max_score)}"
        lines.append(f"{name:<{width}}{points:>9}   {_status(function)}")
    lines.append("-" * (width + 40))
    lines.append(f"{pad(_('total'), width)}{_points(result.total) + ' / ' + _points(result.max_total):>9}")
    if not result.hidden_checks_run:
        lines.append(f"({points_note(result.functions, result.max_total).sentence()})")
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
            lines.append(_("{function}: not implemented yet (it still raises NotImplementedError).").format(
                function=name))
            continue
        lines.append(f"{name}: {_status(function)}")
        for block in function_blocks(function, show_hidden_details=show_hidden_details):
            count = len(block.checks)
            lines.append(f"  - {block.headline}"
                         + (" " + _("({count} checks, {points} points)").format(
                             count=count, points=_points(block.points_lost)) if count > 1 else ""))
            lines += ["    " + line for line in block.details]
            if block.hint:
                lines.append(f"    {_('hint')}: {block.hint}")
            if block.why:
                lines.append(f"    {_('why')}: {block.why}")
        lines.append("")
    return lines


def render_json(result: GradingResult) -> str:
    data = result.to_dict()
    if not result.hidden_checks_run:  # what the public points are out of
        data |= points_note(result.functions, result.max_total).to_dict()
    return json.dumps(data, indent=2, allow_nan=False, default=str)


def render_markdown(result: GradingResult, *, show_hidden_details: bool = False) -> str:
    """Feedback for one student as Markdown: the same table and hints as `autograder check`."""
    rows = [f"| {_('function')} | {_('points')} | {_('status')} |", "|---|---:|---|"]
    for name, function in result.functions.items():
        rows.append(f"| `{name}` | {_points(function.score)} / {_points(function.max_score)} | "
                    f"{_status(function)} |")
    rows.append(f"| **{_('total')}** | **{_points(result.total)} / {_points(result.max_total)}** | |")
    details = _failure_details(result, show_hidden_details)
    body = "\n".join(rows)
    if details:
        body += f"\n\n## {_('What to fix')}\n\n```text\n" + "\n".join(details).rstrip() + "\n```\n"
    return f"# {_('Autograder feedback')}\n\n" + body + "\n"
