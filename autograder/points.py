"""What a student's points are out of when only the public checks ran.

The student bundle has the public checks only, so its totals (83) are not the grade's (100).
Every output of the bundle says so with the same sentence, its numbers from the rubric: the
points of the hidden checks per function are summed from the rubric where it has them, and read
from its `[hidden_points]` table in the bundle's rubric, which keeps their points and nothing else.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from autograder.i18n import _, ngettext
from autograder.kit import current_assignment, load_rubric

__all__ = ["PointsNote", "hidden_points", "points_note"]

HIDDEN_POINTS_TABLE = "hidden_points"


def hidden_points(data_dir: Path | None = None) -> dict[str, float]:
    """Points of the hidden checks per function (0 for a function without hidden checks), of the
    assignment in `data_dir` (None: the one being graded)."""
    data_dir = data_dir or current_assignment().data_dir
    points: dict[str, float] = {}
    for check in load_rubric(data_dir):
        points.setdefault(check.function, 0.0)
        if check.hidden:
            points[check.function] += check.points
    if any(points.values()):
        return points
    path = data_dir / "rubric.toml"
    if path.is_file():
        with path.open("rb") as file:
            table = tomllib.load(file).get(HIDDEN_POINTS_TABLE, {})
        points |= {name: float(value) for name, value in table.items()}
    return points


class PointsNote:
    """The public points, the hidden ones still to come, and the sentence that says so."""

    def __init__(self, public: float, hidden: float) -> None:
        self.public = public
        self.hidden = hidden
        self.total = public + hidden

    def sentence(self) -> str:
        if not self.hidden:
            return _("public checks: {public} of {total}").format(
                public=f"{self.public:g}", total=f"{self.total:g}")
        return ngettext("public checks: {public} of {total}; {hidden} more comes from hidden checks "
                        "when your instructor grades",
                        "public checks: {public} of {total}; {hidden} more come from hidden checks "
                        "when your instructor grades", 1 if self.hidden == 1 else 2,
                        ).format(public=f"{self.public:g}", total=f"{self.total:g}",
                                 hidden=f"{self.hidden:g}")

    def to_dict(self) -> dict[str, float | str]:
        return {"public_points": self.public, "hidden_points": self.hidden,
                "total_points": self.total, "points_note": self.sentence()}


def points_note(functions: Iterable[str], public: float) -> PointsNote:
    """The note for a result of `functions` worth `public` points in its public checks."""
    hidden = hidden_points()
    return PointsNote(public, sum(hidden.get(name, 0.0) for name in functions))
