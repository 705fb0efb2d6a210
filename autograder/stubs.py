"""Student stubs from the reference: every solution region becomes `raise NotImplementedError`.

The markers are nbgrader's: the lines between `### BEGIN SOLUTION` and `### END SOLUTION` are
replaced by `# YOUR CODE HERE` and `raise NotImplementedError()`, at the same indentation.
Docstrings, imports and signatures stay as the reference has them.
"""
from __future__ import annotations

import re
from pathlib import Path

from autograder.i18n import N_, _
from autograder.kit import assignment as find_assignment

__all__ = ["make_stub", "write_stubs"]

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
# One line, spoken to the student who edits this very file (the drift test skips it).
HEADER = N_("# Write your code where it says YOUR CODE HERE, then run `autograder check` "
            "(or check() in the notebook).")


def make_stub(source: str) -> str:
    """The student version of one reference module."""
    lines, inside = [], False
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise ValueError(f"line {number}: BEGIN SOLUTION inside a solution region")
            indent, inside = begin.group(1), True
            lines += [f"{indent}# YOUR CODE HERE\n", f"{indent}raise NotImplementedError()\n"]
        elif END.match(line):
            if not inside:
                raise ValueError(f"line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ValueError("a solution region is not closed by ### END SOLUTION")
    return "".join(lines)


def write_stubs(destination: Path, solutions: Path | None = None,
                assignment: str | None = None) -> list[Path]:
    """Write the stubs of every module of the assignment (`basics` by default) into
    `destination`; return the files written."""
    chosen = find_assignment(assignment)
    solutions = solutions or chosen.solutions_dir
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for name in chosen.modules:
        source = (solutions / f"{name}.py").read_text(encoding="utf-8")
        target = destination / f"{name}.py"
        target.write_text(_(HEADER) + "\n" + make_stub(source), encoding="utf-8")
        written.append(target)
    return written
