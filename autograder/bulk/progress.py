"""Progress of a grading run: a bar on a terminal, plain lines otherwise, and the closing summary."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from autograder.terminal import printable

__all__ = ["Progress", "render_summary"]


class Progress:
    """Reports each finished submission on `stream` (stderr by default)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty()
        self.started = time.monotonic()
        self.shown = 0.0

    def note(self, text: str) -> None:
        self._clear()
        print(printable(text), file=self.stream, flush=True)

    def advance(self, student: str, outcome: str) -> None:
        self.done += 1
        if not self.bar:
            print(f"[{self.done}/{self.total}] {printable(student)}: {printable(outcome)}",
                  file=self.stream, flush=True)
            return
        now = time.monotonic()
        if now - self.shown < 0.1 and self.done < self.total:
            return
        self.shown = now
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        filled = int(30 * self.done / self.total) if self.total else 30
        line = (f"\rgrading [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
                f"  {rate:5.1f}/s  {left:4.0f} s left  {printable(student)[:20]:<20}")
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self.bar and self.done:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


def render_summary(summary: dict, out: str) -> str:
    """The one-screen summary printed at the end of `autograder grade` and `autograder merge`."""
    lines = [f"graded {summary['graded']} of {summary['students']} students in "
             f"{summary['seconds']:.1f} s ({summary['jobs']} jobs)",
             f"isolation: {summary['isolation']}"]
    if summary["graded"]:
        lines.append(f"mean {summary['mean']:g}, median {summary['median']:g} "
                     f"(out of {summary['max_total']:g})")
        lines.append("full marks per function:")
        for function, rate in summary["pass_rates"].items():
            lines.append(f"  {function:<22}{100 * rate:5.0f} %")
    if summary["mistakes"]:
        common = ", ".join(f"{m['id']} ({m['students']})" for m in summary["mistakes"][:5])
        lines.append(f"most common mistakes: {common}")
    if summary["problems"]:
        lines.append(f"{len(summary['problems'])} not graded:")
        lines += [f"  {printable(p['student'])}: {printable(p['message'])}"
                  for p in summary["problems"][:10]]
        if len(summary["problems"]) > 10:
            lines.append(f"  ... and {len(summary['problems']) - 10} more (summary.json)")
    lines.append(f"results in {out}: report.html, grades.csv, summary.json, "
                 "<student>/feedback.html, feedback.md, results.json")
    return "\n".join(lines)
