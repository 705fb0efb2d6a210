"""Progress of a grading run: a bar on a terminal, plain lines otherwise, and the closing summary."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from autograder.i18n import _, translated
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
        line = (f"\r{_('grading')} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
                f"  {rate:5.1f}/s  " + _("{seconds} s left").format(seconds=f"{left:4.0f}")
                + f"  {printable(student)[:20]:<20}")
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
    lines = [_("graded {graded} of {students} students in {seconds} s ({jobs} jobs)").format(
                 graded=summary["graded"], students=summary["students"], seconds=f"{summary['seconds']:.1f}",
                 jobs=summary["jobs"]),
             _("isolation: {isolation}").format(isolation=summary["isolation"])]
    if summary.get("secret"):
        lines.append(_("hidden checks' inputs: drawn with the secret in {source}; keep it unchanged to "
                       "reproduce these grades (another secret re-grades everyone)").format(
                           source=printable(summary["secret"])))
    if summary["graded"]:
        lines.append(_("mean {mean}, median {median} (out of {total})").format(
            mean=f"{summary['mean']:g}", median=f"{summary['median']:g}", total=f"{summary['max_total']:g}"))
        lines.append(_("full marks per function:"))
        for function, rate in summary["pass_rates"].items():
            lines.append(f"  {function:<22}{100 * rate:5.0f} %")
    if summary["mistakes"]:
        common = ", ".join(f"{m['id']} ({m['students']})" for m in summary["mistakes"][:5])
        lines.append(_("most common mistakes: {mistakes}").format(mistakes=common))
    if summary["problems"]:
        lines.append(_("{count} not graded:").format(count=len(summary["problems"])))
        lines += [f"  {printable(p['student'])}: {printable(translated(p['message']))}"
                  for p in summary["problems"][:10]]
        if len(summary["problems"]) > 10:
            more = len(summary["problems"]) - 10
            lines.append("  " + _("... and {count} more (summary.json)").format(count=more))
    files = "report.html, grades.csv, summary.json, <student>/feedback.html, feedback.md, results.json"
    lines.append(_("results in {folder}: {files}").format(folder=out, files=files))
    return "\n".join(lines)
